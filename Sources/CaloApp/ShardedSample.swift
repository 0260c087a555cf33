import CaloData
import CaloDetector
import CaloSupport
import Foundation

/// A simulated sample made shard by shard, so that a killed run loses at most one shard.
///
/// Shard s holds showers s·perShard ..< min((s + 1)·perShard, showers) of the seeded run
/// (`SimulateJob.firstShower`), in `<output without .h5>.shards/shard-NNN.h5`, each written
/// atomically. A shard file already there is checked (its seed, first shower and count) and
/// skipped; when all are there they are merged (`ShowerFileMerger`, the same showers as one
/// run) into `output` and the shard folder is removed. An `output` already there is checked and
/// used as it is.
public struct ShardedSample {
    public var geometry: Geometry
    public var particle: Particle
    public var spectrum: EnergySpectrum
    public var showers: Int
    public var seed: UInt64
    public var showersPerShard: Int
    public var output: URL
    public var threads = Threads.available
    public var progress: ProgressReporter.Mode = .automatic
    /// One line per shard simulated or skipped.
    public var log: (String) -> Void = { _ in }

    public init(geometry: Geometry, particle: Particle, spectrum: EnergySpectrum, showers: Int, seed: UInt64,
                showersPerShard: Int, output: URL) {
        precondition(showers > 0 && showersPerShard > 0, "ShardedSample: \(showers) showers in shards of \(showersPerShard)")
        self.geometry = geometry
        self.particle = particle
        self.spectrum = spectrum
        self.showers = showers
        self.seed = seed
        self.showersPerShard = showersPerShard
        self.output = output
    }

    public var shardCount: Int { (showers + showersPerShard - 1) / showersPerShard }
    public var shardFolder: URL {
        output.deletingPathExtension().appendingPathExtension("shards")
    }
    public func shardURL(_ s: Int) -> URL { shardFolder.appendingPathComponent(String(format: "shard-%03d.h5", s)) }
    func range(ofShard s: Int) -> Range<Int> { (s * showersPerShard)..<min(showers, (s + 1) * showersPerShard) }

    /// What is there already: the merged file, or how many shards.
    public enum State: Equatable, Sendable {
        case complete
        case shards(present: Int, of: Int)
    }

    /// The state on disk, each present file checked.
    public func state() throws -> State {
        if FileManager.default.fileExists(atPath: output.path) {
            try check(output, first: 0, count: showers)
            return .complete
        }
        var present = 0
        for s in 0..<shardCount where FileManager.default.fileExists(atPath: shardURL(s).path) {
            try check(shardURL(s), first: range(ofShard: s).lowerBound, count: range(ofShard: s).count)
            present += 1
        }
        return .shards(present: present, of: shardCount)
    }

    /// Showers still to simulate.
    public func missingShowers() throws -> Int {
        guard case .shards = try state() else { return 0 }
        return (0..<shardCount).filter { !FileManager.default.fileExists(atPath: shardURL($0).path) }
            .reduce(0) { $0 + range(ofShard: $1).count }
    }

    /// Simulates the missing shards, merges, removes the shards. Returns the showers simulated.
    @discardableResult
    public func run() throws -> Int {
        if try state() == .complete {
            log("\(output.relativePath) is there (\(showers) showers, seed \(seed))")
            return 0
        }
        try FileManager.default.createDirectory(at: shardFolder, withIntermediateDirectories: true)
        var simulated = 0
        for s in 0..<shardCount {
            let url = shardURL(s), r = range(ofShard: s)
            if FileManager.default.fileExists(atPath: url.path) {
                log("shard \(s + 1)/\(shardCount) (showers \(r.lowerBound)..<\(r.upperBound)) is there")
                continue
            }
            var job = SimulateJob(geometry: geometry, particle: particle, spectrum: spectrum, count: r.count, seed: seed,
                                  threads: threads, output: url)
            job.firstShower = r.lowerBound
            job.progress = progress
            job.commandLine = "calosim simulate --geometry \(geometry.name) --particle \(particle.rawValue) --seed \(seed) "
                + "--n \(r.count) --first-shower \(r.lowerBound) (shard \(s + 1) of \(shardCount))"
            let summary = try job.run()
            simulated += r.count
            log(String(format: "shard %d/%d (showers %d..<%d) simulated in %.1f s", s + 1, shardCount, r.lowerBound,
                       r.upperBound, summary.seconds))
        }
        let shards = (0..<shardCount).map(shardURL)
        if shards.count == 1 {
            try FileManager.default.moveItem(at: shards[0], to: output)
        } else {
            try ShowerFileMerger.merge(shards, into: output, overwrite: false,
                                       commandLine: "merged from \(shards.count) shards of \(showersPerShard) showers")
        }
        try check(output, first: 0, count: showers)
        try? FileManager.default.removeItem(at: shardFolder)
        log("\(output.relativePath): \(showers) showers")
        return simulated
    }

    /// Refuses a file that is not this sample's part: another seed, first shower, count or geometry.
    func check(_ url: URL, first: Int, count: Int) throws {
        let reader = try ShowerFileReader(url: url)
        let start = reader.metadata.extra["first_shower"].flatMap(Int.init) ?? 0
        guard reader.metadata.seed == seed, start == first, reader.count == count,
              reader.geometry.sameReadout(as: geometry) else {
            throw CalosimError.mismatch("\(url.relativePath) holds \(reader.count) showers of seed \(reader.metadata.seed) from "
                + "shower \(start) in '\(reader.geometry.name)', not showers \(first)..<\(first + count) of seed \(seed) in "
                + "'\(geometry.name)'; move it away to have it simulated")
        }
    }
}
