import CaloDetector
@testable import CaloValidation
import XCTest

/// Observables on hand-built showers whose answers are known exactly.
final class ObservableTests: XCTestCase {
    var geometry: Geometry!
    var calculator: ObservableCalculator!

    override func setUpWithError() throws {
        geometry = try Geometry.resolve("calogan")
        calculator = ObservableCalculator(geometry: geometry, cellThresholdMeV: 0.001)
    }

    func cellIndex(_ layer: Int, _ row: Int, _ col: Int) -> Int {
        let l = geometry.layers[layer]
        return l.firstCell + row * l.cols + col
    }

    func assertClose(_ a: Double?, _ b: Double, _ tol: Double = 1e-9, _ what: String, line: UInt = #line) {
        guard let a else { return XCTFail("\(what): missing", line: line) }
        XCTAssert(abs(a - b) <= tol * max(1, abs(b)), "\(what): \(a) vs expected \(b) (off by \(a - b))", line: line)
    }

    func testSingleHotCell() {
        var cells = [Float](repeating: 0, count: geometry.cellCount)
        let layer = geometry.layers[1]
        cells[cellIndex(1, 4, 7)] = 1000
        let v = calculator.values(of: cells, incidentEnergyMeV: 2000)
        let centre = layer.cellCentre(row: 4, col: 7)
        assertClose(v[.totalEnergy], 1000, 1e-12, "E_tot")
        assertClose(v[.totalEnergyOverIncident], 0.5, 1e-12, "E_tot/E_inc")
        assertClose(v[.layerEnergy(1)], 1000, 1e-12, "E_1")
        assertClose(v[.layerFraction(1)], 1, 1e-12, "E_1/E_tot")
        assertClose(v[.layerFraction(0)], 0, 1e-12, "E_0/E_tot")
        assertClose(v[.showerDepth], 1, 1e-12, "depth")
        assertClose(v[.showerDepthWidth], 0, 1e-12, "depth width")
        assertClose(v[.centroidX(1)], centre.xMM, 1e-9, "centroid x")
        assertClose(v[.centroidY(1)], centre.yMM, 1e-9, "centroid y")
        assertClose(v[.widthX(1)], 0, 1e-9, "width x")
        assertClose(v[.widthY(1)], 0, 1e-9, "width y")
        assertClose(v[.energyRatio(1)], 1, 1e-12, "E_ratio")
        assertClose(v[.sparsity(1)], 1.0 / 144, 1e-12, "sparsity")
    }

    func testTwoSymmetricCells() {
        var cells = [Float](repeating: 0, count: geometry.cellCount)
        // Layer 1 is 12 x 12 cells of 40 mm: columns 4 and 7 sit at x = -60 and +60 mm.
        cells[cellIndex(1, 5, 4)] = 300
        cells[cellIndex(1, 5, 7)] = 300
        // Layer 2 gets 100 MeV in one cell: depth = (1*600 + 2*100)/700.
        cells[cellIndex(2, 0, 0)] = 100
        let v = calculator.values(of: cells, incidentEnergyMeV: 1000)
        let x4 = geometry.layers[1].cellCentre(row: 5, col: 4).xMM
        assertClose(x4, -60, 1e-12, "cell centre")
        assertClose(v[.centroidX(1)], 0, 1e-9, "centroid of symmetric cells")
        assertClose(v[.widthX(1)], 60, 1e-9, "width = distance from centre")
        assertClose(v[.widthY(1)], 0, 1e-9, "width in y")
        assertClose(v[.energyRatio(1)], 0, 1e-12, "E_ratio of equal cells")
        assertClose(v[.sparsity(1)], 2.0 / 144, 1e-12, "sparsity")
        let d = 800.0 / 700
        assertClose(v[.showerDepth], d, 1e-12, "depth")
        let width = (((600 + 4 * 100) / 700.0) - d * d).squareRoot()
        assertClose(v[.showerDepthWidth], width, 1e-9, "depth width")
        assertClose(v[.layerFraction(2)], 100.0 / 700, 1e-7, "fraction")
    }

    func testEmptyLayerGivesUndefinedShapes() {
        var cells = [Float](repeating: 0, count: geometry.cellCount)
        cells[cellIndex(0, 1, 50)] = 10
        let v = calculator.values(of: cells, incidentEnergyMeV: 100)
        XCTAssertEqual(v[.layerEnergy(2)], 0)
        XCTAssertEqual(v[.layerFraction(2)], 0)
        for o in [Observable.centroidX(2), .centroidY(2), .widthX(2), .widthY(2), .energyRatio(2)] {
            XCTAssert(v[o]!.isNaN, "\(o.key) of an empty layer should be undefined (NaN), got \(v[o]!)")
        }
        XCTAssertEqual(v[.sparsity(2)], 0)
        // A completely empty shower: depth undefined, E_tot 0.
        let empty = calculator.values(of: [Float](repeating: 0, count: geometry.cellCount), incidentEnergyMeV: 100)
        XCTAssertEqual(empty[.totalEnergy], 0)
        XCTAssert(empty[.showerDepth]!.isNaN)
    }

    func testSparsityThreshold() {
        var cells = [Float](repeating: 0, count: geometry.cellCount)
        cells[cellIndex(2, 0, 0)] = 0.0005  // below the 1 keV threshold
        cells[cellIndex(2, 0, 1)] = 0.002
        let v = calculator.values(of: cells, incidentEnergyMeV: 100)
        XCTAssertEqual(v[.sparsity(2)]!, 1.0 / 72, accuracy: 1e-12)
    }

    func testKeysAreUniqueAndNamed() {
        let all = Observable.all(layerCount: 3)
        XCTAssertEqual(all.count, 4 + 9 * 3)
        XCTAssertEqual(Set(all.map(\.key)).count, all.count)
        XCTAssertEqual(Observable.widthX(1).key, "layer1.width_x")
        XCTAssertEqual(Observable.totalEnergyOverIncident.key, "total_energy_over_incident")
    }
}
