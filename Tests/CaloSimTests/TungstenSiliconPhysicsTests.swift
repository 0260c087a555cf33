@testable import CaloSim
import CaloDetector
import XCTest

/// Process-level checks for tungsten and silicon, the materials of the W/Si stack (docs/physics.md
/// §2, §16): photon cross-sections per atom against NIST XCOM, the radiative loss against Tsai's
/// radiation length, and the ionisation loss against the PDG's minimum ionisation and critical
/// energies.
///
/// XCOM reference: Berger & Hubbell, XCOM version 3.1 element files (MDATX3.074 for W,
/// MDATX3.014 for Si; barn/atom): incoherent scattering, photoelectric absorption, pair
/// production in the nuclear plus the electron field (triplet). Coherent scattering is not
/// simulated and not compared.
///
/// Tolerances: 5 % per point for the photon processes, the accuracy Geant4 quotes for the
/// parametrisations calosim uses (Physics Reference Manual: the Hubbell-Gimm-Overbo pair fit
/// 1.5 MeV - 100 GeV has errors below 5 %, 2.2 % on average; the empirical Klein-Nishina fit is
/// good to 5-6 % above 20 keV); the Sandia photoabsorption fit is held to the same 5 %, at the
/// energies where photoabsorption is at least 10 % of the attenuation (W to 1 MeV, Si to
/// 100 keV). The pair points must also agree to 2.2 % rms, the fit's stated mean error.
/// Measured (this commit): pair within 2.3 % (rms 1.2 %), Compton within 1.5 %, photoabsorption
/// within 3.0 %.
final class TungstenSiliconPhysicsTests: XCTestCase {
    private let w = Material.table["W"]!
    private let si = Material.table["Si"]!

    private static let barn = PhysicsConstants.barn

    /// XCOM pair production (nuclear + electron field), barn/atom, at (MeV, W, Si).
    static let xcomPair: [(Double, Double, Double)] = [
        (10, 10.50 + 0.08524, 0.4153 + 0.01637),
        (100, 25.87 + 0.3623, 1.098 + 0.07511),
        (1000, 32.45 + 0.5092, 1.429 + 0.1142),
        (10_000, 33.76 + 0.5465, 1.501 + 0.1258),
    ]

    static let photonTolerance = 0.05

    func testPairProductionAgainstXCOM() {
        var squares = 0.0, n = 0.0
        for (e, sw, ssi) in Self.xcomPair {
            let gw = PairProduction.crossSection(z: 74, photonEnergy: e) / Self.barn
            let gsi = PairProduction.crossSection(z: 14, photonEnergy: e) / Self.barn
            assertRelative(gw, sw, Self.photonTolerance, "pair W \(e) MeV")
            assertRelative(gsi, ssi, Self.photonTolerance, "pair Si \(e) MeV")
            squares += pow(gw / sw - 1, 2) + pow(gsi / ssi - 1, 2)
            n += 2
        }
        XCTAssertLessThan((squares / n).squareRoot(), 0.022, "rms deviation of the pair cross-sections from XCOM")
    }

    /// XCOM incoherent scattering, barn/atom, at (MeV, W, Si).
    static let xcomCompton: [(Double, Double, Double)] = [
        (0.1, 31.15, 6.678), (0.5, 20.96, 4.040), (1, 15.53, 2.957), (10, 3.785, 0.7162), (100, 0.6124, 0.1159),
    ]

    func testComptonAgainstXCOM() {
        for (e, sw, ssi) in Self.xcomCompton {
            assertRelative(Compton.crossSection(z: 74, photonEnergy: e) / Self.barn, sw, Self.photonTolerance, "Compton W \(e) MeV")
            assertRelative(Compton.crossSection(z: 14, photonEnergy: e) / Self.barn, ssi, Self.photonTolerance, "Compton Si \(e) MeV")
        }
    }

    /// XCOM photoelectric absorption, barn/atom, at (material, MeV, sigma).
    static let xcomPhotoelectric: [(String, Double, Double)] = [
        ("W", 0.01, 2.821e4), ("W", 0.05, 1.615e3), ("W", 0.1, 1268), ("W", 0.2, 195.3), ("W", 0.5, 18.20),
        ("W", 1, 3.917), ("Si", 0.01, 1.546e3), ("Si", 0.05, 10.76), ("Si", 0.1, 1.165),
    ]

    func testPhotoelectricAgainstXCOM() throws {
        let toBarn: (Material) -> Double = { m in 10 / (m.atomDensitiesPerCm3[0] * 1e-24) }  // 1/mm -> barn/atom
        for (name, e, want) in Self.xcomPhotoelectric {
            let m = Material.table[name]!
            let pe = try Photoelectric(elements: [(m.components[0].element.z, 1)], density: m.densityGPerCm3)
            assertRelative(pe.attenuation(photonEnergy: e) * toBarn(m), want, Self.photonTolerance, "photoabsorption \(name) \(e) MeV")
        }
    }

    /// Radiative loss of 1 and 10 GeV e- times X0 over E: 1 in the complete-screening limit
    /// (Tsai; PDG), to 3 % (the Seltzer-Berger / relativistic model differs from Tsai's limit by
    /// the non-screened and Coulomb-correction remainders at these energies).
    func testRadiativeLoss() {
        for m in [w, si] {
            for t in [1000.0, 10_000.0] {
                assertRelative(MaterialQuantities.radiativeLossTimesX0OverE(m, kineticEnergy: t), 1, 0.03,
                               "radiative loss x X0 / E, \(m.name) \(t) MeV")
            }
        }
    }

    /// PDG "Atomic and nuclear properties" (Rossi's definition): W 7.97 / 7.68 MeV, Si 40.19 /
    /// 39.06 MeV for e- / e+, to 0.5 % (the same formulas, ESTAR's I and density effect).
    func testCriticalEnergies() {
        assertRelative(MaterialQuantities.criticalEnergy(w, positron: false), 7.97, 0.005, "E_c e- W")
        assertRelative(MaterialQuantities.criticalEnergy(w, positron: true), 7.68, 0.005, "E_c e+ W")
        assertRelative(MaterialQuantities.criticalEnergy(si, positron: false), 40.19, 0.005, "E_c e- Si")
        assertRelative(MaterialQuantities.criticalEnergy(si, positron: true), 39.06, 0.005, "E_c e+ Si")
    }

    func testMinimumIonisation() {
        assertRelative(MaterialQuantities.minimumIonisation(w), 1.145, 0.005, "dE/dx min W")
        assertRelative(MaterialQuantities.minimumIonisation(si), 1.664, 0.005, "dE/dx min Si")
    }
}
