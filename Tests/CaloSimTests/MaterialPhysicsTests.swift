@testable import CaloSim
import CaloDetector
import XCTest

/// Material-level quantities against the PDG values (docs/physics.md §2, §16): X0, minimum ionisation, Rossi E_c,
/// radiative loss, photon attenuation and photoabsorption.
final class MaterialPhysicsTests: XCTestCase {
    private let pb = Material.table["Pb"]!
    private let lar = Material.table["LAr"]!

    func testRadiationLengths() {
        for (name, x0) in [("Pb", 6.370), ("LAr", 19.55), ("W", 6.763), ("Si", 21.82)] {
            assertRelative(Material.table[name]!.radiationLengthGPerCm2, x0, 1e-3, "X0 \(name)")
        }
    }

    func testMinimumIonisation() {
        assertRelative(MaterialQuantities.minimumIonisation(pb), 1.122, 0.005, "dE/dx min Pb")
        assertRelative(MaterialQuantities.minimumIonisation(lar), 1.507, 0.005, "dE/dx min LAr")
    }

    func testCriticalEnergies() {
        assertRelative(MaterialQuantities.criticalEnergy(pb, positron: false), 7.43, 0.005, "E_c e- Pb")
        assertRelative(MaterialQuantities.criticalEnergy(pb, positron: true), 7.16, 0.005, "E_c e+ Pb")
        assertRelative(MaterialQuantities.criticalEnergy(lar, positron: false), 32.84, 0.005, "E_c e- LAr")
        assertRelative(MaterialQuantities.criticalEnergy(lar, positron: true), 31.91, 0.005, "E_c e+ LAr")
    }

    func testRadiativeLossIsOneOverX0() {
        for m in [pb, lar, Material.table["PbWO4"]!] {
            for t in [1000.0, 10_000.0] {
                assertRelative(MaterialQuantities.radiativeLossTimesX0OverE(m, kineticEnergy: t), 1, 0.03,
                               "radiative loss x X0 / E, \(m.name) \(t) MeV")
            }
        }
    }

    func testRestrictedStoppingPowers() {
        // The Berger-Seltzer formula's values, docs/physics.md §9.1 (MeV cm^2/g).
        let cases: [(Material, Double, Double, Double)] = [(pb, 10, 1.0, 1.081), (pb, 1000, 1.0, 1.180),
                                                             (lar, 10, 0.274, 1.329), (lar, 1000, 0.274, 1.391)]
        for (m, t, cut, want) in cases {
            let s = Ionisation.restrictedStoppingPower(Ionisation.MaterialData(m), kineticEnergy: t, cut: cut, positron: false)
            assertRelative(s * 10 / m.densityGPerCm3, want, 0.01, "restricted dE/dx \(m.name) \(t) MeV")
        }
    }

    /// mu/rho of Pb (cm^2/g) without coherent scattering, from the simulator's cross-sections.
    private func attenuation(_ e: Double) throws -> (total: Double, pe: Double, pair: Double) {
        let z = 82.0
        let perAtom = Compton.crossSection(z: z, photonEnergy: e) + PairProduction.crossSection(z: z, photonEnergy: e)
        let toCm2PerG = 1e-2 * Material.avogadro / 207.2  // mm^2 per atom -> cm^2/g
        let pe = try Photoelectric(elements: [(82, 1)], density: 11.35).attenuation(photonEnergy: e) * 10 / 11.35
        return (perAtom * toCm2PerG + pe, pe, PairProduction.crossSection(z: z, photonEnergy: e) * toCm2PerG)
    }

    func testLeadAttenuation() throws {
        for (e, want) in [(1.0, 0.0680), (10.0, 0.0499), (100.0, 0.091), (1000.0, 0.1163)] {
            assertRelative(try attenuation(e).total, want, 0.02, "mu/rho Pb \(e) MeV")
        }
        assertRelative(try attenuation(100_000).pair, 7 / (9 * 6.370), 0.01, "pair high-energy limit Pb")
    }

    func testLeadPhotoabsorption() throws {
        for (e, want) in [(0.1, 5.237), (0.2, 0.8464), (1.0, 0.0181)] {
            assertRelative(try attenuation(e).pe, want, 0.02, "PE mu/rho Pb \(e) MeV")
        }
    }

    func testKleinNishinaPerElectron() {
        // Z sigma_KN(1 MeV) = 0.2112 b per electron; the G4 fit agrees to 1.5 % for Pb (docs/physics.md §6).
        assertRelative(Compton.crossSection(z: 82, photonEnergy: 1) / 82 / PhysicsConstants.barn, 0.2112, 0.015, "Compton/Z Pb 1 MeV")
        assertRelative(Compton.crossSection(z: 82, photonEnergy: 10) / 82 / PhysicsConstants.barn, 0.0510, 0.015, "Compton/Z Pb 10 MeV")
    }
}
