import CaloData
import CaloDetector

extension ValidationSample {
    /// The showers of a `ShowerBatch` (same layout; the particle codes are not used).
    public init(_ batch: ShowerBatch) {
        self.init(incidentEnergiesMeV: batch.incidentEnergiesMeV, cellEnergiesMeV: batch.showers, cellCount: batch.cellCount)
    }
}

extension ValidationInput {
    /// Validation input from two batches of one geometry.
    public init(geometry: Geometry, reference: ShowerBatch, generated: ShowerBatch, provenance: Provenance,
                timings: TimingTable? = nil, trainingLog: TrainingCurves? = nil) {
        self.init(geometry: geometry, reference: ValidationSample(reference), generated: ValidationSample(generated),
                  provenance: provenance, timings: timings, trainingLog: trainingLog)
    }
}
