import CaloDetector
import CaloSupport
import Foundation

/// The fraction of a shower's deposit within a radius R of the shower axis, from square cells.
///
/// Method (area overlap): each cell's energy is taken as spread uniformly over the cell, so the
/// energy within R is sum_c E_c A(c inside R) / A(c). A(c inside R) is exact (1 or 0) for cells
/// wholly inside or outside the circle and, for the cells the circle crosses, the midpoint rule
/// on `subdivisions`^2 sub-cells (error ~1e-4 of one boundary cell). The axis is the beam axis,
/// x = y = 0 (pencil beam at normal incidence). Containment = energy within R / total deposit
/// (cells + overflow), as a ratio of sums over showers (`RatioEstimate`).
///
/// Discretisation error: the density falls with r inside a boundary cell, so spreading it
/// uniformly moves energy outwards; `discretisationBias` measures this on a reference radial
/// distribution integrated exactly over the same cells (4 mm cells at 1 R_M,eff: a few 1e-4).
public struct LateralContainment: Sendable {
    /// Radii, mm.
    public let radiiMM: [Double]
    /// weights[k][c]: fraction of cell c's area within radiiMM[k] (geometry cell order).
    public let weights: [[Double]]

    /// Weights for every cell of `geometry` (all layers share the axis).
    public init(geometry: Geometry, radiiMM: [Double], subdivisions: Int = 32) {
        self.radiiMM = radiiMM
        var w = radiiMM.map { _ in Array(repeating: 0.0, count: geometry.cellCount) }
        for layer in geometry.layers {
            for row in 0..<layer.rows {
                for col in 0..<layer.cols {
                    let (x, y) = layer.cellCentre(row: row, col: col)
                    let c = layer.firstCell + row * layer.cols + col
                    for (k, r) in radiiMM.enumerated() {
                        w[k][c] = LateralContainment.areaFraction(
                            xMM: x, yMM: y, widthMM: layer.cellWidthMM, heightMM: layer.cellHeightMM,
                            radiusMM: r, subdivisions: subdivisions)
                    }
                }
            }
        }
        weights = w
    }

    /// Energy within each radius for one shower's `cells` (MeV, geometry order).
    public func energyInside(cells: [Double]) -> [Double] {
        weights.map { w in
            require(w.count == cells.count, "LateralContainment: \(cells.count) cells vs \(w.count) weights")
            var s = 0.0
            for c in 0..<cells.count where w[c] > 0 { s += w[c] * cells[c] }
            return s
        }
    }

    /// Fraction of the area of the cell centred at (x, y) with the given size inside the circle
    /// of `radiusMM` around the origin.
    public static func areaFraction(xMM: Double, yMM: Double, widthMM: Double, heightMM: Double,
                                    radiusMM: Double, subdivisions: Int) -> Double {
        let hx = 0.5 * widthMM, hy = 0.5 * heightMM
        let nearX = max(0, abs(xMM) - hx), nearY = max(0, abs(yMM) - hy)
        let farX = abs(xMM) + hx, farY = abs(yMM) + hy
        let r2 = radiusMM * radiusMM
        if nearX * nearX + nearY * nearY >= r2 { return 0 }
        if farX * farX + farY * farY <= r2 { return 1 }
        let n = subdivisions
        var inside = 0
        for i in 0..<n {
            let px = xMM - hx + (Double(i) + 0.5) * widthMM / Double(n)
            for j in 0..<n {
                let py = yMM - hy + (Double(j) + 0.5) * heightMM / Double(n)
                if px * px + py * py <= r2 { inside += 1 }
            }
        }
        return Double(inside) / Double(n * n)
    }

    /// The area-overlap estimate minus the true containment at `radiusMM`, for a shower whose
    /// cumulative radial distribution is `cumulative(r)` (-> 1 at large r), read out in a grid of
    /// square cells of `cellMM` centred on the axis with an odd number of cells per side.
    /// Cell energies come from differences of `cumulative` integrated over the cell with
    /// `subdivisions`^2 sub-cells (density dC/dr / (2 pi r), by central differences).
    public static func discretisationBias(cumulative: (Double) -> Double, cellMM: Double, radiusMM: Double,
                                          subdivisions: Int = 24) -> Double {
        let half = Int((radiusMM / cellMM).rounded(.up)) + 1
        var estimate = 0.0
        let h = cellMM / Double(subdivisions)
        for i in -half...half {
            for j in -half...half {
                let x = Double(i) * cellMM, y = Double(j) * cellMM
                let f = areaFraction(xMM: x, yMM: y, widthMM: cellMM, heightMM: cellMM, radiusMM: radiusMM,
                                     subdivisions: 32)
                if f == 0 { continue }
                var e = 0.0
                for a in 0..<subdivisions {
                    for b in 0..<subdivisions {
                        let px = x - 0.5 * cellMM + (Double(a) + 0.5) * h
                        let py = y - 0.5 * cellMM + (Double(b) + 0.5) * h
                        let r = (px * px + py * py).squareRoot()
                        let dr = 1e-3 * max(r, 1e-3)
                        let density = (cumulative(r + dr) - cumulative(max(0, r - dr))) / (r + dr - max(0, r - dr))
                        e += density / (2 * Double.pi * max(r, 1e-9)) * h * h
                    }
                }
                estimate += f * e
            }
        }
        return estimate - cumulative(radiusMM)
    }

    /// A reference radial distribution for `discretisationBias`: two GFLASH-like components
    /// C(r) = p r^2/(r^2 + Rc^2) + (1 - p) r^2/(r^2 + Rt^2) with p = 0.8, Rc = 0.1 R_M,
    /// Rt = 0.923 R_M, which contains 90 % in 1 R_M, 96 % in 2 R_M and 98.6 % in 3.5 R_M
    /// (the expectations of docs/physics.md §14.5).
    public static func referenceCumulative(moliereRadiusMM rm: Double) -> (Double) -> Double {
        let rc = 0.1 * rm, rt = 0.923 * rm, p = 0.8
        return { r in p * r * r / (r * r + rc * rc) + (1 - p) * r * r / (r * r + rt * rt) }
    }
}
