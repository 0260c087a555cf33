/// What a shower file says about itself (HDF5 file attributes).
public struct ShowerFileMetadata: Sendable, Equatable {
    /// Version of calosim's dataset layout; readers reject newer versions.
    public var formatVersion: Int
    /// The geometry JSON the showers were made in.
    public var geometryJSON: String
    /// Who made the showers: "calosim simulate 0.1.0" or a model id.
    public var producer: String
    /// The run's random seed.
    public var seed: UInt64
    /// The command line that made the file.
    public var commandLine: String
    /// Further key/value facts (particle, energy spectrum, model id...).
    public var extra: [String: String]

    /// The layout version this build writes and reads. 1: energies, showers, species; 2: also
    /// the arrival (`incident_theta`, `incident_phi`, `impact_point`) where a file records it.
    public static let currentFormatVersion = 2

    public init(geometryJSON: String, producer: String, seed: UInt64, commandLine: String,
                extra: [String: String] = [:], formatVersion: Int = ShowerFileMetadata.currentFormatVersion) {
        self.formatVersion = formatVersion
        self.geometryJSON = geometryJSON
        self.producer = producer
        self.seed = seed
        self.commandLine = commandLine
        self.extra = extra
    }
}
