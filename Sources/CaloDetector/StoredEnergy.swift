/// How a simulated cell's scored energy is written to a dataset: divided by a sampling
/// fraction, and (on request) zeroed below a readout threshold.
///
/// The CaloChallenge stores datasets 2 and 3 as silicon energy / 0.033 (`sampling_fraction =
/// 1./0.033` in CaloChallenge/homepage `Dataset_creation.ipynb`, "rescale by sampling_fraction")
/// with a voxel threshold of 15.15 keV on the stored values (homepage README). JSON:
/// `"storedEnergy": { "samplingFraction": 0.033, "readoutThresholdMeV": 0.01515 }` (par04-ds2/ds3 use
/// 0.5e-3 / 0.033 MeV, the `min_energy` of the CaloChallenge's `code/evaluate.py`: 0.5 keV in silicon).
public struct StoredEnergy: Sendable, Equatable {
    /// Stored = scored / samplingFraction (1: the scored energy itself).
    public var samplingFraction: Double
    /// Stored cells below this (MeV, in stored units) are set to 0 when the threshold is
    /// applied (`simulate --readout-threshold`); nil: the geometry defines none.
    public var readoutThresholdMeV: Double?

    public init(samplingFraction: Double = 1, readoutThresholdMeV: Double? = nil) {
        precondition(samplingFraction > 0 && samplingFraction <= 1, "StoredEnergy: sampling fraction outside (0, 1]")
        self.samplingFraction = samplingFraction
        self.readoutThresholdMeV = readoutThresholdMeV
    }

    /// The stored value of a cell that scored `energyMeV`: energy / samplingFraction, then 0 if
    /// below the threshold when `applyThreshold`.
    @inlinable
    public func stored(_ energyMeV: Double, applyThreshold: Bool) -> Float {
        let v = energyMeV / samplingFraction
        if applyThreshold, let t = readoutThresholdMeV, v < t { return 0 }
        return Float(v)
    }
}
