import CaloSupport

/// A binned profile (mean per bin with errors) of both samples: longitudinal or radial.
public struct ProfileComparison: Sendable, Codable {
    public var key: String
    public var title: String
    /// x label with unit ("depth z [mm]").
    public var xLabel: String
    /// y label with unit.
    public var yLabel: String
    /// Bin edges along x.
    public var edges: [Double]
    public var reference: [Double]
    public var referenceError: [Double]
    public var generated: [Double]
    public var generatedError: [Double]
    /// Largest |generated / reference - 1| over bins where the reference is at least 1% of its peak.
    public var maxRelativeDeviation: Double

    public init(key: String, title: String, xLabel: String, yLabel: String, edges: [Double],
                reference: [Double], referenceError: [Double], generated: [Double], generatedError: [Double]) {
        require(edges.count == reference.count + 1 && reference.count == generated.count,
                     "ProfileComparison: \(edges.count) edges, \(reference.count) and \(generated.count) values")
        self.key = key
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.edges = edges
        self.reference = reference
        self.referenceError = referenceError
        self.generated = generated
        self.generatedError = generatedError
        maxRelativeDeviation = maxRelativeDeviationAboveOnePercent(reference: reference, generated: generated)
    }
}

/// The mean energy of every cell of one layer, reference and generated (for the heatmaps).
public struct MeanImageComparison: Sendable, Codable {
    public var layer: Int
    public var rows: Int
    public var cols: Int
    /// Cell size along x and y, mm.
    public var cellWidthMM: Double
    public var cellHeightMM: Double
    /// Mean cell energies, row-major, MeV.
    public var reference: [Double]
    public var generated: [Double]
    /// Largest |generated / reference - 1| over cells holding at least 1% of the hottest cell.
    public var maxRelativeDeviation: Double
    /// A polar layer's r edges, mm (rows are then alpha bins, columns r bins); nil for a Cartesian grid.
    public var rEdgesMM: [Double]?

    public init(layer: Int, rows: Int, cols: Int, cellWidthMM: Double, cellHeightMM: Double,
                reference: [Double], generated: [Double]) {
        self.layer = layer
        self.rows = rows
        self.cols = cols
        self.cellWidthMM = cellWidthMM
        self.cellHeightMM = cellHeightMM
        self.reference = reference
        self.generated = generated
        maxRelativeDeviation = maxRelativeDeviationAboveOnePercent(reference: reference, generated: generated)
    }
}

/// Largest |generated / reference - 1| over entries holding at least 1% of the reference's peak.
func maxRelativeDeviationAboveOnePercent(reference: [Double], generated: [Double]) -> Double {
    let peak = reference.max() ?? 0
    var worst = 0.0
    for i in 0..<reference.count where reference[i] > 0.01 * peak && reference[i] > 0 {
        worst = max(worst, abs(generated[i] / reference[i] - 1))
    }
    return worst
}
