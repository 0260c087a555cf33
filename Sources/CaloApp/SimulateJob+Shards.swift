import CaloData
import CaloSim
import CaloSupport
import Foundation

/// A long run made shard by shard, checkpoint-free: each shard (showers k ..< k + n of the seeded
/// run) is written atomically to its own file in a folder, a rerun of the same command skips the
/// shards already there and makes the missing ones, and the shards are then merged into the
/// output, which holds the same showers as a single run (`ShowerFileMerger`). A killed run loses
/// at most the shards in flight. Shards of one plan may also be made on several machines
/// (`--first-shower` and `--n` of each slice) and the folders joined before the final rerun.
extension SimulateJob {
    /// Where the shards go and how many showers each holds.
    public struct Shards: Sendable {
        public var directory: URL
        public var showersPerShard: Int

        public init(directory: URL, showersPerShard: Int) {
            self.directory = directory
            self.showersPerShard = showersPerShard
        }
    }

    /// One shard of the plan: its first shower (run index), shower count and file.
    public struct ShardFile: Sendable, Equatable {
        public let first: Int
        public let count: Int
        public let url: URL
    }

    /// The shard file name of showers `first ..< first + count` (sorts in shower order).
    public static func shardName(first: Int, count: Int) -> String {
        String(format: "shard-%010d-%d.h5", first, count)
    }

    /// The shards of this run, in shower order: `showersPerShard` each, the last one shorter.
    public func shardPlan(_ shards: Shards) -> [ShardFile] {
        stride(from: 0, to: count, by: shards.showersPerShard).map { offset in
            let first = firstShower + offset
            let n = min(shards.showersPerShard, count - offset)
            return ShardFile(first: first, count: n,
                         url: shards.directory.appendingPathComponent(Self.shardName(first: first, count: n)))
        }
    }

    /// Whether `shard` is already on disk from this run. A file under a shard's name is only ever
    /// a finished one (it is renamed into place at the end); one made by a different run (seed,
    /// particles, spectrum, directions, impact points, geometry, cut) is refused rather than overwritten or mixed in.
    func isFinished(_ shard: ShardFile) throws -> Bool {
        guard FileManager.default.fileExists(atPath: shard.url.path) else { return false }
        try ShowerFileProbe.check([shard.url], geometry: geometry)
        let reader = try ShowerFileReader(url: shard.url, expectedGeometry: geometry)
        let extra = reader.metadata.extra
        let basic: [(String, String?, String?)] = [
            ("seed", String(reader.metadata.seed), String(seed)),
            ("first shower", extra["first_shower"], String(shard.first)),
            ("shower count", String(reader.count), String(shard.count)),
            ("production cut (mm)", extra["production_cut_mm"], String(simulation.productionCutMM)),
        ]
        // Species, energies, directions and impact points: the attributes this run would write.
        let drawn = conditions.metadata.keys.sorted().map { ($0, extra[$0], conditions.metadata[$0]) }
        for (what, found, wanted) in basic + drawn where found != wanted {
            throw CalosimError.mismatch("\(shard.url.path) is not a shard of this run: its \(what) is \(found ?? "missing"), "
                + "this run's is \(wanted ?? "none") (remove it or use another --shards-dir)")
        }
        guard reader.geometry.sameReadout(as: geometry) else {
            throw CalosimError.mismatch("\(shard.url.path) is not a shard of this run: it was made in geometry "
                + "'\(reader.geometry.name)', this run uses '\(geometry.name)'")
        }
        return true
    }

    /// Makes the missing shards, then merges all of them into `output`. The progress bar and its
    /// ETA count only the showers still to simulate; the summary's figures are over those showers.
    func run(shards: Shards) throws -> Summary {
        let plan = shardPlan(shards)
        let missing = try plan.filter { try !isFinished($0) }
        let todo = missing.reduce(0) { $0 + $1.count }
        let reporter = ProgressReporter(label: "simulate (\(missing.count) of \(plan.count) shards to make)",
                                        total: todo, unit: "showers", mode: progress)
        let start = ProgressReporter.now()
        var sums = PartSums()
        if !missing.isEmpty {
            let simulator = try ShowerSimulator(geometry: geometry, configuration: simulation)
            for shard in missing {
                let part = try write(first: shard.first, count: shard.count, simulator: simulator, to: shard.url,
                                     overwrite: false, reporter: reporter)
                sums.escapedSum += part.escapedSum
                sums.worstResidual = max(sums.worstResidual, part.worstResidual)
            }
        }
        reporter.finish()
        if plan.count == 1 {
            let target = try AtomicFile(url: output, overwrite: overwrite)
            do {
                try FileManager.default.copyItem(at: plan[0].url, to: target.temporaryURL)
                try target.commit()
            } catch {
                target.discard()
                throw error
            }
        } else {
            try ShowerFileMerger.merge(plan.map(\.url), into: output, overwrite: overwrite, commandLine: commandLine)
        }
        return Summary(showers: todo, seconds: ProgressReporter.now() - start,
                       meanEscapedFraction: todo > 0 ? sums.escapedSum / Double(todo) : 0,
                       worstLedgerResidual: sums.worstResidual)
    }
}
