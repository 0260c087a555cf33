@testable import CaloValidation
import _TestSupport
import Foundation
import XCTest

/// Metrics on known distributions, with tolerances from the sample sizes.
final class MetricTests: XCTestCase {
    func gaussian(_ n: Int, mean: Double = 0, seed: UInt64) -> [Float] {
        var rng = TestRNG(seed: seed)
        return (0..<n).map { _ in
            let u = max(1e-12, Double(rng.float(0, 1))), v = Double(rng.float(0, 1))
            return Float(mean + (-2 * log(u)).squareRoot() * cos(2 * .pi * v))
        }
    }

    func testIdenticalDistributionsGiveTheStatisticalFloor() {
        let n = 20_000
        let a = gaussian(n, seed: 1), b = gaussian(n, seed: 2)
        let h = HistogramComparison(key: "x", title: "x", axisLabel: "x", figure: "x", layer: nil, grade: .strict,
                                    reference: a, generated: b, bins: 40)
        // S of independent samples scatters around its floor with a relative spread of about
        // sqrt(2 / (bins - 1)) (a chi-square with bins - 1 degrees of freedom).
        let floor = h.separationFloor
        let spread = floor * (2.0 / 39).squareRoot()
        XCTAssert(abs(h.separationPower - floor) < 4 * spread,
                  "S = \(h.separationPower), floor \(floor), off by \((h.separationPower - floor) / spread) spreads")
        XCTAssert(abs(h.chiSquare.reduced - 1) < 4 * (2.0 / Double(h.chiSquare.ndf)).squareRoot(),
                  "chi2/NDF = \(h.chiSquare.reduced) with NDF \(h.chiSquare.ndf)")
        // W1 of two samples of N(0,1): about sqrt(2/(pi n)) * 0.8; certainly below 0.05.
        XCTAssert(h.wasserstein < 0.05, "W1 = \(h.wasserstein)")
    }

    func testShiftedGaussianGivesTheExpectedSeparationPower() {
        let n = 40_000, shift = 0.5
        let a = gaussian(n, seed: 3), b = gaussian(n, mean: shift, seed: 4)
        // Continuum answer: S = 1/2 integral (p - q)^2 / (p + q) dx for N(0,1) and N(0.5,1).
        var expected = 0.0
        let dx = 1e-3
        for i in stride(from: -8.0, to: 8.5, by: dx) {
            let p = exp(-0.5 * i * i) / (2 * .pi).squareRoot()
            let q = exp(-0.5 * (i - shift) * (i - shift)) / (2 * .pi).squareRoot()
            expected += 0.5 * (p - q) * (p - q) / (p + q) * dx
        }
        let h = HistogramComparison(key: "x", title: "x", axisLabel: "x", figure: "x", layer: nil, grade: .strict,
                                    reference: a, generated: b, bins: 50)
        // The histogram estimate carries the statistical floor plus a few per cent of binning loss.
        let tolerance = 3 * h.separationFloor + 0.05 * expected
        XCTAssert(abs(h.separationPower - expected) < tolerance,
                  "S = \(h.separationPower), expected \(expected), off by \(h.separationPower - expected) (tolerance \(tolerance))")
        // Small shifts: S ~ d^2/4 * (Fisher information = 1 for a unit Gaussian).
        XCTAssertEqual(expected, shift * shift / 4, accuracy: 0.1 * shift * shift / 4, "continuum S of a 0.5 sigma shift")
    }

    func testSeparationPowerLimits() {
        XCTAssertEqual(SeparationPower.of([0.5, 0.5, 0, 0], [0, 0, 0.5, 0.5]), 1, accuracy: 1e-15)
        XCTAssertEqual(SeparationPower.of([0.25, 0.75], [0.25, 0.75]), 0)
    }

    func testWassersteinOfAShiftIsTheShift() {
        let a = gaussian(5000, seed: 5)
        let b = a.map { $0 + 0.75 }
        XCTAssertEqual(Wasserstein.distance(a, b), 0.75, accuracy: 1e-5)
        XCTAssertEqual(Wasserstein.distance(a, a), 0, accuracy: 1e-12)
        // Two point masses: W1 = |x - y|, and samples of different sizes.
        XCTAssertEqual(Wasserstein.distance([1, 1, 1], [3, 3]), 2, accuracy: 1e-12)
        XCTAssertEqual(Wasserstein.distance([0, 1], [0, 0, 1, 1]), 0, accuracy: 1e-12)
        XCTAssertEqual(Wasserstein.distance([0, 1, .nan], [0.5]), 0.5, accuracy: 1e-12)
    }

    func testBinningClampsAndHandlesDiscreteValues() {
        let b = Binning.uniform(lo: 0, hi: 10, bins: 10)
        XCTAssertEqual(b.index(of: -5), 0)
        XCTAssertEqual(b.index(of: 99), 9)
        XCTAssertEqual(b.index(of: 3), 3)
        XCTAssertNil(b.index(of: .nan))
        // Fractions k/72: every bin must hold the same number of possible values.
        let values: [Float] = (0..<1000).map { Float($0 % 30) / 72 }
        let q = Binning.automatic(reference: values, generated: values, bins: 12, quantum: 1.0 / 72)
        for e in q.edges {
            let k = e * 72
            XCTAssertEqual(k - k.rounded(.down), 0.5, accuracy: 1e-9, "edge \(e) is not between two multiples of 1/72")
        }
        // Energies over four decades get logarithmic bins.
        let wide: [Float] = (1...1000).map { Float($0 * $0) / 100 }
        XCTAssert(Binning.automatic(reference: wide, generated: wide, bins: 20).isLogarithmic)
    }

    func testROCOfKnownScores() {
        // Perfect separation, complete overlap, and one swapped pair.
        XCTAssertEqual(ROCCurve(scores: [0.1, 0.2, 0.8, 0.9], labels: [false, false, true, true]).auc, 1)
        XCTAssertEqual(ROCCurve(scores: [0.5, 0.5, 0.5, 0.5], labels: [false, true, false, true]).auc, 0.5)
        XCTAssertEqual(ROCCurve(scores: [0.1, 0.6, 0.5, 0.9], labels: [false, false, true, true]).auc, 0.75)
        let roc = ROCCurve(scores: [0.1, 0.6, 0.5, 0.9], labels: [false, false, true, true])
        XCTAssertEqual(roc.falsePositiveRate.first, 0)
        XCTAssertEqual(roc.truePositiveRate.last, 1)
    }

    func testResponseOfAScaledSample() {
        // Generated responses 2% high, resolution equal: the deviations must show it.
        let energies: [Float] = (0..<4000).map { [1000, 10_000, 50_000][$0 % 3] }
        var rng = TestRNG(seed: 9)
        let ref = energies.map { _ in 0.9 + 0.05 * rng.float(-1, 1) }
        let gen = ref.map { $0 * 1.02 }
        let r = ResponseComparison(reference: ResponseSample(incidentMeV: energies, responses: ref),
                                   generated: ResponseSample(incidentMeV: energies, responses: gen))
        XCTAssertEqual(r.bins.count, 3, "three distinct energies give three bins")
        for b in r.bins {
            XCTAssertEqual(b.responseDeviation, 0.02, accuracy: 1e-5)
            XCTAssertEqual(b.resolutionDeviation, 0, accuracy: 1e-5)
            XCTAssertEqual(b.referenceResponse, 0.9, accuracy: 4 * b.referenceResponseError)
        }
        XCTAssertEqual(r.referenceLinearity.slope, 0.9, accuracy: 0.005)
        XCTAssertEqual(r.generatedLinearity.slope / r.referenceLinearity.slope, 1.02, accuracy: 1e-4)
    }

    /// The core resolution is sigma/mean for a Gaussian response, and stays there when 0.2 % of
    /// the showers leak 30 sigma more, while the rms resolution grows (the calogan situation).
    func testCoreResolutionIgnoresRareLeakers() {
        let n = 20_000
        let clean = gaussian(n, seed: 12).map { 0.9965 + 0.001 * $0 }
        var tailed = clean
        for i in stride(from: 0, to: n, by: 500) { tailed[i] -= 0.03 }  // 40 of 20,000 leak 3 % more
        let core = ResponseComparison.coreResolution(clean).value, coreTailed = ResponseComparison.coreResolution(tailed).value
        // Error of the IQR estimate of sigma: ~1.166 sigma / sqrt(n) (0.8 % here); 4 sigma.
        XCTAssertEqual(core, 0.001 / 0.9965, accuracy: 4 * 1.166 * 0.001 / 0.9965 / Double(n).squareRoot())
        XCTAssertEqual(coreTailed / core, 1, accuracy: 0.01)
        let r = ResponseComparison(reference: ResponseSample(incidentMeV: [Float](repeating: 5000, count: n), responses: clean),
                                   generated: ResponseSample(incidentMeV: [Float](repeating: 5000, count: n), responses: tailed))
        XCTAssertGreaterThan(r.bins[0].resolutionDeviation, 0.5, "40 leakers at 30 sigma inflate the rms (by ~1.7x)")
        XCTAssertEqual(r.bins[0].generatedCoreResolution / r.bins[0].referenceCoreResolution, 1, accuracy: 0.01)
        XCTAssertTrue(ResponseComparison.coreResolution([1, 2, 3]).value.isNaN)
    }

    /// The core resolution's error against the spread of its estimates over 400 Gaussian samples
    /// of 2,000 (expected 1.166 / sqrt(n) of the value): their ratio within 15 % (the spread of 400
    /// estimates is known to 3.5 %, each error to a few per cent).
    func testCoreResolutionErrorMatchesTheSpreadOfEstimates() {
        let n = 2000, trials = 400
        var values = [Double](), errors = [Double]()
        for t in 0..<trials {
            let r = ResponseComparison.coreResolution(gaussian(n, seed: UInt64(100 + t)).map { 0.9965 + 0.001 * $0 })
            values.append(r.value)
            errors.append(r.error)
        }
        let mean = values.reduce(0, +) / Double(trials)
        let spread = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(trials - 1)).squareRoot()
        let error = errors.reduce(0, +) / Double(trials)
        print(String(format: "core resolution: mean error %.3g, spread of estimates %.3g (ratio %.3f)", error, spread, error / spread))
        XCTAssertEqual(error / spread, 1, accuracy: 0.15, "error \(error), spread \(spread)")
        XCTAssertEqual(spread / mean, 1.166 / Double(n).squareRoot(), accuracy: 0.15 * 1.166 / Double(n).squareRoot())
    }
}
