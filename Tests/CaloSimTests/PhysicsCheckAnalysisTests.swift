import CaloDetector
@testable import CaloPhysicsCheck
import CaloSupport
import Foundation
import XCTest

/// The physics-check analysis on synthetic data with known answers.
final class PhysicsCheckAnalysisTests: XCTestCase {
    /// Mean, rms and their errors against two-pass formulas and Gaussian expectations.
    func testRunningStatistics() {
        var g = Philox(seed: 3, stream: 0)
        let xs = (0..<20_000).map { _ in 1000 + 5 * Synthetic.normal(&g) }
        let s = RunningStatistics(xs)
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)
        XCTAssertEqual(s.mean, mean, accuracy: 1e-9 * mean)
        XCTAssertEqual(s.variance, variance, accuracy: 1e-9 * variance, "single-pass variance off by \(s.variance - variance)")
        XCTAssertEqual(s.errorOfMean, variance.squareRoot() / Double(xs.count).squareRoot(), accuracy: 1e-12)
        // Gaussian: err(rms) = sigma / sqrt(2(N-1)) to O(1/sqrt(N)) from the fourth moment.
        let gaussian = s.rms / (2 * Double(xs.count - 1)).squareRoot()
        XCTAssertEqual(s.errorOfRMS / gaussian, 1, accuracy: 0.05, "err(rms) \(s.errorOfRMS) vs Gaussian \(gaussian)")
        XCTAssertEqual(s.rms, 5, accuracy: 3 * s.errorOfRMS, "rms \(s.rms) vs 5")
    }

    /// Correlation of a bivariate normal with rho = 0.6 comes back within its error.
    func testCorrelation() {
        var g = Philox(seed: 4, stream: 0)
        var c = RunningCovariance()
        for _ in 0..<10_000 {
            let u = Synthetic.normal(&g), v = Synthetic.normal(&g)
            c.add(2 + 0.3 * u, -1 + 0.1 * (0.6 * u + 0.8 * v))
        }
        XCTAssertLessThan(abs(c.correlation - 0.6) / c.errorOfCorrelation, 3, "rho \(c.correlation) +- \(c.errorOfCorrelation) vs 0.6")
        XCTAssertEqual(c.x.rms, 0.3, accuracy: 3 * c.x.errorOfRMS)
    }

    /// The ratio-of-sums error matches the spread over independent samples.
    func testRatioEstimateError() {
        var spread = RunningStatistics(), quoted = RunningStatistics()
        for k in 0..<200 {
            var g = Philox(seed: 5, stream: UInt64(k))
            var xs: [Double] = [], ys: [Double] = []
            for _ in 0..<100 {
                let y = 1000 * (1 + 0.05 * Synthetic.normal(&g))
                xs.append(y * (0.17 + 0.01 * Synthetic.normal(&g))); ys.append(y)
            }
            let r = RatioEstimate(numerators: xs, denominators: ys)
            spread.add(r.value); quoted.add(r.error)
        }
        XCTAssertEqual(quoted.mean / spread.rms, 1, accuracy: 0.15, "quoted \(quoted.mean) vs observed spread \(spread.rms)")
        XCTAssertLessThan(abs(spread.mean - 0.17) / spread.errorOfMean, 3)
    }

    /// A weighted straight line and a quadratic come back exactly from exact data.
    func testLinearFitExact() throws {
        let xs = [1.0, 2, 3, 5, 8]
        let fit = try XCTUnwrap(LinearFit(design: xs.map { [1, $0, $0 * $0] }, values: xs.map { 2 - 0.5 * $0 + 0.25 * $0 * $0 },
                                          weights: xs.map { 1 / $0 }))
        for (p, e) in zip(fit.parameters, [2, -0.5, 0.25]) { XCTAssertEqual(p, e, accuracy: 1e-10) }
        XCTAssertNil(LinearFit(design: [[1, 1], [2, 2]], values: [1, 2]), "singular design must give nil")
    }

    /// t_max of an exact gamma profile integrated over 0.385 X0 layers, as in `profile`.
    func testProfilePeakOfGammaProfile() throws {
        let width = 6.0 / PhysicsReference.radiationLengthMM
        for (a, b) in [(2.5, 0.44), (4.05, 0.5), (5.2, 0.5)] {
            let profile = Synthetic.gammaProfile(a: a, b: b, energy: 1000, layers: 80, width: width)
            let depths = (0..<80).map { (Double($0) + 0.5) * width }
            let fit = try XCTUnwrap(ProfilePeakFit(energies: profile, depths: depths))
            let expected = (a - 1) / b
            XCTAssertEqual(fit.tMax, expected, accuracy: 0.01, "a=\(a) b=\(b): t_max \(fit.tMax) vs \(expected)")
            XCTAssertEqual(fit.b, b, accuracy: 0.01 * b, "a=\(a): b \(fit.b) vs \(b)")
        }
        XCTAssertNil(ProfilePeakFit(energies: [0, 0, 1, 0, 0], depths: [1, 2, 3, 4, 5]), "a one-layer peak cannot be fitted")
    }

    /// The moment method gives back alpha and beta of a gamma profile (fine layers, deep stack).
    func testMomentsOfGammaProfile() throws {
        let width = 0.05
        let profile = Synthetic.gammaProfile(a: 4.05, b: 0.5, layers: 1200, width: width)
        let m = try XCTUnwrap(LongitudinalMoments(energies: profile, depths: (0..<1200).map { (Double($0) + 0.5) * width }))
        XCTAssertEqual(m.meanDepth, 4.05 / 0.5, accuracy: 1e-3)
        XCTAssertEqual(m.alpha, 4.05, accuracy: 4.05 * 1e-3, "alpha \(m.alpha)")
        XCTAssertEqual(try XCTUnwrap(m.peakDepth), 3.05 / 0.5, accuracy: 1e-2)
    }

    /// Per-shower ln T and ln alpha drawn with known sigma and rho come back within errors.
    func testFluctuationsRecoverKnownSpread() {
        var g = Philox(seed: 9, stream: 0)
        let width = 6.0 / PhysicsReference.radiationLengthMM
        let depths = (0..<80).map { (Double($0) + 0.5) * width }
        let (sT, sA, rho) = (0.16, 0.21, 0.62)
        var profiles: [[Double]] = []
        for _ in 0..<1500 {
            let u = Synthetic.normal(&g), v = Synthetic.normal(&g)
            let lnT = log(5.74) + sT * u
            let lnA = log(4.05) + sA * (rho * u + (1 - rho * rho).squareRoot() * v)
            let alpha = exp(lnA), beta = (alpha - 1) / exp(lnT)
            profiles.append(Synthetic.gammaProfile(a: alpha, b: beta, layers: 80, width: width))
        }
        let f = FluctuationAnalysis(profiles: profiles, depths: depths)
        XCTAssertEqual(f.rejected, 0)
        // Truncation at 30.8 X0 and 0.385 X0 layers bias the moments slightly: allow 2 % on top.
        XCTAssertLessThan(abs(f.sigmaLnT.value - sT) / (f.sigmaLnT.error + 0.02 * sT), 3, "sigma(ln T) \(f.sigmaLnT)")
        XCTAssertLessThan(abs(f.sigmaLnAlpha.value - sA) / (f.sigmaLnAlpha.error + 0.02 * sA), 3, "sigma(ln a) \(f.sigmaLnAlpha)")
        XCTAssertLessThan(abs(f.correlation.value - rho) / (f.correlation.error + 0.02), 3, "rho \(f.correlation)")
        XCTAssertEqual(exp(f.meanLnT.value), 5.74, accuracy: 0.05 * 5.74)
    }

    /// The bootstrap error of t_max agrees with the spread over independent samples.
    func testBootstrapErrorOfTMax() throws {
        let width = 6.0 / PhysicsReference.radiationLengthMM
        let depths = (0..<80).map { (Double($0) + 0.5) * width }
        var observed = RunningStatistics(), quoted = RunningStatistics()
        for k in 0..<12 {
            var g = Philox(seed: 11, stream: UInt64(k))
            let profiles = (0..<150).map { _ -> [Double] in
                let b = 0.5 * exp(0.2 * Synthetic.normal(&g))
                return Synthetic.gammaProfile(a: 4, b: b, energy: 100, layers: 80, width: width)
            }
            let p = try XCTUnwrap(MeanProfile(profiles: profiles, depths: depths).peak(replicas: 60, seed: UInt64(k)))
            observed.add(p.fit.tMax); quoted.add(p.tMaxError)
        }
        // 12 samples: the observed rms is known to ~20 %; accept a factor 0.6-1.6.
        let ratio = quoted.mean / observed.rms
        XCTAssert((0.6...1.6).contains(ratio), "bootstrap error \(quoted.mean) vs observed spread \(observed.rms)")
    }

    /// A t_max scan on ln E with slope ln 10 per decade comes back with its error.
    func testEnergyScan() throws {
        let points = [1.0, 10, 100].map { e in (energyMeV: e * 1000, tMax: 4 + log(10) * log10(e), error: 0.05) }
        let scan = try XCTUnwrap(EnergyScan(points: points))
        XCTAssertEqual(scan.slope, log(10), accuracy: 1e-10)
        XCTAssertEqual(scan.slopeError, 0.05 / 2.0.squareRoot(), accuracy: 1e-10, "slope error of two-decade scan")
    }

    /// The resolution fit recovers a and c from Gaussian visible energies at seven energies.
    func testResolutionFitRecoversStochasticTerm() throws {
        let (a, c) = (0.105, 0.004)
        var points: [(energyGeV: Double, relativeSigma: Double, error: Double)] = []
        for (k, e) in [1.0, 2, 5, 10, 20, 50, 100].enumerated() {
            var g = Philox(seed: 21, stream: UInt64(k))
            let sigma = ((a * a) / e + c * c).squareRoot()
            let s = RunningStatistics((0..<4000).map { _ in 0.17 * e * 1000 * (1 + sigma * Synthetic.normal(&g)) })
            let r = s.relativeRMS
            points.append((e, r.value, r.error))
        }
        let fit = try XCTUnwrap(ResolutionFit(points: points))
        XCTAssertLessThan(abs(fit.stochasticTerm - a) / fit.stochasticTermError, 3,
                          "a = \(fit.stochasticTerm) +- \(fit.stochasticTermError) vs \(a)")
        XCTAssertLessThan(abs(fit.constantTermSquared - c * c) / fit.constantTermSquaredError, 3,
                          "c^2 = \(fit.constantTermSquared) +- \(fit.constantTermSquaredError) vs \(c * c)")
        XCTAssertLessThan(fit.stochasticTermError, 0.003, "7 x 4000 showers should pin a to 3e-3")
    }

    /// Linearity deviations: a 2 % step at one energy shows up there and nowhere else.
    func testLinearity() {
        let rs = [1.0, 10, 100].map { e -> EnergyResponse in
            let f = e == 100 ? 0.17 * 1.02 : 0.17
            let vis = (0..<50).map { 1000 * e * f * (1 + 0.01 * sin(Double($0))) }
            return EnergyResponse(energyMeV: e * 1000, visibleMeV: vis, depositedMeV: Array(repeating: 1000 * e, count: 50),
                                  incidentMeV: Array(repeating: 1000 * e, count: 50))
        }
        let l = EnergyResponse.linearity(rs)
        XCTAssertGreaterThan(l[2].deviation - l[0].deviation, 0.019)
        XCTAssertEqual(l[0].deviation, l[1].deviation, accuracy: 1e-12)
    }

    /// The expected values reproduce the tables of docs/physics.md §14.4 and §14.7.
    func testReferenceValuesMatchPhysicsTables() {
        XCTAssertEqual(PhysicsReference.pdgTMax(energyMeV: 10_000, particle: .electron), 6.48, accuracy: 0.01)
        XCTAssertEqual(PhysicsReference.gflashTMax(energyMeV: 10_000, particle: .electron), 5.73, accuracy: 0.01)
        XCTAssertEqual(PhysicsReference.gflashTMax(energyMeV: 1000, particle: .electron), 3.43, accuracy: 0.01)
        XCTAssertEqual(exp(PhysicsReference.gflashMeanLnT(energyMeV: 10_000)), 5.74, accuracy: 0.01)
        XCTAssertEqual(exp(PhysicsReference.gflashMeanLnAlpha(energyMeV: 1000)), 2.92, accuracy: 0.01)
        XCTAssertEqual(PhysicsReference.gflashSigmaLnT(energyMeV: 1000), 0.30, accuracy: 0.005)
        XCTAssertEqual(PhysicsReference.gflashSigmaLnAlpha(energyMeV: 100_000), 0.15, accuracy: 0.005)
        XCTAssertEqual(PhysicsReference.gflashCorrelation(energyMeV: 10_000), 0.62, accuracy: 0.005)
    }

    /// Band logic: inside passes, within 3 errors is compatible, beyond fails; NaN fails.
    func testCheckOutcomeStatus() {
        XCTAssertEqual(CheckOutcome(check: .samplingFraction, name: "x", value: 0.17, error: 0.01, band: 0.153...0.187).status, .pass)
        XCTAssertEqual(CheckOutcome(check: .samplingFraction, name: "x", value: 0.19, error: 0.002, band: 0.153...0.187).status, .compatible)
        let bad = CheckOutcome(check: .samplingFraction, name: "x", value: 0.25, error: 0.002, band: 0.153...0.187)
        XCTAssertEqual(bad.status, .fail)
        XCTAssertEqual(bad.pull, (0.25 - 0.187) / 0.002, accuracy: 1e-9)
        XCTAssertEqual(CheckOutcome.unavailable(check: .showerMaximum, name: "x", band: 0...1, note: "").status, .fail)
        XCTAssertEqual(CheckOutcome(check: .constantTerm, name: "x", value: 9, error: 0, band: 0...1, informational: true).status, .info)
    }

    /// Checks are named by what they check: the table's first column and the JSON's "check" carry
    /// the `PhysicsCheckID` name, which survives a JSON round trip; every `--checks` group makes
    /// at least one check, and only the ledgers belong to no group.
    func testChecksAreNamedByWhatTheyCheck() throws {
        var report = PhysicsCheckReport(configuration: PhysicsCheckConfiguration())
        let outcome = CheckOutcome(check: .samplingFraction, name: "sampling fraction e- (all energies)", value: 0.17,
                                   error: 0.001, band: 0.153...0.187)
        report.checks = [outcome]
        let lines = report.table.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("check "), lines[0])
        XCTAssertTrue(lines[1].hasPrefix("sampling-fraction "), lines[1])
        let json = String(decoding: try JSONEncoder().encode(outcome), as: UTF8.self)
        XCTAssertTrue(json.contains("\"check\":\"sampling-fraction\""), json)
        XCTAssertFalse(json.contains("criterion"), json)
        XCTAssertEqual(try JSONDecoder().decode(CheckOutcome.self, from: Data(json.utf8)), outcome)
        for group in PhysicsCheckConfiguration.Check.allCases {
            XCTAssertTrue(PhysicsCheckID.allCases.contains { $0.group == group }, "no check in group \(group)")
        }
        XCTAssertEqual(PhysicsCheckID.allCases.filter { $0.group == nil }, [.energyLedger, .readoutLedger])
    }
}
