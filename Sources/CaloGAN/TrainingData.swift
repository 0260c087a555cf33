import CaloData
import CaloDetector
import CaloSupport
import Foundation

/// A training set in memory, split into training and validation showers.
///
/// Shapes: `cells` [count, cellCount] in network space (after the cell transform; the training
/// split's only), `condition`
/// [count, conditionWidth] (`ConditionEncoding`, entries in [-1, 1] inside the trained ranges),
/// `incidentMeV` [count]. The split is a seeded shuffle, so the same seed
/// always holds out the same showers.
public struct TrainingData: Sendable {
    public struct Split: Sendable {
        /// Cells in network space [count, cellCount]; empty in the validation split, whose
        /// showers are scored by their totals alone (`GANTrainer.validationScore`).
        public var cells: [Float]
        public var condition: [Float]
        /// Entries of each shower's condition vector.
        public let conditionWidth: Int
        public var incidentMeV: [Float]
        /// Total deposited energy per shower, MeV (for the chi2 selection).
        public var totalMeV: [Float]
        public var count: Int { incidentMeV.count }

        /// Showers in network space: `cells` [count, cellCount], `condition` [count, conditionWidth],
        /// `incidentMeV` and `totalMeV` [count] each.
        public init(cells: [Float], condition: [Float], conditionWidth: Int = 1, incidentMeV: [Float], totalMeV: [Float]) {
            require(conditionWidth >= 1 && condition.count == incidentMeV.count * conditionWidth && totalMeV.count == incidentMeV.count,
                         "TrainingData.Split: \(condition.count) condition values of width \(conditionWidth), \(incidentMeV.count) energies, \(totalMeV.count) totals")
            self.conditionWidth = conditionWidth
            self.cells = cells
            self.condition = condition
            self.incidentMeV = incidentMeV
            self.totalMeV = totalMeV
        }
    }

    public let geometry: Geometry
    public let cellCount: Int
    /// Species of the training showers where they are of one (nil when the file does not record
    /// it, or holds several: `encoding.particles`).
    public let particle: Particle?
    /// The condition vector's entries and normalisations, fitted on the whole file.
    public let encoding: ConditionEncoding
    /// The incident energy's part of `encoding`.
    public var energyCondition: EnergyCondition { encoding.energy }
    public let training: Split
    public let validation: Split
    public let sourceSeed: UInt64

    /// Showers read from a file at a time while a training set is built.
    public static let readChunkShowers = 256

    /// Reads `url` chunk by chunk (`readChunkShowers` at a time: memory is the training set in
    /// network space plus one chunk, never the file twice), refuses NaN/negative/infinite
    /// values (naming the shower), transforms and splits.
    /// `geometry` describes a file that records none (a CaloChallenge file); `condition` replaces
    /// the energy range fitted on the file.
    public init(url: URL, transform: CellTransform, validationFraction: Float, seed: UInt64,
                condition: EnergyCondition? = nil, geometry expected: Geometry? = nil,
                chunkShowers: Int = TrainingData.readChunkShowers, threads: Int = Threads.available) throws {
        require(chunkShowers > 0, "TrainingData: chunks of \(chunkShowers) showers")
        let reader = try ShowerFileReader(url: url, expectedGeometry: expected)
        guard reader.count >= 10 else {
            throw CalosimError.badFile(path: url.path, reason: "holds \(reader.count) showers; training needs many more")
        }
        var splitter = TrainingSplitter(count: reader.count, cellCount: reader.cellCount, transform: transform,
                                        validationFraction: validationFraction, seed: seed)
        for range in reader.batches(size: chunkShowers) {
            let chunk = try reader.read(range)
            try Self.checkValues(chunk, path: url.path, use: "train", firstIndex: range.lowerBound)
            splitter.add(chunk, threads: threads)
        }
        try self.init(splitter: splitter, geometry: reader.geometry, sourceSeed: reader.metadata.seed, path: url.path,
                      condition: condition)
    }

    /// Showers in memory (`path` names them in messages), as `init(url:...)` after reading.
    public init(batch: ShowerBatch, geometry: Geometry, sourceSeed: UInt64, path: String, transform: CellTransform,
                validationFraction: Float, seed: UInt64, condition: EnergyCondition? = nil) throws {
        require(batch.cellCount == geometry.cellCount, "TrainingData: \(batch.cellCount) cells for geometry '\(geometry.name)' of \(geometry.cellCount)")
        guard batch.count >= 10 else {
            throw CalosimError.badFile(path: path, reason: "holds \(batch.count) showers; training needs many more")
        }
        try Self.checkValues(batch, path: path, use: "train")
        var splitter = TrainingSplitter(count: batch.count, cellCount: batch.cellCount, transform: transform,
                                        validationFraction: validationFraction, seed: seed)
        splitter.add(batch, threads: 1)
        try self.init(splitter: splitter, geometry: geometry, sourceSeed: sourceSeed, path: path, condition: condition)
    }

    /// The splits of every shower given to `splitter`, with the condition encoding fitted on them.
    private init(splitter: TrainingSplitter, geometry: Geometry, sourceSeed: UInt64, path: String,
                 condition: EnergyCondition?) throws {
        self.geometry = geometry
        cellCount = splitter.cellCount
        self.sourceSeed = sourceSeed
        var encoding = try ConditionEncoding(fitting: splitter.conditions, path: path)
        if let condition { encoding.energy = condition }
        self.encoding = encoding
        particle = encoding.particles == nil ? (splitter.conditions.first?.particle ?? nil) : nil
        (validation, training) = splitter.splits(encoding: encoding)
    }

    /// Refuses a shower with a non-positive or non-finite incident energy, or a NaN, infinite or
    /// negative cell, naming the shower; `use` completes "refusing to ... on it".
    /// `firstIndex` is the file index of the batch's first shower.
    public static func checkValues(_ batch: ShowerBatch, path: String, use: String, firstIndex: Int = 0) throws {
        for i in 0..<batch.count {
            let e = batch.incidentEnergiesMeV[i]
            guard e.isFinite, e > 0 else {
                throw CalosimError.badFile(path: path, reason: "shower \(firstIndex + i) has incident energy \(e) MeV")
            }
            if let c = batch.shower(i).firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw CalosimError.badFile(path: path, reason:
                    "shower \(firstIndex + i) has \(batch.cellEnergiesMeV[c]) MeV in cell \(c - i * batch.cellCount) (NaN, infinite or negative); refusing to \(use) on it")
            }
        }
    }
}
