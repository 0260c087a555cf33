import CaloData
import CaloDetector
import CaloSupport
import Foundation

/// A training set in memory, split into training and validation showers.
///
/// Shapes: `cells` [count, cellCount] in network space (after the cell transform), `condition`
/// [count] in [-1, 1], `incidentMeV` [count]. The split is a seeded shuffle, so the same seed
/// always holds out the same showers.
public struct TrainingData: Sendable {
    public struct Split: Sendable {
        public var cells: [Float]
        public var condition: [Float]
        public var incidentMeV: [Float]
        /// Total deposited energy per shower, MeV (for the chi2 selection).
        public var totalMeV: [Float]
        public var count: Int { incidentMeV.count }

        /// Showers in network space: `cells` [count, cellCount], `condition`, `incidentMeV` and
        /// `totalMeV` [count] each.
        public init(cells: [Float], condition: [Float], incidentMeV: [Float], totalMeV: [Float]) {
            require(condition.count == incidentMeV.count && totalMeV.count == incidentMeV.count,
                         "TrainingData.Split: \(condition.count) conditions, \(incidentMeV.count) energies, \(totalMeV.count) totals")
            self.cells = cells
            self.condition = condition
            self.incidentMeV = incidentMeV
            self.totalMeV = totalMeV
        }
    }

    public let geometry: Geometry
    public let cellCount: Int
    /// Species of the training showers (the first shower's; nil when the file does not record it).
    public let particle: Particle?
    public let energyCondition: EnergyCondition
    public let training: Split
    public let validation: Split
    public let sourceSeed: UInt64

    /// Reads `url`, refuses NaN/negative/infinite values (naming the shower), transforms and splits.
    /// `geometry` describes a file that records none (a CaloChallenge file).
    public init(url: URL, transform: CellTransform, validationFraction: Float, seed: UInt64,
                condition: EnergyCondition? = nil, geometry expected: Geometry? = nil) throws {
        let reader = try ShowerFileReader(url: url, expectedGeometry: expected)
        guard reader.count >= 10 else {
            throw CalosimError.badFile(path: url.path, reason: "holds \(reader.count) showers; training needs many more")
        }
        let batch = try reader.readAll()
        let cells = reader.cellCount
        try Self.checkValues(batch, path: url.path, use: "train")
        geometry = reader.geometry
        cellCount = cells
        particle = batch.particles.first ?? nil
        sourceSeed = reader.metadata.seed
        let cond = condition ?? EnergyCondition(energiesMeV: batch.incidentEnergiesMeV)
        energyCondition = cond

        // Seeded Fisher-Yates shuffle of shower indices; the first part is held out.
        var order = Array(0..<batch.count)
        var rng = StreamDomain.trainingSplit.generator(key: seed, index: 0)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        let held = max(1, Int(Float(batch.count) * validationFraction))
        func split(_ indices: ArraySlice<Int>) -> Split {
            var s = Split(cells: [], condition: [], incidentMeV: [], totalMeV: [])
            s.cells.reserveCapacity(indices.count * cells)
            for i in indices {
                let e = batch.incidentEnergiesMeV[i]
                let shower = batch.shower(i)
                s.cells.append(contentsOf: shower.map { transform.forward($0 / e) })
                s.condition.append(cond.value(e))
                s.incidentMeV.append(e)
                s.totalMeV.append(shower.reduce(0, +))
            }
            return s
        }
        validation = split(order[..<held])
        training = split(order[held...])
    }

    /// Refuses a shower with a non-positive or non-finite incident energy, or a NaN, infinite or
    /// negative cell, naming the shower; `use` completes "refusing to ... on it".
    public static func checkValues(_ batch: ShowerBatch, path: String, use: String) throws {
        for i in 0..<batch.count {
            let e = batch.incidentEnergiesMeV[i]
            guard e.isFinite, e > 0 else {
                throw CalosimError.badFile(path: path, reason: "shower \(i) has incident energy \(e) MeV")
            }
            if let c = batch.shower(i).firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw CalosimError.badFile(path: path, reason:
                    "shower \(i) has \(batch.cellEnergiesMeV[c]) MeV in cell \(c - i * batch.cellCount) (NaN, infinite or negative); refusing to \(use) on it")
            }
        }
    }
}
