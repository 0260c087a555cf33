import CaloDetector
import XCTest

final class GeometryTests: XCTestCase {
    func testShippedGeometriesLoad() throws {
        XCTAssertEqual(Geometry.availableNames(), ["calogan", "calogan-sampling", "lateral", "par04-ds2", "par04-ds3", "profile", "testem3", "wsi"])
        let calogan = try Geometry.resolve("calogan")
        XCTAssertEqual(calogan.cellCount, 504)
        XCTAssertEqual(calogan.cellsPerLayer, [288, 144, 72])
        XCTAssertEqual(calogan.slabs.count, 160)
        XCTAssertEqual(calogan.depthMM, 480, accuracy: 1e-9)
        XCTAssertEqual(calogan.layers.map(\.scoring), [.all, .all, .all])
        // X0,eff of the 2 mm Pb / 4 mm LAr stack (docs/physics.md §2.4).
        XCTAssertEqual(calogan.effectiveRadiationLengthMM, 15.59, accuracy: 0.02)

        let sampling = try Geometry.resolve("calogan-sampling")
        XCTAssertEqual(sampling.layers.map(\.scoring), [.active, .active, .active])
        XCTAssertTrue(sampling.sameCells(as: calogan))

        let profile = try Geometry.resolve("profile")
        XCTAssertEqual(profile.layers.count, 80)
        XCTAssertEqual(profile.cellCount, 80)
        let lateral = try Geometry.resolve("lateral")
        XCTAssertEqual(lateral.cellCount, 121 * 121)

        let testem3 = try Geometry.resolve("testem3")
        XCTAssertEqual(testem3.layers.count, 100)
        XCTAssertEqual(testem3.depthMM, 400, accuracy: 1e-9)
        XCTAssertEqual(testem3.slabs[0].material.name, "PbWO4")
        XCTAssertEqual(testem3.widthMM, 400)
    }

    /// The W/Si stack of Geant4 Par04 (`common_settings.mac`: 90 layers of 1.4 mm G4_W, passive, and
    /// 0.3 mm G4_Si, active) as slabs, read out one layer per W + Si period in the silicon.
    func testTungstenSiliconStack() throws {
        let g = try Geometry.resolve("wsi")
        XCTAssertEqual(g.slabs.count, 180)
        XCTAssertEqual(g.layers.count, 90)
        XCTAssertEqual(g.cellCount, 90)
        XCTAssertEqual(g.depthMM, 153, accuracy: 1e-9)
        XCTAssertEqual(Set(g.slabs.map(\.material.name)), ["W", "Si"])
        XCTAssertTrue(g.slabs.allSatisfy { $0.isActive == ($0.material.name == "Si") })
        XCTAssertEqual(g.slabs[0].thicknessMM, 1.4)
        XCTAssertEqual(g.slabs[1].thicknessMM, 0.3)
        XCTAssertTrue(g.layers.allSatisfy { $0.scoring == .active })
        // Every layer boundary is a period boundary: the silicon of period i is in layer i.
        for (i, layer) in g.layers.enumerated() {
            XCTAssertEqual(layer.zStartMM, g.slabs[2 * i].zStartMM, accuracy: 1e-9)
            XCTAssertEqual(layer.zEndMM, g.slabs[2 * i + 1].zEndMM, accuracy: 1e-9)
        }
        // X0,eff: 1/X0 = (1.4 mm / 3.5042 mm + 0.3 mm / 93.661 mm) / 1.7 mm = 1 / 4.221 mm (Geant4's X0).
        XCTAssertEqual(g.effectiveRadiationLengthMM, 4.221, accuracy: 0.002)
    }

    /// A point at a known position lands in the known cell (row-major, rows along y).
    func testCellIndexing() throws {
        let g = try Geometry.resolve("calogan")
        // Layer 0: 3 x 96 cells of 160 (y) x 5 (x) mm over a 480 mm window.
        XCTAssertEqual(g.readout(xMM: 0.1, yMM: 0.1, zMM: 1), .cell(1 * 96 + 48))
        XCTAssertEqual(g.readout(xMM: -239.9, yMM: -239.9, zMM: 0), .cell(0))
        XCTAssertEqual(g.readout(xMM: 239.9, yMM: 239.9, zMM: 89.9), .cell(287))
        // Layer 1 starts at 90 mm: 12 x 12 cells of 40 mm.
        XCTAssertEqual(g.readout(xMM: -239, yMM: 239, zMM: 90), .cell(288 + 11 * 12 + 0))
        // Layer 2 (437-480 mm): 12 x 6 cells of 40 (y) x 80 (x) mm.
        XCTAssertEqual(g.readout(xMM: 81, yMM: -1, zMM: 479.9), .cell(432 + 5 * 6 + 4))
        XCTAssertEqual(g.readout(xMM: 300, yMM: 0, zMM: 10), .overflow(layer: 0))
        XCTAssertEqual(g.readout(xMM: 0, yMM: 0, zMM: 480), .outside)
        XCTAssertEqual(g.readout(xMM: 600, yMM: 0, zMM: 10), .outside)
        XCTAssertEqual(g.readout(xMM: 0, yMM: 0, zMM: -0.001), .outside)
        let (layer, row, col) = g.locate(cell: 432 + 5 * 6 + 4)
        XCTAssertEqual([layer, row, col], [2, 5, 4])
        let centre = g.layers[2].cellCentre(row: 5, col: 4)
        XCTAssertEqual(centre.xMM, 120)
        XCTAssertEqual(centre.yMM, -20)
        XCTAssertEqual(g.slabIndex(zMM: 2.5), 1)
        XCTAssertTrue(g.slabs[1].isActive)
        XCTAssertEqual(g.slabs[1].material.name, "LAr")
    }
}

extension Geometry {
    func sameCells(as other: Geometry) -> Bool {
        layers.map { [$0.rows, $0.cols, $0.firstCell] } == other.layers.map { [$0.rows, $0.cols, $0.firstCell] }
    }
}
