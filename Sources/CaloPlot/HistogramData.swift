import CaloSupport

/// A binned distribution to draw: bin edges, a value per bin and its error.
public struct HistogramData: Sendable, Equatable {
    public var edges: [Double]
    public var values: [Double]
    public var errors: [Double]

    public init(edges: [Double], values: [Double], errors: [Double]) {
        require(edges.count == values.count + 1 && values.count == errors.count,
                     "HistogramData: \(edges.count) edges, \(values.count) values, \(errors.count) errors")
        self.edges = edges
        self.values = values
        self.errors = errors
    }

    /// Bin centres (geometric when `logarithmic`).
    public func centres(logarithmic: Bool) -> [Double] {
        (0..<values.count).map { i in
            logarithmic && edges[i] > 0 ? (edges[i] * edges[i + 1]).squareRoot() : 0.5 * (edges[i] + edges[i + 1])
        }
    }
}

/// One panel of a reference-versus-generated histogram figure.
public struct HistogramPanelData: Sendable {
    /// Panel title ("Layer 1"), may be empty.
    public var title: String
    /// x label with unit.
    public var xLabel: String
    public var yLabel: String
    public var logX: Bool
    /// nil: logarithmic when the occupied bins span more than three decades.
    public var logY: Bool?
    public var reference: HistogramData
    public var generated: HistogramData
    public var referenceLabel: String
    public var generatedLabel: String
    /// Lines of text drawn in the upper left ("S = 0.0012").
    public var annotations: [String]

    public init(title: String, xLabel: String, yLabel: String = "fraction of showers per bin", logX: Bool = false,
                logY: Bool? = nil, reference: HistogramData, generated: HistogramData,
                referenceLabel: String = "reference", generatedLabel: String = "generated", annotations: [String] = []) {
        require(reference.edges == generated.edges, "HistogramPanelData: reference and generated bins differ")
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
        self.reference = reference
        self.generated = generated
        self.referenceLabel = referenceLabel
        self.generatedLabel = generatedLabel
        self.annotations = annotations
    }
}
