import CaloData
import Foundation
import XCTest
import _TestSupport

/// `--shard K/N` of simulate and generate: the N parts merged equal the single run, bit for bit.
final class ShardCLITests: XCTestCase {
    func testSimulateShardsMergeToTheSingleRun() throws {
        let folder = try TemporaryFolder.make("calosim-shard")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = ["simulate", "--geometry", try Self.tinyGeometry(in: folder).path, "--energy-range", "0.02:0.1",
                   "--n", "31", "--seed", "3", "--quiet"]
        // Parts of 10, 10 and 11 showers, merged in the wrong order on purpose.
        let parts = try assertPartsMergeToTheSingleRun(run, parts: 3, mergeOrder: [2, 0, 1], in: folder)
        XCTAssertEqual(try parts.map { try ShowerFileReader(url: $0).count }, [10, 10, 11])

        // Bad shards: refused before any work.
        for (shard, message) in [("4/3", "need 1 <= K <= N"), ("0/3", "need 1 <= K <= N"), ("2", "must be K/N"),
                                 ("1/40", "40 parts of 31 showers")] {
            let r = try CLI.run(run + ["--shard", shard, "--out", folder.appendingPathComponent("bad.h5").path])
            XCTAssertTrue(r.status != 0 && r.stderr.contains(message), "\(shard): \(r.stderr)")
        }
        let r = try CLI.run(run + ["--shard", "1/3", "--first-shower", "5", "--out", folder.appendingPathComponent("bad.h5").path])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("contradict"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("bad.h5").path))
    }

    /// A mixture of species, directions and impact points: the parts, made on one thread, merge
    /// to the single run on all threads, arrival included.
    func testSimulateMixtureShardsMergeToTheSingleRun() throws {
        let folder = try TemporaryFolder.make("calosim-shard-mix")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = ["simulate", "--geometry", try Self.tinyGeometry(in: folder).path, "--particle", "e-:2,e+,gamma",
                   "--energy-range", "0.02:0.1", "--theta-range", "0:30", "--theta-spectrum", "uniform", "--phi-range", "-180:180",
                   "--impact-range", "-10:10,-5:5", "--n", "20", "--seed", "8", "--quiet"]
        let parts = try assertPartsMergeToTheSingleRun(run, parts: 2, mergeOrder: [1, 0], in: folder)
        XCTAssertEqual(try parts.map { try ShowerFileReader(url: $0).recordsArrival }, [true, true])
        let merged = folder.appendingPathComponent("merged.h5")
        XCTAssertTrue(try ShowerFileReader(url: merged).recordsArrival)
    }

    func testGenerateShardsMergeToTheSingleRun() throws {
        let folder = try TemporaryFolder.make("calosim-shard-gen")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = ["generate", "--energy-range", "1:100", "--n", "25", "--seed", "4", "--batch-size", "10", "--threads", "1", "--quiet"]
        let single = folder.appendingPathComponent("single.h5"), merged = folder.appendingPathComponent("merged.h5")
        var r = try CLI.run(run + ["--out", single.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        // Parts of 12 and 13 showers: both overlap the single run's batch 10 ..< 20.
        let parts = (1...2).map { folder.appendingPathComponent("part\($0).h5") }
        for (k, part) in parts.enumerated() {
            r = try CLI.run(run + ["--shard", "\(k + 1)/2", "--out", part.path])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        r = try CLI.run(["merge", parts[0].path, parts[1].path, "--out", merged.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        try Self.assertSameShowers(merged, single)
    }

    /// The tiny geometry's JSON written into `folder`.
    static func tinyGeometry(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("tiny.json")
        try Data(MPICLITests.geometryJSON.utf8).write(to: url)
        return url
    }

    /// Runs `run` whole into single.h5 and as `parts` shards (`--shard K/N`, one thread each),
    /// merges the shards in `mergeOrder` into merged.h5 and checks that it holds the single run's
    /// showers. Returns the shard files.
    private func assertPartsMergeToTheSingleRun(_ run: [String], parts n: Int, mergeOrder: [Int], in folder: URL,
                                                line: UInt = #line) throws -> [URL] {
        let single = folder.appendingPathComponent("single.h5"), merged = folder.appendingPathComponent("merged.h5")
        var r = try CLI.run(run + ["--out", single.path])
        XCTAssertEqual(r.status, 0, r.stderr, line: line)
        let parts = (1...n).map { folder.appendingPathComponent("part\($0).h5") }
        for (k, part) in parts.enumerated() {
            r = try CLI.run(run + ["--shard", "\(k + 1)/\(n)", "--threads", "1", "--out", part.path])
            XCTAssertEqual(r.status, 0, r.stderr, line: line)
        }
        r = try CLI.run(["merge"] + mergeOrder.map { parts[$0].path } + ["--out", merged.path])
        XCTAssertEqual(r.status, 0, r.stderr, line: line)
        try Self.assertSameShowers(merged, single, line: line)
        return parts
    }

    /// The two files hold the same showers, bit for bit (energies, cells, species, arrival).
    static func assertSameShowers(_ a: URL, _ b: URL, file: StaticString = #filePath, line: UInt = #line) throws {
        let x = try ShowerFileReader(url: a).readAll(), y = try ShowerFileReader(url: b).readAll()
        XCTAssertEqual(x.count, y.count, file: file, line: line)
        XCTAssertEqual(x.incidentEnergiesMeV.map(\.bitPattern), y.incidentEnergiesMeV.map(\.bitPattern), file: file, line: line)
        XCTAssertTrue(x.cellEnergiesMeV.map(\.bitPattern) == y.cellEnergiesMeV.map(\.bitPattern), "cells differ", file: file, line: line)
        XCTAssertEqual(x.particles, y.particles, file: file, line: line)
        XCTAssertEqual(x.recordsArrival, y.recordsArrival, file: file, line: line)
        XCTAssertEqual(x.incidentThetaRadians.map(\.bitPattern), y.incidentThetaRadians.map(\.bitPattern), file: file, line: line)
        XCTAssertEqual(x.incidentPhiRadians.map(\.bitPattern), y.incidentPhiRadians.map(\.bitPattern), file: file, line: line)
        XCTAssertEqual(x.impactPointsMM.map(\.bitPattern), y.impactPointsMM.map(\.bitPattern), file: file, line: line)
    }
}
