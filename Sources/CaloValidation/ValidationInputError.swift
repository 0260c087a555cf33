import CaloDetector

/// Why two samples cannot be compared; each message says what is wrong and with which file.
public enum ValidationInputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A sample's cell count does not match the geometry (or the other sample).
    case cellCountMismatch(sample: String, cells: Int, geometry: String, expected: Int)
    /// Two files written for different geometries.
    case geometryMismatch(reference: String, generated: String)
    /// A sample without showers.
    case empty(sample: String)
    /// A sample whose incident energies are missing, zero, negative or not finite.
    case badIncidentEnergy(sample: String, index: Int, valueMeV: Float)
    /// A sample with a cell energy that is not finite (NaN or infinite).
    case badCellEnergy(sample: String, shower: Int, cell: Int, valueMeV: Float)
    /// Samples whose recorded particle species differ (each list sorted by PDG code).
    case particleMismatch(reference: [Particle], generated: [Particle])

    public var description: String {
        switch self {
        case let .cellCountMismatch(sample, cells, geometry, expected):
            return "\(sample) has \(cells) cells per shower, geometry '\(geometry)' has \(expected)"
        case let .geometryMismatch(reference, generated):
            return "the files are for different geometries: reference \(reference), generated \(generated); compare showers of one geometry"
        case let .empty(sample):
            return "\(sample) has no showers"
        case let .badIncidentEnergy(sample, index, value):
            return "\(sample): shower \(index) has incident energy \(value) MeV; validation needs the incident energy of every shower (> 0)"
        case let .badCellEnergy(sample, shower, cell, value):
            return "\(sample): shower \(shower) cell \(cell) has energy \(value) MeV (must be finite)"
        case let .particleMismatch(reference, generated):
            func names(_ list: [Particle]) -> String { list.map(\.name).joined(separator: ", ") }
            return "the reference showers are \(names(reference)), the generated ones \(names(generated)); compare showers of one particle species"
        }
    }
}
