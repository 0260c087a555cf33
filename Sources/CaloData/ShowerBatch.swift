import CaloDetector
import CaloSupport

/// Showers in memory, in the dataset layout: what the datasets store, the GAN trains on and the
/// validation compares.
///
/// Shapes: `incidentEnergiesMeV` [count], `cellEnergiesMeV` [count, cellCount] row-major (MeV
/// per cell, cells in the geometry's flattened order), `particles` [count] (nil where the
/// species is not recorded, as in CaloChallenge files without a `particle` dataset).
public struct ShowerBatch: Sendable, Equatable {
    /// Energy of the incident particle of each shower, MeV.
    public var incidentEnergiesMeV: [Float]
    /// Cell energies, row-major [count, cellCount], MeV.
    public var cellEnergiesMeV: [Float]
    /// Species of each shower's incident particle; nil where not recorded.
    public var particles: [Particle?]
    /// Cells per shower.
    public let cellCount: Int

    /// Number of showers.
    public var count: Int { incidentEnergiesMeV.count }

    /// Showers from arrays; `particles` nil means no shower's species is recorded.
    public init(incidentEnergiesMeV: [Float], cellEnergiesMeV: [Float], particles: [Particle?]? = nil, cellCount: Int) {
        require(cellCount > 0, "ShowerBatch: cellCount must be > 0")
        require(cellEnergiesMeV.count == incidentEnergiesMeV.count * cellCount,
                     "ShowerBatch: \(cellEnergiesMeV.count) cell values, expected \(incidentEnergiesMeV.count) showers x \(cellCount) cells")
        let species = particles ?? Array(repeating: nil, count: incidentEnergiesMeV.count)
        require(species.count == incidentEnergiesMeV.count,
                     "ShowerBatch: \(species.count) particles for \(incidentEnergiesMeV.count) showers")
        self.incidentEnergiesMeV = incidentEnergiesMeV
        self.cellEnergiesMeV = cellEnergiesMeV
        self.particles = species
        self.cellCount = cellCount
    }

    /// An empty batch with room for `capacity` showers.
    public init(cellCount: Int, capacity: Int = 0) {
        self.init(incidentEnergiesMeV: [], cellEnergiesMeV: [], particles: [], cellCount: cellCount)
        incidentEnergiesMeV.reserveCapacity(capacity)
        cellEnergiesMeV.reserveCapacity(capacity * cellCount)
        particles.reserveCapacity(capacity)
    }

    /// Appends one shower.
    public mutating func append(incidentEnergyMeV: Float, cells: some Collection<Float>, particle: Particle?) {
        require(cells.count == cellCount, "ShowerBatch.append: \(cells.count) cells, expected \(cellCount)")
        incidentEnergiesMeV.append(incidentEnergyMeV)
        cellEnergiesMeV.append(contentsOf: cells)
        particles.append(particle)
    }

    /// Appends every shower of another batch.
    public mutating func append(contentsOf other: ShowerBatch) {
        require(other.cellCount == cellCount, "ShowerBatch.append: \(other.cellCount) cells, expected \(cellCount)")
        incidentEnergiesMeV.append(contentsOf: other.incidentEnergiesMeV)
        cellEnergiesMeV.append(contentsOf: other.cellEnergiesMeV)
        particles.append(contentsOf: other.particles)
    }

    /// The cells of shower `i`.
    public func shower(_ i: Int) -> ArraySlice<Float> {
        cellEnergiesMeV[(i * cellCount)..<((i + 1) * cellCount)]
    }


    /// The showers in `range` as a new batch.
    public func slice(_ range: Range<Int>) -> ShowerBatch {
        require(range.lowerBound >= 0 && range.upperBound <= count, "ShowerBatch.slice: \(range) of \(count) showers")
        return ShowerBatch(incidentEnergiesMeV: Array(incidentEnergiesMeV[range]),
                           cellEnergiesMeV: Array(cellEnergiesMeV[range.lowerBound * cellCount..<range.upperBound * cellCount]),
                           particles: Array(particles[range]), cellCount: cellCount)
    }
}
