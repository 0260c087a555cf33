import CaloData
import CaloDetector
@testable import CaloValidation
import XCTest

/// The FFTW power spectrum on images with known transforms.
final class PowerSpectrumTests: XCTestCase {
    func sample(_ geometry: Geometry, layer: Int, fill: (Int, Int) -> Float, count: Int = 3) -> ShowerBatch {
        let l = geometry.layers[layer]
        var cells = [Float](repeating: 0, count: geometry.cellCount * count)
        for s in 0..<count {
            for r in 0..<l.rows {
                for c in 0..<l.cols { cells[s * geometry.cellCount + l.firstCell + r * l.cols + c] = fill(r, c) }
            }
        }
        return ShowerBatch(incidentEnergiesMeV: Array(repeating: 1000, count: count), cellEnergiesMeV: cells,
                            cellCount: geometry.cellCount)
    }

    func testSingleCellHasAFlatSpectrum() throws {
        let g = try Geometry.resolve("calogan")
        for layer in 0..<3 {
            // A delta function transforms to |F(k)|^2 = 1 at every frequency.
            let s = sample(g, layer: layer) { r, c in r == 1 && c == 2 ? 500 : 0 }
            let p = PowerSpectrum(sample: s, geometry: g, layerIndex: layer, threads: 2)
            XCTAssertEqual(p.showers, 3)
            let worst = p.power.map { abs($0 - 1) }.max() ?? 1
            XCTAssert(worst < 1e-5, "layer \(layer): power of a delta should be 1 everywhere, off by \(worst): \(p.power)")
        }
    }

    func testUniformImageHasOnlyTheConstantTerm() throws {
        let g = try Geometry.resolve("calogan")
        let s = sample(g, layer: 1) { _, _ in 2 }
        let p = PowerSpectrum(sample: s, geometry: g, layerIndex: 1, threads: 1)
        XCTAssertEqual(p.frequencyPerMM.first, 0)
        XCTAssertEqual(p.power[0], 1, accuracy: 1e-5)
        let rest = p.power.dropFirst().map(abs).max() ?? 0
        XCTAssert(rest < 1e-9, "non-zero power \(rest) away from f = 0")
    }

    func testEmptyLayersAreSkippedAndThreadCountDoesNotMatter() throws {
        let g = try Geometry.resolve("calogan")
        let s = ToyShowers.make(geometry: g, count: 300, seed: 5)
        let one = PowerSpectrum(sample: s, geometry: g, layerIndex: 0, threads: 1)
        let two = PowerSpectrum(sample: s, geometry: g, layerIndex: 0, threads: 2)
        XCTAssertEqual(one.power, two.power, "chunked sums must not depend on the thread count")
        let empty = sample(g, layer: 0) { _, _ in 0 }
        XCTAssertEqual(PowerSpectrum(sample: empty, geometry: g, layerIndex: 2, threads: 1).showers, 0)
    }
}
