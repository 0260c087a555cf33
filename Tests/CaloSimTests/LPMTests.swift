@testable import CaloPhysicsCheck
@testable import CaloSim
import CaloDetector
import CaloSupport
import XCTest

/// The Landau-Pomeranchuk-Migdal suppression (docs/physics.md §4.1, §5.1): the simulator's
/// Migdal functions against their integral definitions (evaluated by quadrature in
/// `MigdalFunctions`), the limits, the bounds the samplers rely on, the suppression of the
/// bremsstrahlung DCS, radiative loss and cross-sections and of pair production against the
/// same quantities computed here from the exact functions, and both samplers against their
/// suppressed DCS.
final class LPMTests: XCTestCase {
    private let pbMaterial = Material.table["Pb"]!
    private var pb: ElementConstants { ElementConstants(pbMaterial.components[0].element) }
    private let mc2 = PhysicsConstants.electronMass

    // MARK: Migdal's functions

    /// Stanev's approximations (tabulated, interpolated) against the integrals: within 5e-4
    /// (their stated accuracy is a few 1e-4 absolute) from full suppression to none.
    func testFunctionsAgainstMigdalIntegrals() {
        for s in [0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0, 1.3, 1.7, 1.95, 2.5, 4.0] {
            let exact = MigdalFunctions.gPhi(s), sim = LPMFunctions.gPhi(s)
            XCTAssertEqual(sim.g, exact.g, accuracy: 5e-4, "G(\(s))")
            XCTAssertEqual(sim.phi, exact.phi, accuracy: 5e-4, "phi(\(s))")
        }
        // The quadrature itself against Migdal's series: phi = 6s - 6 pi s^2 + 4 pi^2 s^3,
        // G = 12 pi s^2 - 24 pi^2 s^3 for s -> 0; 1 - phi = 0.0119/s^4, 1 - G = 0.0231/s^4 for s -> inf.
        let s = 0.002, small = MigdalFunctions.gPhi(s)
        XCTAssertEqual(small.phi, 6 * s - 6 * Double.pi * s * s + 4 * Double.pi * Double.pi * s * s * s, accuracy: 1e-7)
        XCTAssertEqual(small.g, 12 * Double.pi * s * s - 24 * Double.pi * Double.pi * s * s * s, accuracy: 1e-7)
        let big = MigdalFunctions.gPhi(3.5)
        XCTAssertEqual((1 - big.phi) * pow(3.5, 4), 1.0 / 84, accuracy: 3e-4)
        XCTAssertEqual((1 - big.g) * pow(3.5, 4), 0.0231, accuracy: 6e-4)
    }

    /// The bound both samplers' rejection uses: 0 <= G <= phi <= 1 at every tabulated point (so
    /// in between, under linear interpolation) and above; hence xi G <= xi phi <= 1.
    func testSuppressionBoundsForTheSamplers() {
        let t = LPMFunctions.table
        for i in 0..<(t.count / 2) {
            XCTAssertGreaterThanOrEqual(t[2 * i], 0)
            XCTAssertLessThanOrEqual(t[2 * i], t[2 * i + 1], "G <= phi at s = \(Double(i) * LPMFunctions.tableStep)")
            XCTAssertLessThanOrEqual(t[2 * i + 1], 1)
        }
        let ar = ElementConstants(Material.table["LAr"]!.components[0].element)
        for el in [pb, ar] {
            for e in [1.5e3, 1e4, 1e5, 1e6, 1e7] {
                for lk in stride(from: -6.0, through: 0, by: 0.05) {
                    let k = e * exp(lk) * 0.999_999
                    for kp2 in [0, 1e-2 * e * e * 1e-8, 1e-8 * e * e] {
                        let f = LPMFunctions.bremsstrahlung(k: k, totalEnergy: e, lpmEnergy: 4.3e6, densityCorrection: kp2, el)
                        XCTAssertLessThanOrEqual(f.xi * f.phi, 1 + 1e-12)
                        XCTAssertLessThanOrEqual(f.xi * f.g, 1 + 1e-12)
                        XCTAssertLessThanOrEqual(Bremsstrahlung.lpmBracket(el, k: k, totalEnergy: e, lpmEnergy: 4.3e6, densityCorrection: kp2),
                                                 Bremsstrahlung.bracketMaximum(el, totalEnergy: e))
                    }
                }
            }
        }
    }

    /// No suppression far above k_LPM = E^2/E_LPM; 1/sqrt(k) suppression of dsigma/dk (k dsigma/dk
    /// ~ sqrt(k)) for k_p << k << k_LPM, up to Migdal's slowly varying xi.
    func testLimits() {
        let lpm = LPMSuppression(material: pbMaterial)
        XCTAssertEqual(lpm.lpmEnergyMeV / 1e6, 4.31, accuracy: 0.01, "E_LPM(Pb) = 7.7 TeV/cm x 0.561 cm")
        XCTAssertEqual(lpm.bremsstrahlungFactor(kineticEnergyMeV: 1e5, photonEnergyMeV: 0.9e5), 1, accuracy: 1e-4)
        XCTAssertEqual(lpm.bremsstrahlungFactor(kineticEnergyMeV: 1e4, photonEnergyMeV: 5e3), 1, accuracy: 1e-4)
        // 1 TeV in lead: k_LPM = 232 GeV; the dielectric effect left out (k_p = 0), s from 0.002
        // to 0.009 between 10 and 160 MeV, where phi = 6s and xi ~ 1.6 varies logarithmically.
        let e = 1e6 + mc2
        func suppression(_ k: Double) -> Double {
            let f = LPMFunctions.bremsstrahlung(k: k, totalEnergy: e, lpmEnergy: lpm.lpmEnergyMeV, densityCorrection: 0, pb)
            return f.xi * f.phi
        }
        let slope = log(suppression(160) / suppression(10)) / log(16.0)
        XCTAssertEqual(slope, 0.5, accuracy: 0.05, "d ln(xi phi)/d ln k for k << k_LPM")
        XCTAssertLessThan(suppression(160), 0.1)
    }

    /// The suppression of the DCS, k dsigma/dk with LPM over without, against the same factor
    /// from Migdal's exact functions and the exact solution of s = s'/sqrt(xi(s)), in lead and
    /// PbWO4 from 10 GeV to 1 TeV: within 2e-3 (measured: 7e-4 at most).
    func testDCSSuppressionAgainstMigdal() {
        for name in ["Pb", "PbWO4"] {
            let m = Material.table[name]!
            let lpm = LPMSuppression(material: m)
            for (t, k) in [(1e4, 1.0), (1e4, 10), (1e5, 10), (1e5, 100), (1e5, 1e3), (1e6, 10), (1e6, 100), (1e6, 1e3),
                           (1e6, 1e4), (1e6, 1e5)] {
                let e = t + mc2
                let want = MigdalFunctions.bremsstrahlungFactor(element: m.components[0].element, k: k, totalEnergy: e,
                                                                lpmEnergy: lpm.lpmEnergyMeV, kp: e / mc2 * lpm.plasmaEnergyMeV)
                XCTAssertEqual(lpm.bremsstrahlungFactor(kineticEnergyMeV: t, photonEnergyMeV: k), want, accuracy: 2e-3,
                               "\(name) T = \(t) MeV, k = \(k) MeV")
            }
        }
    }

    // MARK: Integrated bremsstrahlung

    /// k dsigma/dk of lead in complete screening (the LPM regime's DCS) with the dielectric
    /// factor, times Migdal's suppression if `lpm`, per unit of the constant 16 alpha r_e^2 Z^2/3.
    private func referenceKDCS(k: Double, totalEnergy e: Double, lpm: Bool) -> Double {
        let m = pbMaterial, element = m.components[0].element
        let sup = LPMSuppression(material: m)
        let kp = e / mc2 * sup.plasmaEnergyMeV
        let y = k / e
        let logs = element.radiationLogarithms
        let unsuppressed = (1 - y + 0.75 * y * y) * ((logs.lRad - element.coulombCorrection) + logs.lRadPrime / 82)
            + (1 - y) * (1 + 1.0 / 82) / 12
        let f = lpm ? MigdalFunctions.bremsstrahlungFactor(element: element, k: k, totalEnergy: e, lpmEnergy: sup.lpmEnergyMeV, kp: kp) : 1
        return f * unsuppressed * k * k / (k * k + kp * kp)
    }

    /// LPM's effect at 1 TeV in lead: the radiative loss (1/X0_eff) falls by 5 % and the number of
    /// photons above the 0.7 mm cut (94.7 keV) by half; the tables' ratios against the integrals
    /// of the exact suppression within 0.3 %.
    func testIntegratedSuppressionAt1TeVInLead() {
        let t = 1e6, e = t + mc2
        let lpm = LPMSuppression(material: pbMaterial)
        // Radiative loss: integral of k dsigma/dk over k in (0, T), in ln k from 1e-9 T.
        let a = log(t * 1e-9), b = log(t)
        let lossWith = GaussLegendre.integrate(a, b, pieces: 30) { lk in exp(lk) * self.referenceKDCS(k: exp(lk), totalEnergy: e, lpm: true) }
        let lossWithout = GaussLegendre.integrate(a, b, pieces: 30) { lk in exp(lk) * self.referenceKDCS(k: exp(lk), totalEnergy: e, lpm: false) }
        let lossRatio = lossWith / lossWithout
        XCTAssertEqual(lpm.radiativeLossRatio(kineticEnergyMeV: t), lossRatio, accuracy: 3e-3 * lossRatio)
        XCTAssertEqual(lossRatio, 0.95, accuracy: 0.01, "X0_eff / X0 = 1.05 at 1 TeV in lead")
        // Cross-section above the cut.
        let kc = ProductionCuts.thresholds(rangeCutMM: 0.7, material: pbMaterial).gammaMeV
        let c = log(kc)
        let xsWith = GaussLegendre.integrate(c, b, pieces: 30) { lk in self.referenceKDCS(k: exp(lk), totalEnergy: e, lpm: true) }
        let xsWithout = GaussLegendre.integrate(c, b, pieces: 30) { lk in self.referenceKDCS(k: exp(lk), totalEnergy: e, lpm: false) }
        XCTAssertEqual(lpm.bremsstrahlungCrossSectionRatio(kineticEnergyMeV: t, cutMeV: kc), xsWith / xsWithout,
                       accuracy: 3e-3 * xsWith / xsWithout)
    }

    /// The material tables carry the suppressed cross-section and loss: at 1 TeV in lead the
    /// tabulated bremsstrahlung cross-section is n sigma with LPM, not without.
    func testTablesIncludeLPM() throws {
        let tables = try MaterialTables(materials: [pbMaterial], configuration: SimulationConfiguration())
        let mp = tables.materials[0]
        let i = tables.grid.energies.firstIndex { $0 >= 1e6 }!
        let t = tables.grid.energies[i]
        let n = mp.atomDensities[0]
        let with = n * Bremsstrahlung.crossSection(pb, kineticEnergy: t, kCut: mp.cuts.gammaMeV, plasmaEnergy: mp.plasmaEnergy,
                                                   lpmEnergy: mp.lpmEnergy)
        let without = n * Bremsstrahlung.crossSection(pb, kineticEnergy: t, kCut: mp.cuts.gammaMeV, plasmaEnergy: mp.plasmaEnergy)
        XCTAssertEqual(tables.bremsstrahlung[0][0, i], with, accuracy: 1e-12 * with)
        XCTAssertLessThan(with, 0.6 * without)
        let pairWith = n * PairProduction.crossSection(pb, photonEnergy: 1e7, lpmEnergy: mp.lpmEnergy)
        let j = tables.grid.count - 1
        XCTAssertEqual(tables.pair[0, j], pairWith, accuracy: 1e-12 * pairWith)
    }

    // MARK: Pair production

    /// dsigma/deps with exact Migdal functions, s from `solveS` (B = 184), Geant4's cap.
    private func referencePairDCS(_ eps: Double, energy e: Double, lpmEnergy: Double) -> Double {
        let s1 = pow(82.0, 2.0 / 3) / (184 * 184)
        let sPrime = (lpmEnergy / (8 * e * eps * (1 - eps))).squareRoot()
        let s = MigdalFunctions.solveS(sPrime: sPrime, s1: s1)
        let (g, phi) = MigdalFunctions.gPhi(s)
        var xi = MigdalFunctions.xi(s, s1: s1)
        if xi * phi > 1 || s > 0.57 { xi = 1 / phi }
        let u = eps * (1 - eps)
        let delta = 136 / pb.zThird * mc2 / e / u
        let (p1, p2) = PairProduction.phi12(delta)
        let c = pb.lnZ / 3 + pb.coulomb
        return xi * ((1 - 2 * u) * (2 * phi + g) / 3 * (0.25 * p1 - c) + 2 * u * g / 3 * (0.25 * p2 - c))
    }

    /// The pair cross-section's LPM suppression in lead: negligible at 1 TeV (0.05 %), 2 % at
    /// 10 TeV; against the integral with the exact functions within 1e-3.
    func testPairSuppression() {
        let lpm = LPMSuppression(material: pbMaterial)
        for e in [1e6, 1e7] {
            let eps0 = mc2 / e
            let want = GaussLegendre.integrate(eps0, 0.5, pieces: 16) { self.referencePairDCS($0, energy: e, lpmEnergy: lpm.lpmEnergyMeV) }
                / GaussLegendre.integrate(eps0, 0.5, pieces: 16) { PairProduction.dcs(self.pb, epsilon: $0, photonEnergy: e, lpmEnergy: nil) }
            XCTAssertEqual(lpm.pairCrossSectionRatio(photonEnergyMeV: e), want, accuracy: 1e-3, "pair at \(e) MeV")
        }
        XCTAssertGreaterThan(lpm.pairCrossSectionRatio(photonEnergyMeV: 1e6), 0.998)
        XCTAssertLessThan(lpm.pairCrossSectionRatio(photonEnergyMeV: 1e7), 0.99)
        // Below 100 GeV no suppression; the fit below 80 GeV.
        XCTAssertEqual(PairProduction.crossSection(pb, photonEnergy: 9e4, lpmEnergy: lpm.lpmEnergyMeV),
                       PairProduction.integratedCrossSection(pb, photonEnergy: 9e4, lpmEnergy: nil))
        XCTAssertEqual(PairProduction.crossSection(pb, photonEnergy: 7e4, lpmEnergy: lpm.lpmEnergyMeV),
                       PairProduction.crossSection(z: 82, photonEnergy: 7e4))
    }

    /// The reweighted Butcher-Messel branches stay below 1 (exact rejection) in lead from 100 GeV
    /// to 100 TeV.
    func testPairRejectionBound() {
        let lpmEnergy = LPMSuppression(material: pbMaterial).lpmEnergyMeV
        for e in [1.001e5, 1e6, 1e7, 1e8] {
            let eps0 = mc2 / e
            let fz = 8 * (pb.lnZ / 3 + pb.coulomb)
            let deltaFactor = 136 * eps0 / pb.zThird
            let f10 = 42.184 - 4 * deltaFactor * (7.444 - 1.623 * 4 * deltaFactor) - fz
            let f20 = 41.326 - 4 * deltaFactor * (5.848 - 0.902 * 4 * deltaFactor) - fz
            for i in 1..<1000 {
                let eps = 0.5 * Double(i) / 1000
                let (p1, p2) = PairProduction.phi12(deltaFactor / (eps * (1 - eps)))
                let f = LPMFunctions.pair(epsilon: eps, photonEnergy: e, lpmEnergy: lpmEnergy, pb)
                XCTAssertLessThanOrEqual(f.xi * ((2 * f.phi + f.g) * p1 - f.g * p2 - f.phi * fz) / f10, 1)
                XCTAssertLessThanOrEqual(f.xi * ((f.phi + 0.5 * f.g) * p1 + 0.5 * f.g * p2 - 0.5 * (f.g + f.phi) * fz) / f20, 1)
            }
        }
    }

    /// The physics-check formula checks of the LPM effect pass, and the radiation length of lead
    /// at 1 TeV is 5 % longer.
    func testPhysicsCheckFormulaChecks() {
        let run = PhysicsCheckRun(configuration: PhysicsCheckConfiguration(), source: PhysicsCheck.referenceSimulator) { _ in }
        run.lpmChecks()
        let outcomes = run.report.checks
        XCTAssertEqual(outcomes.filter { $0.check == .lpmSuppression }.count, PhysicsCheckRun.lpmPoints.count)
        for o in outcomes { XCTAssertEqual(o.status, .pass, "\(o.name): \(o.value) outside \(o.lower)...\(o.upper)") }
        let x0 = outcomes.first { $0.check == .lpmRadiationLength }!
        XCTAssertEqual(x0.value, 1.053, accuracy: 0.01)
    }

    // MARK: Samplers

    /// The photon-energy sampler with LPM on, against the suppressed DCS: chi^2 in ln k
    /// (50 bins, 10^5 draws, p > 0.001) at 100 GeV and 1 TeV in lead, 0.7 mm cut.
    func testBremsstrahlungSamplerWithLPM() {
        var rng = Philox(seed: 21, stream: 0)
        let plasma = pbMaterial.plasmaEnergyEV * 1e-6
        let lpmEnergy = LPMSuppression(material: pbMaterial).lpmEnergyMeV
        let kc = 0.0947
        for t in [1e5, 1e6] {
            let a = log(kc), b = log(t)
            let samples = (0..<SamplerChiSquare.draws).map { _ in
                (log(Bremsstrahlung.sampleEnergy(pb, kineticEnergy: t, kCut: kc, plasmaEnergy: plasma, lpmEnergy: lpmEnergy,
                                                 rng: &rng)) - a) / (b - a)
            }
            let chi2 = SamplerChiSquare.chiSquare(samples) { x in
                Bremsstrahlung.kTimesDCS(self.pb, k: exp(a + x * (b - a)), kineticEnergy: t, plasmaEnergy: plasma, lpmEnergy: lpmEnergy)
            }
            XCTAssertLessThan(chi2, SamplerChiSquare.limit, "bremsstrahlung with LPM, T = \(t) MeV: chi2 \(chi2) for 49 dof")
            // And it is not the unsuppressed spectrum.
            let chi2Off = SamplerChiSquare.chiSquare(samples) { x in
                Bremsstrahlung.kTimesDCS(self.pb, k: exp(a + x * (b - a)), kineticEnergy: t, plasmaEnergy: plasma)
            }
            XCTAssertGreaterThan(chi2Off, 10 * SamplerChiSquare.limit, "LPM visible at T = \(t) MeV")
        }
    }

    /// The energy-sharing sampler with LPM on, against the suppressed DCS in eps: chi^2 at 1 TeV
    /// and 100 TeV (where the suppression is strong) in lead.
    func testPairSamplerWithLPM() {
        var rng = Philox(seed: 22, stream: 0)
        let lpmEnergy = LPMSuppression(material: pbMaterial).lpmEnergyMeV
        for e in [1e6, 1e8] {
            let eps0 = mc2 / e
            let samples = (0..<SamplerChiSquare.draws).map { _ in
                (PairProduction.sampleEpsilon(pb, photonEnergy: e, lpmEnergy: lpmEnergy, rng: &rng) - eps0) / (1 - 2 * eps0)
            }
            let chi2 = SamplerChiSquare.chiSquare(samples) { x in
                PairProduction.dcs(self.pb, epsilon: eps0 + x * (1 - 2 * eps0), photonEnergy: e, lpmEnergy: lpmEnergy)
            }
            XCTAssertLessThan(chi2, SamplerChiSquare.limit, "pair with LPM at \(e) MeV: chi2 \(chi2) for 49 dof")
        }
    }
}
