import CaloDetector
import CaloSupport

/// Showers in memory, in the dataset layout: what the datasets store, the GAN trains on and the
/// validation compares. Columns as in the file; `conditions(_:)` gives one shower's
/// `ShowerConditions`.
///
/// Shapes: `incidentEnergiesMeV` [count], `cellEnergiesMeV` [count, cellCount] row-major (MeV
/// per cell, cells in the geometry's flattened order), `particles` [count] (nil where the
/// species is not recorded, as in CaloChallenge files without a `particle` dataset),
/// `incidentThetaRadians`, `incidentPhiRadians` [count] (radians) and `impactPointsMM`
/// [count, 2] (x, y in mm): zeros where `recordsArrival` is false (normal incidence at the
/// centre, as in files that do not record the arrival).
public struct ShowerBatch: Sendable, Equatable {
    /// Energy of the incident particle of each shower, MeV.
    public var incidentEnergiesMeV: [Float]
    /// Cell energies, row-major [count, cellCount], MeV.
    public var cellEnergiesMeV: [Float]
    /// Species of each shower's incident particle; nil where not recorded.
    public var particles: [Particle?]
    /// Polar angle of each shower's incident direction to the calorimeter's normal, radians.
    public var incidentThetaRadians: [Float]
    /// Azimuth of each shower's incident direction about the normal, radians.
    public var incidentPhiRadians: [Float]
    /// Impact points on the front face, row-major [count, 2] (x, y), mm.
    public var impactPointsMM: [Float]
    /// True where the source records each shower's direction and impact point; false for data
    /// that do not (the columns then hold zeros: normal incidence at the centre).
    public var recordsArrival: Bool
    /// Cells per shower.
    public let cellCount: Int

    /// Number of showers.
    public var count: Int { incidentEnergiesMeV.count }

    /// Showers from arrays; `particles` nil means no shower's species is recorded, `arrival` nil
    /// that no shower's direction and impact point are (`recordsArrival` false, zeros).
    /// `arrival`: theta and phi [count] in radians, impact [count, 2] in mm.
    public init(incidentEnergiesMeV: [Float], cellEnergiesMeV: [Float], particles: [Particle?]? = nil,
                arrival: (theta: [Float], phi: [Float], impactMM: [Float])? = nil, cellCount: Int) {
        require(cellCount > 0, "ShowerBatch: cellCount must be > 0")
        let n = incidentEnergiesMeV.count
        require(cellEnergiesMeV.count == n * cellCount,
                     "ShowerBatch: \(cellEnergiesMeV.count) cell values, expected \(n) showers x \(cellCount) cells")
        let species = particles ?? Array(repeating: nil, count: n)
        require(species.count == n, "ShowerBatch: \(species.count) particles for \(n) showers")
        if let arrival {
            require(arrival.theta.count == n && arrival.phi.count == n && arrival.impactMM.count == 2 * n,
                    "ShowerBatch: arrival of \(arrival.theta.count), \(arrival.phi.count), \(arrival.impactMM.count / 2) showers for \(n)")
        }
        self.incidentEnergiesMeV = incidentEnergiesMeV
        self.cellEnergiesMeV = cellEnergiesMeV
        self.particles = species
        self.incidentThetaRadians = arrival?.theta ?? Array(repeating: 0, count: n)
        self.incidentPhiRadians = arrival?.phi ?? Array(repeating: 0, count: n)
        self.impactPointsMM = arrival?.impactMM ?? Array(repeating: 0, count: 2 * n)
        self.recordsArrival = arrival != nil
        self.cellCount = cellCount
    }

    /// An empty batch with room for `capacity` showers; `recordsArrival` says whether the
    /// showers appended will carry their direction and impact point.
    public init(cellCount: Int, capacity: Int = 0, recordsArrival: Bool = false) {
        self.init(incidentEnergiesMeV: [], cellEnergiesMeV: [], particles: [],
                  arrival: recordsArrival ? ([], [], []) : nil, cellCount: cellCount)
        incidentEnergiesMeV.reserveCapacity(capacity)
        cellEnergiesMeV.reserveCapacity(capacity * cellCount)
        particles.reserveCapacity(capacity)
        incidentThetaRadians.reserveCapacity(capacity)
        incidentPhiRadians.reserveCapacity(capacity)
        impactPointsMM.reserveCapacity(2 * capacity)
    }

    /// Appends one shower at normal incidence through the centre.
    public mutating func append(incidentEnergyMeV: Float, cells: some Collection<Float>, particle: Particle?) {
        append(cells: cells, conditions: ShowerConditions(particle: particle, incidentEnergyMeV: incidentEnergyMeV))
    }

    /// Appends one shower with its conditions.
    public mutating func append(cells: some Collection<Float>, conditions c: ShowerConditions) {
        require(cells.count == cellCount, "ShowerBatch.append: \(cells.count) cells, expected \(cellCount)")
        require(recordsArrival || c.isNormalAtCentre,
                "ShowerBatch.append: a shower with a direction or impact point into a batch that records none")
        incidentEnergiesMeV.append(c.incidentEnergyMeV)
        cellEnergiesMeV.append(contentsOf: cells)
        particles.append(c.particle)
        incidentThetaRadians.append(c.thetaRadians)
        incidentPhiRadians.append(c.phiRadians)
        impactPointsMM.append(c.impactXMM)
        impactPointsMM.append(c.impactYMM)
    }

    /// Appends every shower of another batch. The result records the arrival only where both
    /// do (an empty batch takes the other's).
    public mutating func append(contentsOf other: ShowerBatch) {
        require(other.cellCount == cellCount, "ShowerBatch.append: \(other.cellCount) cells, expected \(cellCount)")
        recordsArrival = count == 0 ? other.recordsArrival : (recordsArrival && other.recordsArrival)
        incidentEnergiesMeV.append(contentsOf: other.incidentEnergiesMeV)
        cellEnergiesMeV.append(contentsOf: other.cellEnergiesMeV)
        particles.append(contentsOf: other.particles)
        incidentThetaRadians.append(contentsOf: other.incidentThetaRadians)
        incidentPhiRadians.append(contentsOf: other.incidentPhiRadians)
        impactPointsMM.append(contentsOf: other.impactPointsMM)
    }

    /// The conditions of shower `i`.
    public func conditions(_ i: Int) -> ShowerConditions {
        ShowerConditions(particle: particles[i], incidentEnergyMeV: incidentEnergiesMeV[i],
                         thetaRadians: incidentThetaRadians[i], phiRadians: incidentPhiRadians[i],
                         impactXMM: impactPointsMM[2 * i], impactYMM: impactPointsMM[2 * i + 1])
    }

    /// Every shower's conditions, in order.
    public var conditions: [ShowerConditions] { (0..<count).map(conditions) }

    /// The cells of shower `i`.
    public func shower(_ i: Int) -> ArraySlice<Float> {
        cellEnergiesMeV[(i * cellCount)..<((i + 1) * cellCount)]
    }


    /// The showers in `range` as a new batch.
    public func slice(_ range: Range<Int>) -> ShowerBatch {
        require(range.lowerBound >= 0 && range.upperBound <= count, "ShowerBatch.slice: \(range) of \(count) showers")
        let arrival = recordsArrival
            ? (Array(incidentThetaRadians[range]), Array(incidentPhiRadians[range]),
               Array(impactPointsMM[2 * range.lowerBound..<2 * range.upperBound])) : nil
        return ShowerBatch(incidentEnergiesMeV: Array(incidentEnergiesMeV[range]),
                           cellEnergiesMeV: Array(cellEnergiesMeV[range.lowerBound * cellCount..<range.upperBound * cellCount]),
                           particles: Array(particles[range]), arrival: arrival, cellCount: cellCount)
    }
}
