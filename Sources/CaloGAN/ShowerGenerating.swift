import CaloData

/// Something that turns shower conditions into showers: the trained generator (or a test double).
public protocol ShowerGenerating: Sendable {
    /// The model's description (geometry, trained condition ranges, id).
    var configuration: ModelConfiguration { get }

    /// Showers for `incidentMeV` (the model's single species at normal incidence through the
    /// centre), row-major [count, cells] in MeV, never negative or NaN.
    ///
    /// Shower `k` of the call uses the noise of stream `firstIndex + k` under `seed`, so the
    /// result does not depend on how a run is cut into batches or threads.
    func generate(incidentMeV: [Float], seed: UInt64, firstIndex: Int) -> [Float]

    /// Showers for full conditions (species, energy, direction, impact point), as
    /// `generate(incidentMeV:...)`; every condition must be one the model can be asked for
    /// (`ModelConfiguration.domain(of:)` not `.untrained`).
    func generate(conditions: [ShowerConditions], seed: UInt64, firstIndex: Int) -> [Float]
}

extension ShowerGenerating {
    /// A generator of the energy alone: the conditions' energies (for test doubles).
    public func generate(conditions: [ShowerConditions], seed: UInt64, firstIndex: Int) -> [Float] {
        generate(incidentMeV: conditions.map(\.incidentEnergyMeV), seed: seed, firstIndex: firstIndex)
    }
}
