/// Something that turns incident energies into showers: the trained generator (or a test double).
public protocol ShowerGenerating: Sendable {
    /// The model's description (geometry, trained energy range, id).
    var configuration: ModelConfiguration { get }

    /// Showers for `incidentMeV`, row-major [count, cells] in MeV, never negative or NaN.
    ///
    /// Shower `k` of the call uses the noise of stream `firstIndex + k` under `seed`, so the
    /// result does not depend on how a run is cut into batches or threads.
    func generate(incidentMeV: [Float], seed: UInt64, firstIndex: Int) -> [Float]
}
