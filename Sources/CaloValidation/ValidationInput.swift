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

/// What to compare: two samples of one geometry, plus optional timings and training log.
public struct ValidationInput: Sendable {
    public var geometry: Geometry
    public var reference: ShowerBatch
    public var generated: ShowerBatch
    public var provenance: Provenance
    /// Simulator and generator timings, when measured.
    public var timings: TimingTable?
    /// The generator's training log (CSV), when there is one.
    public var trainingLog: TrainingCurves?

    public init(geometry: Geometry, reference: ShowerBatch, generated: ShowerBatch, provenance: Provenance,
                timings: TimingTable? = nil, trainingLog: TrainingCurves? = nil) {
        self.geometry = geometry
        self.reference = reference
        self.generated = generated
        self.provenance = provenance
        self.timings = timings
        self.trainingLog = trainingLog
    }

    /// Throws when a sample does not fit the geometry, is empty, lacks incident energies, or when
    /// the two record different particle species.
    public func check() throws(ValidationInputError) {
        for (name, s) in [("reference", reference), ("generated", generated)] {
            guard s.count > 0 else { throw .empty(sample: name) }
            guard s.cellCount == geometry.cellCount else {
                throw .cellCountMismatch(sample: name, cells: s.cellCount, geometry: geometry.name, expected: geometry.cellCount)
            }
            if let i = s.incidentEnergiesMeV.firstIndex(where: { !($0 > 0) || !$0.isFinite }) {
                throw .badIncidentEnergy(sample: name, index: i, valueMeV: s.incidentEnergiesMeV[i])
            }
            if let i = s.cellEnergiesMeV.firstIndex(where: { !$0.isFinite }) {
                throw .badCellEnergy(sample: name, shower: i / s.cellCount, cell: i % s.cellCount, valueMeV: s.cellEnergiesMeV[i])
            }
        }
        // Species are compared only where both samples record them (CaloChallenge files do not).
        func species(_ s: ShowerBatch) -> [Particle] { Set(s.particles.compactMap { $0 }).sorted { $0.pdgCode < $1.pdgCode } }
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

    public init() {}

    /// The histogram bin count for samples of n and m showers.
    public func binCount(n: Int, m: Int) -> Int {
        bins ?? min(50, max(10, Int(Double(min(n, m)).squareRoot() / 2)))
    }
}
