import CaloDetector
import XCTest

/// The built-in materials against the NIST materials Geant4 builds (docs/physics.md §2).
///
/// Reference: Geant4 11.4.p1 (geant4_pybind 0.1.3), `G4Material` and `G4IonisParamMat` of
/// G4_W, G4_Si, G4_Pb, G4_PbWO4, G4_lAr, G4_Fe, G4_Cu, G4_Al, printed by
/// `scripts/geant4/g4_cut_table.py`: density (g/cm^3), I (eV), X0 (mm), electron density (1/cm^3)
/// and the Sternheimer parameters (Cbar, x0, x1, a, m, delta0). Geant4 takes the tabulated
/// parameters of `G4DensityEffectData` for the elements and computes those of PbWO4 and LAr
/// (not tabulated) with the general recipe.
final class Geant4MaterialTests: XCTestCase {
    struct Reference {
        let name: String
        let density: Double, meanExcitationEV: Double, radiationLengthMM: Double, electronDensity: Double
        let cBar: Double, x0: Double, x1: Double, a: Double, m: Double, delta0: Double
    }

    static let geant4: [Reference] = [
        .init(name: "W", density: 19.3, meanExcitationEV: 727.0, radiationLengthMM: 3.5042, electronDensity: 4.6784e24,
              cBar: 5.4059, x0: 0.2167, x1: 3.4960, a: 0.15509, m: 2.8447, delta0: 0.14),
        .init(name: "Si", density: 2.33, meanExcitationEV: 173.0, radiationLengthMM: 93.6607, electronDensity: 6.9945e23,
              cBar: 4.4351, x0: 0.2014, x1: 2.8715, a: 0.14921, m: 3.2546, delta0: 0.14),
        .init(name: "Pb", density: 11.35, meanExcitationEV: 823.0, radiationLengthMM: 5.6125, electronDensity: 2.7048e24,
              cBar: 6.2018, x0: 0.3776, x1: 3.8073, a: 0.09359, m: 3.1608, delta0: 0.14),
        .init(name: "PbWO4", density: 8.28, meanExcitationEV: 542.7, radiationLengthMM: 8.9245, electronDensity: 2.0600e24,
              cBar: 5.6415, x0: 0.3391, x1: 3.0, a: 0.21655, m: 3.0, delta0: 0),
        .init(name: "LAr", density: 1.396, meanExcitationEV: 188.0, radiationLengthMM: 140.0344, electronDensity: 3.7881e23,
              cBar: 5.2146, x0: 0.2, x1: 3.0, a: 0.19559, m: 3.0, delta0: 0),
        .init(name: "Fe", density: 7.874, meanExcitationEV: 286.0, radiationLengthMM: 17.5749, electronDensity: 2.2077e24,
              cBar: 4.2911, x0: -0.0012, x1: 3.1531, a: 0.14680, m: 2.9632, delta0: 0.12),
        .init(name: "Cu", density: 8.96, meanExcitationEV: 322.0, radiationLengthMM: 14.3558, electronDensity: 2.4625e24,
              cBar: 4.4190, x0: -0.0254, x1: 3.2792, a: 0.14339, m: 2.9044, delta0: 0.08),
        .init(name: "Al", density: 2.699, meanExcitationEV: 166.0, radiationLengthMM: 88.9632, electronDensity: 7.8312e23,
              cBar: 4.2395, x0: 0.1708, x1: 3.0127, a: 0.08024, m: 3.6345, delta0: 0.12),
    ]

    /// Density and I are the same numbers (exact); X0 and n_e to 2e-4 (Tsai's formula and the
    /// molar masses, five printed digits); the Sternheimer parameters to the printed precision.
    func testAgainstGeant4NISTMaterials() {
        for r in Self.geant4 {
            let m = Material.table[r.name]!
            XCTAssertEqual(m.densityGPerCm3, r.density, "\(r.name) density")
            XCTAssertEqual(m.meanExcitationEnergyEV, r.meanExcitationEV, accuracy: 0.05, "\(r.name) I")
            XCTAssertEqual(m.radiationLengthMM, r.radiationLengthMM, accuracy: 2e-4 * r.radiationLengthMM, "\(r.name) X0")
            XCTAssertEqual(m.electronDensityPerCm3, r.electronDensity, accuracy: 2e-4 * r.electronDensity, "\(r.name) n_e")
            let d = m.densityEffect
            XCTAssertEqual(d.cBar, r.cBar, accuracy: 1e-4, "\(r.name) Cbar")
            XCTAssertEqual(d.x0, r.x0, accuracy: 1e-4, "\(r.name) x0")
            XCTAssertEqual(d.x1, r.x1, accuracy: 1e-4, "\(r.name) x1")
            XCTAssertEqual(d.a, r.a, accuracy: 1e-5, "\(r.name) a")
            XCTAssertEqual(d.m, r.m, accuracy: 1e-4, "\(r.name) m")
            XCTAssertEqual(d.delta0, r.delta0, accuracy: 1e-4, "\(r.name) delta0")
        }
    }

    /// Z/A of tungsten and silicon (NIST: 0.40252 and 0.49848) and their radiation lengths in
    /// g/cm^2 (PDG: 6.76 and 21.82).
    func testTungstenAndSilicon() {
        let w = Material.table["G4_W"]!, si = Material.table["G4_Si"]!
        XCTAssertEqual(Double(w.components[0].element.z) / w.components[0].element.molarMass, 0.40252, accuracy: 1e-5)
        XCTAssertEqual(Double(si.components[0].element.z) / si.components[0].element.molarMass, 0.49848, accuracy: 1e-5)
        XCTAssertEqual(w.radiationLengthGPerCm2, 6.76, accuracy: 0.01)
        XCTAssertEqual(si.radiationLengthGPerCm2, 21.82, accuracy: 0.01)
    }
}
