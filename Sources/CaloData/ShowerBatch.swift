/// A block of showers in memory, in the dataset layout.
///
/// Shapes: `incidentEnergiesMeV` [count], `showers` [count, cellCount] row-major (MeV per cell,
/// cells in the geometry's order), `particles` [count] PDG codes.
public struct ShowerBatch: Sendable, Equatable {
    public var incidentEnergiesMeV: [Float]
    public var showers: [Float]
    public var particles: [Int32]
    public let cellCount: Int

    public var count: Int { incidentEnergiesMeV.count }

    public init(incidentEnergiesMeV: [Float], showers: [Float], particles: [Int32], cellCount: Int) {
        precondition(cellCount > 0, "ShowerBatch: cellCount must be > 0")
        precondition(showers.count == incidentEnergiesMeV.count * cellCount,
                     "ShowerBatch: showers has \(showers.count) values, expected \(incidentEnergiesMeV.count) x \(cellCount)")
        precondition(particles.count == incidentEnergiesMeV.count,
                     "ShowerBatch: \(particles.count) particles for \(incidentEnergiesMeV.count) showers")
        self.incidentEnergiesMeV = incidentEnergiesMeV
        self.showers = showers
        self.particles = particles
        self.cellCount = cellCount
    }

    /// An empty batch with room for `capacity` showers.
    public init(cellCount: Int, capacity: Int = 0) {
        self.init(incidentEnergiesMeV: [], showers: [], particles: [], cellCount: cellCount)
        incidentEnergiesMeV.reserveCapacity(capacity)
        showers.reserveCapacity(capacity * cellCount)
        particles.reserveCapacity(capacity)
    }

    /// Appends one shower.
    public mutating func append(incidentEnergyMeV: Float, cells: some Collection<Float>, particle: Int32) {
        precondition(cells.count == cellCount, "ShowerBatch.append: \(cells.count) cells, expected \(cellCount)")
        incidentEnergiesMeV.append(incidentEnergyMeV)
        showers.append(contentsOf: cells)
        particles.append(particle)
    }

    /// Appends every shower of another batch.
    public mutating func append(contentsOf other: ShowerBatch) {
        precondition(other.cellCount == cellCount, "ShowerBatch.append: \(other.cellCount) cells, expected \(cellCount)")
        incidentEnergiesMeV.append(contentsOf: other.incidentEnergiesMeV)
        showers.append(contentsOf: other.showers)
        particles.append(contentsOf: other.particles)
    }

    /// The cells of shower `i`.
    public func shower(_ i: Int) -> ArraySlice<Float> {
        showers[(i * cellCount)..<((i + 1) * cellCount)]
    }
}

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

    /// The layout version this build writes and reads.
    public static let currentFormatVersion = 1

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
