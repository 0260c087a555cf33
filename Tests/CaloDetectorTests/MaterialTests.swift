import CaloDetector
import XCTest

final class MaterialTests: XCTestCase {
    private func material(_ name: String) -> Material { Material.table[name]! }

    /// Radiation lengths from Tsai's formula against the PDG values (1e-3; docs/physics.md §16).
    func testRadiationLengths() {
        for (name, x0) in [("Pb", 6.370), ("LAr", 19.55), ("W", 6.763), ("Si", 21.82)] {
            let got = material(name).radiationLengthGPerCm2
            XCTAssertEqual(got, x0, accuracy: 1.5e-3 * x0, "\(name): X0 = \(got) g/cm2, expected \(x0)")
        }
        // PbWO4 as Geant4 builds it: X0 = 8.9245 mm (docs/physics.md §14.9).
        XCTAssertEqual(material("PbWO4").radiationLengthMM, 8.9245, accuracy: 0.01)
        XCTAssertEqual(material("Pb").radiationLengthMM, 5.612, accuracy: 0.005)
    }

    /// Mean excitation energy of PbWO4 by Bragg additivity, as Geant4 computes it (542.7 eV).
    func testCompoundMeanExcitationEnergy() {
        XCTAssertEqual(material("PbWO4").meanExcitationEnergyEV, 542.7, accuracy: 1.0)
        let pbwo4 = material("PbWO4")
        let fractions = Dictionary(uniqueKeysWithValues: pbwo4.components.map { ($0.element.symbol, $0.massFraction) })
        // O:W:Pb = 4:1:1 by atoms.
        XCTAssertEqual(fractions["O"]!, 4 * 15.9994 / (4 * 15.9994 + 183.84 + 207.2), accuracy: 1e-9)
    }

    /// The general Sternheimer-Peierls recipe for liquid argon (docs/physics.md §2.3).
    func testLiquidArgonDensityEffect() {
        let d = material("LAr").densityEffect
        XCTAssertEqual(d.cBar, 5.2146, accuracy: 2e-3)
        XCTAssertEqual(d.x0, 0.2)
        XCTAssertEqual(d.x1, 3.0)
        XCTAssertEqual(d.a, 0.19559, accuracy: 5e-4)
        XCTAssertEqual(material("LAr").plasmaEnergyEV, 22.85, accuracy: 0.05)
        XCTAssertEqual(material("Pb").plasmaEnergyEV, 61.07, accuracy: 0.05)
    }

    func testAliasesAndCoulombCorrection() {
        XCTAssertEqual(Material.table["G4_Pb"], material("Pb"))
        XCTAssertEqual(Element.table["Pb"]!.coulombCorrection, 0.3316, accuracy: 2e-4)
        XCTAssertEqual(Element.table["Ar"]!.coulombCorrection, 0.0204, accuracy: 2e-4)
    }
}
