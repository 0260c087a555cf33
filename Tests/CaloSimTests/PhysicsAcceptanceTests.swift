import CaloDetector
@testable import CaloPhysicsCheck
import CaloSim
import CaloSupport
import Foundation
import XCTest
import _TestSupport

/// Shower-level acceptance of the reference simulator on small samples (docs/physics.md §14).
///
/// A debug build simulates ~1 GeV per second per core, so these use 1 GeV showers and a few
/// dozen of them; every tolerance is the docs/physics.md §14 band widened by 3 statistical errors of the
/// sample (pull <= 3), so the tests tighten by themselves as N grows. The precise numbers come
/// from `calosim physics-check` in release.
///
/// Known findings: checks that the simulator fails in the release physics-check (reported to the
/// simulator engineer) are marked `known:`. They are still measured and printed, and kept as
/// expected failures (`expectKnownFailure`): the test passes while the finding reproduces, quoting
/// the measured value and band, and fails once it no longer does. All other checks assert.
final class PhysicsAcceptanceTests: XCTestCase {
    static let seed: UInt64 = 20_261_129

    func sample(_ geometryName: String, _ particle: Particle, energyGeV: Double, count: Int,
                containment: ((Geometry) -> LateralContainment)? = nil) throws -> (ShowerSample, Geometry) {
        let g = try Geometry.resolve(geometryName)
        let sim = try ShowerSimulator(geometry: g)
        let start = Date()
        let s = ShowerSample(source: sim, geometry: g, primary: Primary(particle: particle, kineticEnergyMeV: energyGeV * 1000),
                             variant: .reference, count: count, seed: Self.seed, threads: Threads.available,
                             containment: containment?(g))
        print(String(format: "%@ %@ %g GeV: %d showers in %.1f s", geometryName, particle.rawValue, energyGeV, count,
                     Date().timeIntervalSince(start)))
        return (s, g)
    }

    /// Asserts that `value +- error` is inside `band` or within 3 errors of it, printing how far off.
    /// A `known` finding is expected to fail (`expectKnownFailure`).
    func assertCompatible(_ name: String, _ value: Double, _ error: Double, _ band: ClosedRange<Double>,
                          known: Bool = false, file: StaticString = #filePath, line: UInt = #line) {
        let c = BandComparison(value: value, error: error, band: band)
        print(String(format: "%@: %.4f +- %.4f, band [%.4f, %.4f], pull %.2f, %@", name, value, error,
                     band.lowerBound, band.upperBound, c.pull, c.status.rawValue))
        if known {
            expectKnownFailure(c.passed, String(format: "%@ = %.4f +- %.4f, %.1f errors outside [%.3f, %.3f]", name,
                                                value, error, c.pull, band.lowerBound, band.upperBound),
                               file: file, line: line)
            return
        }
        XCTAssert(c.passed, "\(name) = \(value) +- \(error) is \(c.pull) errors outside [\(band.lowerBound), \(band.upperBound)]",
                  file: file, line: line)
    }

    /// Energy ledger (docs/physics.md §14.3): the ledger closes to 1e-9 for e-, e+ and gamma in
    /// every checked geometry, and the readout (cells + overflow) accounts for every scored deposit.
    func testLedgerClosesPerShower() throws {
        for (geometry, particle) in [("profile", Particle.electron), ("profile", .positron), ("profile", .photon),
                                     ("calogan-sampling", .electron), ("testem3", .electron), ("lateral", .photon)] {
            let (s, _) = try sample(geometry, particle, energyGeV: 0.5, count: 3)
            for (i, sh) in s.showers.enumerated() {
                XCTAssertLessThan(sh.ledgerResidual, PhysicsReference.ledgerTolerance,
                                  "\(geometry) \(particle) shower \(i): ledger residual \(sh.ledgerResidual)")
                XCTAssertLessThan(sh.readoutResidual, PhysicsReference.ledgerTolerance,
                                  "\(geometry) \(particle) shower \(i): readout residual \(sh.readoutResidual)")
                XCTAssertGreaterThan(sh.visibleMeV, 0, "\(geometry) \(particle) shower \(i) left nothing in the argon")
            }
        }
    }

    /// Shower maximum and sampling fraction at 1 GeV in `profile`: t_max of the mean e- profile
    /// in the band of docs/physics.md §14.4, sampling fraction in 0.17 +- 10 % (§14.6).
    func testProfileAndSamplingAtOneGeV() throws {
        let (s, g) = try sample("profile", .electron, energyGeV: 1, count: 64)
        let depths = DepthAxis.layerCentres(g, radiationLengthMM: PhysicsReference.radiationLengthMM)
        let peak = try XCTUnwrap(MeanProfile(profiles: s.showers.map(\.activePerLayer), depths: depths)
            .peak(replicas: 100, seed: Self.seed), "gamma fit of the 1 GeV mean profile failed")
        assertCompatible("t_max e- 1 GeV (X0)", peak.fit.tMax, peak.tMaxError,
                         PhysicsReference.tMaxBand(energyMeV: 1000, particle: .electron))
        let f = RatioEstimate(numerators: s.showers.map(\.visibleMeV), denominators: s.showers.map(\.depositedMeV))
        assertCompatible("sampling fraction e- 1 GeV", f.value, f.error, PhysicsReference.samplingFractionBand)
    }

    /// Stochastic term at 1 GeV in `calogan-sampling`: sigma/E of the visible energy equals the
    /// stochastic term, 10-11.5 % (docs/physics.md §14.6; leakage and intrinsic terms are < 0.5 % here).
    /// Known finding: the release physics-check (2188 showers at 1-100
    /// GeV) measures a = 7.05 +- 0.13 %.
    func testStochasticTermAtOneGeV() throws {
        let (s, _) = try sample("calogan-sampling", .electron, energyGeV: 1, count: 64)
        let r = RunningStatistics(s.showers.map(\.visibleMeV)).relativeRMS
        assertCompatible("sigma/E visible e- 1 GeV", r.value, r.error, PhysicsReference.stochasticTermBand, known: true)
    }

    /// The W/Si stack at 1 GeV (docs/physics.md §14.10): t_max of the mean silicon profile in its
    /// band, and sigma/E of the silicon energy equal to the stochastic term, 11.4 % +- 15 % (the
    /// constant term and the 0.5 % leakage add nothing measurable at 1 GeV); the ledger closes.
    func testTungstenSiliconAtOneGeV() throws {
        let (s, g) = try sample(WSiReference.geometryName, .electron, energyGeV: 1, count: 48)
        let depths = DepthAxis.layerCentres(g, radiationLengthMM: WSiReference.radiationLengthMM)
        let peak = try XCTUnwrap(MeanProfile(profiles: s.showers.map(\.activePerLayer), depths: depths)
            .peak(replicas: 100, seed: Self.seed), "gamma fit of the 1 GeV W/Si mean profile failed")
        assertCompatible("W/Si t_max e- 1 GeV (X0)", peak.fit.tMax, peak.tMaxError, WSiReference.tMaxBand(energyMeV: 1000))
        let r = RunningStatistics(s.showers.map(\.visibleMeV)).relativeRMS
        assertCompatible("W/Si sigma/E e- 1 GeV", r.value, r.error, WSiReference.stochasticTermBand)
        for sh in s.showers {
            XCTAssertLessThan(sh.ledgerResidual, PhysicsReference.ledgerTolerance)
            XCTAssertLessThan(sh.readoutResidual, PhysicsReference.ledgerTolerance)
        }
    }

    /// Lateral containment at 1 GeV in `lateral` (docs/physics.md §14.5): 90 % +- 3 % within
    /// 1 R_M,eff, 95-97 % within 2.
    /// Known finding: the release physics-check measures 85.6-85.7 % (+- 0.04-0.2 %) within
    /// 1 R_M,eff at 1, 10 and 100 GeV.
    func testLateralContainmentAtOneGeV() throws {
        let rm = PhysicsReference.moliereRadiusMM
        // 256 showers: error ~0.0025, so the known 1 % shortfall within 1 R_M stands 4-5 errors below
        // the band's edge.
        let (s, _) = try sample("lateral", .electron, energyGeV: 1, count: 256) {
            LateralContainment(geometry: $0, radiiMM: [rm, 2 * rm])
        }
        let totals = s.showers.map(\.depositedMeV)
        for (k, band) in [PhysicsReference.containment1RMBand, PhysicsReference.containment2RMBand].enumerated() {
            let c = RatioEstimate(numerators: s.showers.map { $0.insideMeV[k] }, denominators: totals)
            guard k == 0 else {
                assertCompatible("containment 2 R_M e- 1 GeV", c.value, c.error, band)
                continue
            }
            // The known shortfall: the estimate itself lies below the band (not merely 3 errors).
            expectKnownFailure(band.contains(c.value), String(format: "containment 1 R_M e- 1 GeV = %.4f +- %.4f, band [%.3f, %.3f]",
                                                              c.value, c.error, band.lowerBound, band.upperBound))
        }
    }
}
