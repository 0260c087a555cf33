@testable import CaloSim
import CaloDetector
import XCTest

/// Range-cut conversion against Geant4's thresholds (docs/physics.md §3).
final class ProductionCutTests: XCTestCase {
    private func check(_ material: String, cut: Double, gamma: Double, electron: Double, positron: Double? = nil,
                       tolerance: Double = 0.02, file: StaticString = #filePath, line: UInt = #line) {
        let t = ProductionCuts.thresholds(rangeCutMM: cut, material: Material.table[material]!)
        let pairs = [("gamma", t.gammaMeV, gamma), ("e-", t.electronMeV, electron)]
            + (positron.map { [("e+", t.positronMeV, $0)] } ?? [])
        for (name, got, want) in pairs {
            XCTAssertLessThan(abs(got / want - 1), tolerance,
                              "\(material) \(cut) mm \(name): \(got) MeV vs \(want) MeV (\(100 * (got / want - 1)) %)",
                              file: file, line: line)
        }
    }

    func testSevenTenthsMillimetre() {
        check("Pb", cut: 0.7, gamma: 0.0947, electron: 1.007, positron: 0.947)
        check("LAr", cut: 0.7, gamma: 0.0052, electron: 0.274, positron: 0.266)
        check("W", cut: 0.7, gamma: 0.0977, electron: 1.65)
        check("Si", cut: 0.7, gamma: 0.00585, electron: 0.423)
        // Geant4's printout for TestEm3 (docs/physics.md §3).
        check("PbWO4", cut: 0.7, gamma: 0.07578, electron: 0.8425, tolerance: 0.002)
        check("LAr", cut: 0.7, gamma: 0.005204, electron: 0.27397, tolerance: 0.002)
    }

    func testOtherRangeCuts() {
        check("Pb", cut: 0.1, gamma: 0.0294, electron: 0.241, positron: 0.233)
        check("LAr", cut: 0.1, gamma: 0.0020, electron: 0.0829, positron: 0.0816)
        check("Pb", cut: 1.0, gamma: 0.1018, electron: 1.372, positron: 1.283)
        check("LAr", cut: 1.0, gamma: 0.0062, electron: 0.3475, positron: 0.336)
    }

    func testSimulatorReportsCutsPerMaterial() throws {
        let sim = try ShowerSimulator(geometry: try Geometry.resolve("testem3"))
        let cuts = sim.productionCuts()
        XCTAssertEqual(cuts.map(\.material), ["PbWO4", "LAr"])
        XCTAssertEqual(cuts[0].electronMeV, 0.8425, accuracy: 0.002)
    }
}
