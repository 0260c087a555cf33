/// One observable's histograms for both samples and every metric that compares them.
public struct HistogramComparison: Sendable, Codable {
    /// Machine key ("layer1.width_x", "layer0.cell_spectrum").
    public var key: String
    public var title: String
    /// Axis label with unit.
    public var axisLabel: String
    /// File stem of the figure this histogram is drawn in ("width_x").
    public var figure: String
    public var layer: Int?
    public var grade: Observable.Grade
    public var reference: Histogram
    public var generated: Histogram
    public var referenceStatistics: SampleStatistics
    public var generatedStatistics: SampleStatistics
    /// Separation power S (CaloChallenge definition).
    public var separationPower: Double
    /// S expected from statistics alone for these sample sizes and occupied bins.
    public var separationFloor: Double
    public var chiSquare: ChiSquare.Result
    /// 1-D Wasserstein distance of the unbinned values, in the observable's unit.
    public var wasserstein: Double
    /// W1 divided by the reference's standard deviation (comparable across observables).
    public var wassersteinOverReferenceSD: Double

    /// Histograms both samples over common bins chosen from the reference and computes the metrics.
    public init(key: String, title: String, axisLabel: String, figure: String, layer: Int?, grade: Observable.Grade,
                reference: [Float], generated: [Float], bins: Int, quantum: Double? = nil) {
        self.key = key
        self.title = title
        self.axisLabel = axisLabel
        self.figure = figure
        self.layer = layer
        self.grade = grade
        let binning = Binning.automatic(reference: reference, generated: generated, bins: bins, quantum: quantum)
        self.reference = Histogram(binning: binning, values: reference)
        self.generated = Histogram(binning: binning, values: generated)
        referenceStatistics = SampleStatistics(reference)
        generatedStatistics = SampleStatistics(generated)
        separationPower = SeparationPower.of(self.reference, self.generated)
        let occupied = zip(self.reference.counts, self.generated.counts).filter { $0 + $1 > 0 }.count
        separationFloor = SeparationPower.statisticalFloor(bins: occupied, n: self.reference.entries, m: self.generated.entries)
        chiSquare = ChiSquare.test(self.reference, self.generated)
        wasserstein = Wasserstein.distance(reference, generated)
        let sd = referenceStatistics.standardDeviation
        wassersteinOverReferenceSD = sd > 0 ? wasserstein / sd : .nan
    }

    /// The comparison of an `Observable`; a fraction of cells is binned on multiples of 1/cells.
    public init(observable: Observable, reference: [Float], generated: [Float], bins: Int, cellsInLayer: Int?) {
        var quantum: Double?
        if case .sparsity = observable, let c = cellsInLayer { quantum = 1 / Double(c) }
        self.init(key: observable.key, title: observable.title, axisLabel: observable.axisLabel,
                  figure: observable.family.fileStem, layer: observable.layer, grade: observable.grade,
                  reference: reference, generated: generated, bins: bins, quantum: quantum)
    }
}
