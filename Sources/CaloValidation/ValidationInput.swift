import CaloData
import CaloDetector
import CaloSupport
import Foundation

/// Where the compared showers came from, written into the report and the plots.
public struct Provenance: Sendable, Codable, Equatable {
    /// Reference file (or a description of the reference sample).
    public var reference: String
    /// Generated file, or the model folder that generated the sample.
    public var generated: String
    /// Identifier of the generator model, when there is one.
    public var modelID: String?
    /// Seed of the generated sample, when known.
    public var seed: UInt64?
    /// Legend labels.
    public var referenceLabel: String
    public var generatedLabel: String

    public init(reference: String, generated: String, modelID: String? = nil, seed: UInt64? = nil,
                referenceLabel: String = "reference", generatedLabel: String = "generated") {
        self.reference = reference
        self.generated = generated
        self.modelID = modelID
        self.seed = seed
        self.referenceLabel = referenceLabel
        self.generatedLabel = generatedLabel
    }
}

/// What to compare: two samples of one geometry (in memory or read from files chunk by chunk),
/// plus optional timings and training log.
public struct ValidationInput: Sendable {
    public var geometry: Geometry
    public var reference: any ValidationSample
    public var generated: any ValidationSample
    public var provenance: Provenance
    /// Simulator and generator timings, when measured.
    public var timings: TimingTable?
    /// The generator's training log (CSV), when there is one.
    public var trainingLog: TrainingCurves?

    public init(geometry: Geometry, reference: any ValidationSample, generated: any ValidationSample, provenance: Provenance,
                timings: TimingTable? = nil, trainingLog: TrainingCurves? = nil) {
        self.geometry = geometry
        self.reference = reference
        self.generated = generated
        self.provenance = provenance
        self.timings = timings
        self.trainingLog = trainingLog
    }

    /// Throws when a sample does not fit the geometry, is empty, lacks incident energies, or when
    /// the two record different particle species. (The cells are checked as they are read: a
    /// cell that is not finite ends `Validator.run` with `.badCellEnergy`.)
    public func check() throws(ValidationInputError) {
        for (name, s) in [("reference", reference), ("generated", generated)] {
            guard s.count > 0 else { throw .empty(sample: name) }
            guard s.cellCount == geometry.cellCount else {
                throw .cellCountMismatch(sample: name, cells: s.cellCount, geometry: geometry.name, expected: geometry.cellCount)
            }
            if let i = s.incidentEnergiesMeV.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
                throw .badIncidentEnergy(sample: name, index: i, valueMeV: s.incidentEnergiesMeV[i])
            }
        }
        // Species are compared only where both samples record them (CaloChallenge files do not).
        func species(_ s: any ValidationSample) -> [Particle] { Set(s.particles.compactMap { $0 }).sorted { $0.pdgCode < $1.pdgCode } }
        let r = species(reference), g = species(generated)
        if !r.isEmpty, !g.isEmpty, r != g { throw .particleMismatch(reference: r, generated: g) }
    }
}

/// How to validate.
public struct ValidationOptions: Sendable {
    public var thresholds = Thresholds()
    /// A cell counts for the sparsity and the cell spectrum above this energy, MeV.
    public var cellThresholdMeV: Float = 0.001
    /// Histogram bins; nil picks sqrt(min(N, M)) / 2 clamped to 10...50, which keeps the
    /// statistical floor of the separation power well below the thresholds.
    public var bins: Int?
    /// Bins of incident energy for the response (each distinct energy when there are few); five,
    /// the bins of the response and resolution checks (docs/physics.md §15).
    public var energyBins = 5
    public var threads = Threads.available
    /// The classifier test; nil skips it.
    public var classifier: ClassifierOptions? = ClassifierOptions()
    /// Precision, recall, density and coverage; nil skips them.
    public var coverage: CoverageOptions? = CoverageOptions()
    /// Most bytes of float32 cells that a test needing its showers at once (the classifier, the
    /// coverage) reads into memory, over all the sets it compares: 2 GiB. The classifier then takes
    /// at most `showerMemoryBytes / (2 * 4 * cells)` showers per class, the coverage
    /// `showerMemoryBytes / (3 * 4 * cells)` per set (CaloChallenge dataset 3, 40,500 cells: 6,628
    /// and 4,418); their features and copies take about twice as much again. Below 13,000 cells
    /// the default caps (20,000 and 10,000 showers) bind first. Every other result streams.
    public var showerMemoryBytes = 2 << 30

    public init() {}

    /// The classifier's settings for showers of `cellCount` cells: at most as many showers per
    /// class as `showerMemoryBytes` holds for both classes.
    public func classifier(cellCount: Int) -> ClassifierOptions? {
        guard var c = classifier else { return nil }
        c.maxShowersPerClass = min(c.maxShowersPerClass, max(1, showerMemoryBytes / (2 * 4 * max(cellCount, 1))))
        return c
    }

    /// The coverage's settings for showers of `cellCount` cells: at most as many showers per set
    /// as `showerMemoryBytes` holds for its three sets.
    public func coverage(cellCount: Int) -> CoverageOptions? {
        guard var c = coverage else { return nil }
        c.maxShowersPerSample = min(c.maxShowersPerSample, max(1, showerMemoryBytes / (3 * 4 * max(cellCount, 1))))
        return c
    }

    /// The histogram bin count for samples of n and m showers.
    public func binCount(n: Int, m: Int) -> Int {
        bins ?? min(50, max(10, Int(Double(min(n, m)).squareRoot() / 2)))
    }
}
