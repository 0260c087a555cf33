@testable import CaloGAN
import Foundation
import XCTest
import _TestSupport

/// The response calibration as a function: quantile mapping checked against distributions with
/// known answers.
final class ResponseCalibrationTests: XCTestCase {
    private let provenance = ResponseCalibration.Provenance(baseModelId: "test", weightsFingerprint: "0", referenceData: "synthetic",
                                                            referenceShowers: 0, generatedPerShower: 1, seed: 0)

    /// Standard normal by Box-Muller from the test generator.
    private func gaussian(_ rng: inout TestRNG) -> Double {
        let u1 = (Double(rng.next() >> 11) + 1) * 0x1p-53, u2 = Double(rng.next() >> 11) * 0x1p-53
        return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
    }

    /// Escaping fractions with ln(λ + λ0) ~ N(mean(E), width), E log-uniform in 1-100 GeV.
    private func sample(_ n: Int, seed: UInt64, mean: (Double) -> Double, width: Double) -> ResponseCalibration.Sample {
        var rng = TestRNG(seed: seed)
        var energies = [Double](), escapes = [Double]()
        for _ in 0..<n {
            let e = 1000 * Foundation.exp(Foundation.log(100) * Double(rng.next() >> 11) * 0x1p-53)
            energies.append(e)
            escapes.append(Foundation.exp(mean(e) + width * gaussian(&rng)) - ResponseCalibration.escapeOffset)
        }
        return ResponseCalibration.Sample(incidentMeV: energies, escape: escapes)
    }

    private let referenceMean: (Double) -> Double = { -5.0 - 0.25 * Foundation.log($0 / 1000) }
    private let generatorMean: (Double) -> Double = { -4.4 - 0.3 * Foundation.log($0 / 1000) }

    /// Fitted on a generator that equals the reference, the map is the identity, inside and
    /// outside the tabulated energies and probabilities.
    func testIdentityWhenBothSidesAgree() {
        let s = sample(3000, seed: 1, mean: referenceMean, width: 0.5)
        let c = ResponseCalibration(reference: s, generated: s, rows: 6, levels: 51, provenance: provenance)
        XCTAssertNil(c.check())
        var rng = TestRNG(seed: 2)
        for _ in 0..<500 {
            let e = 500 * Foundation.exp(Foundation.log(400) * Double(rng.next() >> 11) * 0x1p-53)
            let lambda = Foundation.exp(-9 + 7 * Double(rng.next() >> 11) * 0x1p-53)
            XCTAssertEqual(c.calibratedEscape(lambda, incidentMeV: e), lambda, accuracy: 1e-12 + 1e-9 * lambda)
        }
        XCTAssertEqual(c.calibratedEscape(0, incidentMeV: 5000), 0, accuracy: 1e-15)
    }

    /// A generator that is too narrow and shifted: after calibration, fresh generated showers
    /// follow the reference distribution. Mean and width of the standardised residual
    /// u = (ln(λ + λ0) - mean_ref(E)) / 0.5 are 0 and 1 within 3 sigma of the test sample and
    /// the reference the map was fitted on; the +2 sigma tail holds 2.275 % (binomial, 3 sigma).
    func testGeneratorDistributionIsMappedOntoReference() {
        let reference = sample(20_000, seed: 3, mean: referenceMean, width: 0.5)
        let generated = sample(60_000, seed: 4, mean: generatorMean, width: 0.3)
        let c = ResponseCalibration(reference: reference, generated: generated, rows: 16, levels: 201, provenance: provenance)
        let fresh = sample(20_000, seed: 5, mean: generatorMean, width: 0.3)
        let windows: [ClosedRange<Double>] = [1000...3000, 8000...20_000, 50_000...100_000]
        for window in windows {
            var u = [Double]()
            for i in 0..<fresh.count where window.contains(fresh.incidentMeV[i]) {
                let lambda = c.calibratedEscape(fresh.escape[i], incidentMeV: fresh.incidentMeV[i])
                u.append((Foundation.log(lambda + ResponseCalibration.escapeOffset) - referenceMean(fresh.incidentMeV[i])) / 0.5)
            }
            let n = Double(u.count), nRef = Double(reference.incidentMeV.filter { window.contains($0) }.count)
            let mean = u.reduce(0, +) / n
            let sd = (u.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
            XCTAssertLessThanOrEqual(abs(mean), 3 * (1 / n + 1 / nRef).squareRoot(), "mean in \(window)")
            XCTAssertLessThanOrEqual(abs(sd - 1), 3 * (1 / (2 * n) + 1 / (2 * nRef)).squareRoot(), "width in \(window)")
            let tail = Double(u.filter { $0 > 2 }.count) / n, p = 0.02275
            XCTAssertLessThanOrEqual(abs(tail - p), 3 * (p * (1 - p) * (1 / n + 1 / nRef)).squareRoot(), "tail in \(window)")
            // Without calibration the generator is visibly off (the test can fail).
            let raw = (0..<fresh.count).filter { window.contains(fresh.incidentMeV[$0]) }.map {
                (Foundation.log(fresh.escape[$0] + ResponseCalibration.escapeOffset) - referenceMean(fresh.incidentMeV[$0])) / 0.5
            }
            let rawMean = raw.reduce(0, +) / Double(raw.count)
            XCTAssertGreaterThan(abs(rawMean), 10 * (1 / n).squareRoot(), "the uncalibrated sample should be off in \(window)")
        }
    }

    /// Rank-preserving: at a fixed energy, more escape in gives more escape out.
    func testMonotone() {
        let c = ResponseCalibration(reference: sample(4000, seed: 6, mean: referenceMean, width: 0.5),
                                    generated: sample(4000, seed: 7, mean: generatorMean, width: 0.3),
                                    rows: 8, levels: 101, provenance: provenance)
        for e in [700.0, 1500, 20_000, 77_777, 150_000] {
            var previous = -1.0
            for k in 0...400 {
                let lambda = Foundation.exp(-12 + 0.03 * Double(k))
                let out = c.calibratedEscape(lambda, incidentMeV: e)
                XCTAssertGreaterThanOrEqual(out, previous, "E = \(e), λ = \(lambda)")
                XCTAssertTrue(out >= 0 && out < 1)
                previous = out
            }
        }
    }

    /// Beyond the reference's energies the map of the nearest end applies.
    func testExtrapolationHoldsTheEndMap() {
        let reference = sample(4000, seed: 8, mean: referenceMean, width: 0.5)
        let c = ResponseCalibration(reference: reference, generated: sample(4000, seed: 9, mean: generatorMean, width: 0.3),
                                    rows: 8, levels: 101, provenance: provenance)
        let low = reference.incidentMeV.min()!, high = reference.incidentMeV.max()!
        XCTAssertEqual(c.lnEnergyMinimum, Foundation.log(low))
        for lambda in [1e-5, 3e-3, 0.02, 0.2] {
            XCTAssertEqual(c.calibratedEscape(lambda, incidentMeV: 1e6), c.calibratedEscape(lambda, incidentMeV: high))
            XCTAssertEqual(c.calibratedEscape(lambda, incidentMeV: 100), c.calibratedEscape(lambda, incidentMeV: low))
            if lambda > 1e-3 {
                XCTAssertNotEqual(c.calibratedEscape(lambda, incidentMeV: high), c.calibratedEscape(lambda, incidentMeV: high / 2))
            }
        }
    }

    /// The quadratic trend recovers its coefficients; one energy only gives a constant.
    func testTrend() {
        let x = (0..<50).map { 7 + 0.1 * Double($0) }
        let t = ResponseCalibration.Trend.fit(lnE: x, y: x.map { 2 - 0.5 * $0 + 0.03 * $0 * $0 })
        for v in [6.5, 9.0, 12.0] { XCTAssertEqual(t(v), 2 - 0.5 * v + 0.03 * v * v, accuracy: 1e-9) }
        let flat = ResponseCalibration.Trend.fit(lnE: [9, 9, 9, 9], y: [1, 2, 3, 4])
        XCTAssertEqual(flat(5), 2.5, accuracy: 1e-12)
        XCTAssertEqual(ResponseCalibration.quantiles([4, 1, 3, 2], at: [0, 0.5, 1, 1.0 / 3]), [1, 2.5, 4, 2])
    }
}
