import CaloDetector

/// Rings around the beam axis for the radial profile of one layer: every cell goes to the ring
/// containing its centre's distance r = sqrt(x^2 + y^2) from the axis; a polar layer's rings are
/// its own r bins.
public struct RadialBins: Sendable, Codable, Equatable {
    /// Ring edges in r, mm (ring width = the smaller cell dimension).
    public let edgesMM: [Double]
    /// Ring of each cell of the layer (row-major).
    public let ringOfCell: [Int]
    /// Total cell area in each ring, mm^2.
    public let areaMM2: [Double]

    public init(layer: Geometry.Layer) {
        if let polar = layer.polar {
            // The layer's own r bins (a layer without cells: one empty ring of unit area).
            guard polar.rBins > 0 else {
                edgesMM = [polar.rEdgesMM[0], polar.rEdgesMM[0] + 1]
                ringOfCell = []
                areaMM2 = [1]
                return
            }
            edgesMM = polar.rEdgesMM
            ringOfCell = (0..<polar.cellCount).map { $0 % polar.rBins }
            areaMM2 = (0..<polar.rBins).map { polar.areaMM2(r: $0) * Double(polar.alphaBins) }
            return
        }
        let width = min(layer.cellWidthMM, layer.cellHeightMM)
        var r = [Double]()
        for row in 0..<layer.rows {
            for col in 0..<layer.cols {
                let c = layer.cellCentre(row: row, col: col)
                r.append((c.xMM * c.xMM + c.yMM * c.yMM).squareRoot())
            }
        }
        let rings = max(1, Int((r.max() ?? 0) / width) + 1)
        edgesMM = (0...rings).map { Double($0) * width }
        ringOfCell = r.map { min(rings - 1, Int($0 / width)) }
        var area = Array(repeating: 0.0, count: rings)
        for ring in ringOfCell { area[ring] += layer.cellWidthMM * layer.cellHeightMM }
        areaMM2 = area
    }

    public var ringCount: Int { areaMM2.count }
}
