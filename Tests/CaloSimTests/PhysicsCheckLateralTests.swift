import CaloDetector
import CaloPhysicsCheck
import CaloSupport
import Foundation
import XCTest

/// Lateral containment from 4 mm cells on radial distributions with known containment.
final class PhysicsCheckLateralTests: XCTestCase {
    /// Area fractions: exact for whole cells, a quarter for a cell with its corner on the axis.
    func testAreaFraction() {
        XCTAssertEqual(LateralContainment.areaFraction(xMM: 0, yMM: 0, widthMM: 4, heightMM: 4, radiusMM: 10, subdivisions: 8), 1)
        XCTAssertEqual(LateralContainment.areaFraction(xMM: 40, yMM: 0, widthMM: 4, heightMM: 4, radiusMM: 10, subdivisions: 8), 0)
        // A 4 mm cell with a corner on the axis: a circle of radius 2 covers a quarter disk, pi/16 of it.
        let f = LateralContainment.areaFraction(xMM: 2, yMM: 2, widthMM: 4, heightMM: 4, radiusMM: 2, subdivisions: 256)
        XCTAssertEqual(f, Double.pi / 16, accuracy: 1e-3, "area fraction \(f) vs pi/16")
    }

    /// Energy spread uniformly over a disk of 50 mm: the method is exact where the density is
    /// uniform across the boundary cells, so 25 mm holds 1/4 and 60 mm all of it.
    func testUniformDiskContainment() throws {
        let g = try Geometry.resolve("lateral")
        let layer = g.layers[0]
        let c = LateralContainment(geometry: g, radiiMM: [25, 60])
        var cells = Array(repeating: 0.0, count: g.cellCount)
        let disk = Double.pi * 50 * 50
        for row in 0..<layer.rows {
            for col in 0..<layer.cols {
                let (x, y) = layer.cellCentre(row: row, col: col)
                let f = LateralContainment.areaFraction(xMM: x, yMM: y, widthMM: 4, heightMM: 4, radiusMM: 50, subdivisions: 64)
                cells[row * layer.cols + col] = f * 16 / disk
            }
        }
        let inside = c.energyInside(cells: cells)
        XCTAssertEqual(cells.reduce(0, +), 1, accuracy: 1e-3)
        XCTAssertEqual(inside[0], 0.25, accuracy: 2e-3, "within 25 mm: \(inside[0]) vs 0.25")
        XCTAssertEqual(inside[1], 1, accuracy: 2e-3, "within 60 mm: \(inside[1]) vs 1")
    }

    /// Showers of points with C(r) = r^2/(r^2 + R^2) binned into 4 mm cells: the containment at
    /// 1 and 2 R_M,eff comes back within the statistical error and the quoted discretisation bias.
    func testPointShowersContainment() throws {
        let g = try Geometry.resolve("lateral")
        let layer = g.layers[0]
        let rm = PhysicsReference.moliereRadiusMM, scale = 11.8   // C(1 R_M) = 0.90
        let c = LateralContainment(geometry: g, radiiMM: [rm, 2 * rm])
        var inside: [[Double]] = [[], []], totals: [Double] = []
        for k in 0..<40 {
            var rng = Philox(seed: 31, stream: UInt64(k))
            var cells = Array(repeating: 0.0, count: g.cellCount)
            var total = 0.0
            for _ in 0..<5000 {
                let u = rng.uniform(), phi = 2 * Double.pi * rng.uniform()
                let r = scale * (u / (1 - u)).squareRoot()
                total += 1
                if let (row, col) = layer.cell(xMM: r * cos(phi), yMM: r * sin(phi)) { cells[row * layer.cols + col] += 1 }
            }
            let e = c.energyInside(cells: cells)
            inside[0].append(e[0]); inside[1].append(e[1]); totals.append(total)
        }
        let exact: (Double) -> Double = { r in r * r / (r * r + scale * scale) }
        for (k, radius) in [rm, 2 * rm].enumerated() {
            let ratio = RatioEstimate(numerators: inside[k], denominators: totals)
            let bias = LateralContainment.discretisationBias(cumulative: exact, cellMM: 4, radiusMM: radius)
            let pull = abs(ratio.value - exact(radius)) / (ratio.error * ratio.error + bias * bias).squareRoot()
            XCTAssertLessThan(pull, 3, "containment at \(radius) mm: \(ratio.value) +- \(ratio.error) vs \(exact(radius)), bias \(bias)")
        }
    }

    /// The discretisation bias of 4 mm cells on the reference distribution is small (< 2e-3)
    /// and the same scale as the difference between area overlap and a cell-centre step count.
    func testDiscretisationBiasIsSmall() {
        let rm = PhysicsReference.moliereRadiusMM
        let reference = LateralContainment.referenceCumulative(moliereRadiusMM: rm)
        XCTAssertEqual(reference(rm), 0.90, accuracy: 0.003)
        XCTAssertEqual(reference(2 * rm), 0.963, accuracy: 0.003)
        for k in [1.0, 2.0, 3.5] {
            let b = LateralContainment.discretisationBias(cumulative: reference, cellMM: 4, radiusMM: k * rm)
            print(String(format: "discretisation bias of 4 mm cells at %.1f R_M: %+.2e", k, b))
            XCTAssertLessThan(abs(b), 2e-3, "bias at \(k) R_M = \(b)")
        }
    }
}
