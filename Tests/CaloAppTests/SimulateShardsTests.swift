import CaloApp
import CaloData
import CaloDetector
import CaloSupport
import Foundation
import XCTest
import _TestSupport

/// `simulate --shards-dir`: the run made shard by shard equals the single run, a rerun after a
/// "kill" (a shard removed, a partial file left behind) makes only the missing shard, and a shard
/// of another run is refused.
final class SimulateShardsTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-shards") }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func request(_ name: String, shards: Bool, seed: UInt64 = 11) -> SimulateJob.Request {
        var r = SimulateJob.Request(output: folder.appendingPathComponent(name))
        r.energy = EnergyRequest(energyGeV: nil, rangeGeV: "0.02:0.2", shape: .log)
        r.count = 7
        r.seed = seed
        r.threads = 2
        r.progress = .quiet
        if shards {
            r.shardsDirectory = folder.appendingPathComponent("shards")
            r.showersPerShard = 3
        }
        return r
    }

    func testShardedRunEqualsSingleRunAndResumes() throws {
        _ = try request("single.h5", shards: false).makeJob().run()
        let single = try ShowerFileReader(url: folder.appendingPathComponent("single.h5")).readAll()

        let job = try request("sharded.h5", shards: true).makeJob()
        let plan = job.shardPlan(job.shards!)
        XCTAssertEqual(plan.map(\.first), [0, 3, 6])
        XCTAssertEqual(plan.map(\.count), [3, 3, 1])
        var summary = try job.run()
        XCTAssertEqual(summary.showers, 7)
        XCTAssertEqual(try ShowerFileReader(url: folder.appendingPathComponent("sharded.h5")).readAll(), single)

        // A killed run: the middle shard never finished (a partial file is left), the output missing.
        let middle = plan[1].url
        let untouched = try FileManager.default.attributesOfItem(atPath: plan[0].url.path)[.modificationDate] as? Date
        try FileManager.default.removeItem(at: middle)
        try Data("partial".utf8).write(to: middle.deletingLastPathComponent()
            .appendingPathComponent(".\(middle.lastPathComponent).1-2.partial"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("sharded.h5"))
        summary = try request("sharded.h5", shards: true).makeJob().run()
        XCTAssertEqual(summary.showers, 3, "only the missing shard is simulated")
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: plan[0].url.path)[.modificationDate] as? Date,
                       untouched)
        XCTAssertEqual(try ShowerFileReader(url: folder.appendingPathComponent("sharded.h5")).readAll(), single)

        // A shard folder of another seed is refused, naming the file and the difference.
        var other = request("other.h5", shards: true, seed: 12)
        other.count = 7
        XCTAssertThrowsError(try other.makeJob().run()) {
            XCTAssertTrue("\($0)".contains("is not a shard of this run: its seed is 11, this run's is 12"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("other.h5").path))
    }

    /// A mixture of species, directions and impact points: the shards equal the single run (every
    /// column, arrival included), and a shard folder of another mixture is refused.
    func testMixtureShardsEqualTheSingleRun() throws {
        func mixture(_ name: String, shards: Bool, particles: String = "e-:2,gamma:1") throws -> SimulateJob.Request {
            var r = request(name, shards: shards)
            r.particles = try ParticleMixture(parsing: particles)
            r.arrival.thetaRangeDegrees = "0:40"
            r.arrival.phiRangeDegrees = "-180:180"
            r.arrival.impactRangeMM = "-30:30,-10:10"
            return r
        }
        _ = try mixture("single.h5", shards: false).makeJob().run()
        let reader = try ShowerFileReader(url: folder.appendingPathComponent("single.h5"))
        let single = try reader.readAll()
        XCTAssertTrue(single.recordsArrival)
        XCTAssertEqual(Set(single.incidentThetaRadians).count, 7, "every shower draws its own direction")
        XCTAssertEqual(reader.metadata.extra["particle_weights"], "e-:2,gamma:1")
        XCTAssertEqual(reader.metadata.extra["particle_name"], "e-,gamma")
        _ = try mixture("sharded.h5", shards: true).makeJob().run()
        XCTAssertEqual(try ShowerFileReader(url: folder.appendingPathComponent("sharded.h5")).readAll(), single)

        XCTAssertThrowsError(try mixture("other.h5", shards: true, particles: "e-,gamma").makeJob().run()) {
            XCTAssertTrue("\($0)".contains("is not a shard of this run: its particle_weights is e-:2,gamma:1, this run's is e-:1,gamma:1"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("other.h5").path))
    }

    func testShardSizeMustBePositive() throws {
        var r = request("s.h5", shards: true)
        r.showersPerShard = 0
        XCTAssertThrowsError(try r.makeJob()) {
            XCTAssertTrue("\($0)".contains("--shard-size must be at least 1 (got 0)"), "\($0)")
        }
    }
}
