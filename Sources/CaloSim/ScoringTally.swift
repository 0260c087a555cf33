import CaloDetector

/// Where a region's deposits go, flattened per region for the scoring hot path: its readout layer,
/// whether it is active and scored, and that layer's cell grid (the same arithmetic as
/// `Geometry.Layer.cell`, with the layer's constants read once).
struct RegionReadout: Sendable {
    let layer: Int
    let active: Bool
    let scored: Bool
    let firstCell: Int
    let rows: Int
    let cols: Int
    /// Half the grid's width (x) and height (y), mm, as `0.5 * gridWidthMM` and `0.5 * gridHeightMM`.
    let halfGridWidth: Double
    let halfGridHeight: Double
    let cellWidth: Double
    let cellHeight: Double
    /// 1 / cellWidth and 1 / cellHeight, for the fast path of `cell(x:y:)`.
    let inverseCellWidth: Double
    let inverseCellHeight: Double
    /// Whether the layer is polar (scored around the mesh axis by `ShowerTransport.scorePolar`, which
    /// reads the layer's bins); false for a Cartesian grid. A flag, not the bins, so that reading a
    /// region's readout in the hot path copies no reference-counted arrays.
    let polar: Bool

    init(region r: Int, regions: TransportRegions, layers: [Geometry.Layer]) {
        let l = regions.layer[r]
        let layer = layers[l]
        self.layer = l
        active = regions.active[r]
        scored = regions.scored[r]
        firstCell = layer.firstCell
        rows = layer.rows
        cols = layer.cols
        halfGridWidth = 0.5 * layer.gridWidthMM
        halfGridHeight = 0.5 * layer.gridHeightMM
        cellWidth = layer.cellWidthMM
        cellHeight = layer.cellHeightMM
        inverseCellWidth = 1 / layer.cellWidthMM
        inverseCellHeight = 1 / layer.cellHeightMM
        polar = layer.polar != nil
    }

    /// Index of the cell containing (x, y) in the flattened order, or nil outside the grid
    /// (`Geometry.Layer.cell`: the same cell for every point).
    @inline(__always)
    func cell(x: Double, y: Double) -> Int? {
        guard let col = RegionReadout.bin(x + halfGridWidth, cellWidth, inverseCellWidth, count: cols),
              let row = RegionReadout.bin(y + halfGridHeight, cellHeight, inverseCellHeight, count: rows)
        else { return nil }
        return firstCell &+ row &* cols &+ col
    }

    /// Int(a / size) if 0 <= a / size < count (the quotient rounded as by `/`), else nil.
    ///
    /// Fast path without a division: r = a * (1 / size) is within a few ulp (< 1e-12 for
    /// count < 1e3) of a / size, and so is the rounded quotient; when r is at least 1e-6 away
    /// from every integer, from 0 and from count, both have the integer part of r. Otherwise
    /// (a point within 1e-6 cell of a cell edge) the quotient is computed as before.
    @inline(__always)
    static func bin(_ a: Double, _ size: Double, _ inverse: Double, count: Int) -> Int? {
        let r = a * inverse
        if r > 0 && r < Double(count) {
            let k = Int(r)
            let f = r - Double(k)
            if f > 1e-6 && f < 1 - 1e-6 { return k }
        }
        let u = a / size
        guard u >= 0, u < Double(count) else { return nil }
        return Int(u)
    }
}

/// The per-shower energy accumulators of `ShowerResult` (cells, overflow, per-layer deposits) in
/// raw buffers, so that scoring a deposit is a plain add (no copy-on-write uniqueness check per
/// write). Sums are made in the same order as into the arrays; `store(into:)` copies them out.
final class ScoringTally {
    let cells: UnsafeMutableBufferPointer<Double>
    let overflow: UnsafeMutableBufferPointer<Double>
    let depositedPerLayer: UnsafeMutableBufferPointer<Double>
    let activePerLayer: UnsafeMutableBufferPointer<Double>

    init(cellCount: Int, layerCount: Int) {
        func zeros(_ n: Int) -> UnsafeMutableBufferPointer<Double> {
            let b = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
            b.initialize(repeating: 0)
            return b
        }
        cells = zeros(cellCount)
        overflow = zeros(layerCount)
        depositedPerLayer = zeros(layerCount)
        activePerLayer = zeros(layerCount)
    }

    deinit {
        cells.deallocate()
        overflow.deallocate()
        depositedPerLayer.deallocate()
        activePerLayer.deallocate()
    }

    /// Copies the sums into the result's arrays.
    func store(into result: inout ShowerResult) {
        result.cells = Array(cells)
        result.overflow = Array(overflow)
        result.depositedPerLayer = Array(depositedPerLayer)
        result.activePerLayer = Array(activePerLayer)
    }
}
