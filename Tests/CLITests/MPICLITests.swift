import Foundation
import XCTest
import _TestSupport

/// Data-parallel training under a real `mpirun` (Open MPI): N ranks against one process, resume
/// across rank counts, and the refusals. Skipped where `mpirun` is not installed
/// (scripts/setup.sh installs openmpi-bin).
final class MPICLITests: XCTestCase {
    /// The tiny calorimeter of the GAN tests (13 cells) and a tiny model.
    static let geometryJSON = """
        { "name": "tiny", "transverse": { "widthMM": 200, "heightMM": 200 },
          "stack": { "period": [ { "material": "Pb", "thicknessMM": 2 }, { "material": "LAr", "thicknessMM": 4, "active": true } ], "repeat": 10 },
          "layers": [ { "zMM": [0, 30], "cells": { "rows": 3, "cols": 3, "heightMM": 20, "widthMM": 20 } },
                      { "zMM": [30, 60], "cells": { "rows": 2, "cols": 2, "heightMM": 40, "widthMM": 40 } } ] }
        """
    static let configJSON = #"{ "latentDimension": 4, "generatorHidden": [16], "criticHidden": [16], "batchSize": 32, "checkpointEvery": 10, "seed": 5 }"#

    func testRanksTrainLikeOneProcess() throws {
        let mpirun = try Self.mpirun()
        let folder = try TemporaryFolder.make("calosim-mpi")
        defer { try? FileManager.default.removeItem(at: folder) }
        let geometry = folder.appendingPathComponent("tiny.json"), config = folder.appendingPathComponent("h.json")
        try Data(Self.geometryJSON.utf8).write(to: geometry)
        try Data(Self.configJSON.utf8).write(to: config)
        let data = folder.appendingPathComponent("data.h5")
        var r = try CLI.run(["simulate", "--geometry", geometry.path, "--energy-range", "0.02:0.1", "--n", "40", "--quiet", "--out", data.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        func train(_ ranks: Int?, _ out: String, iterations: Int = 20, resume: Bool = false) throws -> CLI.Result {
            var arguments = ["train", "--data", data.path, "--out", folder.appendingPathComponent(out).path,
                             "--iterations", String(iterations), "--threads", "1", "--quiet"]
            arguments += resume ? ["--resume"] : ["--config", config.path]
            guard let ranks else { return try CLI.run(arguments) }
            return try CLI.run(program: mpirun, Self.mpirunOptions(ranks) + [try CLI.executable().path] + arguments,
                               environment: Self.mpiEnvironment)
        }
        func checkpoint(_ out: String) throws -> [String: [Float]] {
            try Self.tensors(folder.appendingPathComponent(out).appendingPathComponent("checkpoint.safetensors"))
        }

        r = try train(nil, "one")
        XCTAssertEqual(r.status, 0, r.stderr)
        r = try train(2, "two")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout.components(separatedBy: "trained to").count, 2, "rank 0 alone reports: \(r.stdout)")
        XCTAssertTrue(r.stdout.contains("MPI: 2 ranks"), r.stdout)
        let one = try checkpoint("one"), two = try checkpoint("two")
        XCTAssertEqual(Set(one.keys), Set(two.keys))
        let difference = Self.maxRelativeDifference(one, two)
        XCTAssertLessThan(difference, 1e-5, "2 ranks against 1 process after 20 iterations")
        // Same N twice: the same bytes.
        r = try train(2, "two-again")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try checkpoint("two-again"), two)
        // Interrupted at 10 and resumed with 2 ranks: the uninterrupted run's bytes; resumed with
        // one process: the same weights up to summation order (the checkpoint does not depend on N).
        r = try train(2, "split", iterations: 10)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertGreaterThan(Self.maxRelativeDifference(try checkpoint("split"), two), 1e-3,
                             "iterations 11-20 move the weights far more than the tolerance")
        try FileManager.default.copyItem(at: folder.appendingPathComponent("split"), to: folder.appendingPathComponent("split-one"))
        r = try train(2, "split", resume: true)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try checkpoint("split"), two)
        r = try train(nil, "split-one", resume: true)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertLessThan(Self.maxRelativeDifference(try checkpoint("split-one"), two), 1e-5)
        let log = try String(contentsOf: folder.appendingPathComponent("split/train_log.csv"), encoding: .utf8)
        XCTAssertEqual(log.split(separator: "\n").filter { $0.hasPrefix("20,") }.count, 1, log)
    }

    func testRefusals() throws {
        let mpirun = try Self.mpirun()
        let folder = try TemporaryFolder.make("calosim-mpi-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let geometry = folder.appendingPathComponent("tiny.json"), config = folder.appendingPathComponent("h.json")
        try Data(Self.geometryJSON.utf8).write(to: geometry)
        try Data(Self.configJSON.utf8).write(to: config)
        // Each rank reads ./data.h5 in its own working folder; rank 1's is truncated.
        let good = folder.appendingPathComponent("good"), bad = folder.appendingPathComponent("bad")
        for f in [good, bad] { try FileManager.default.createDirectory(at: f, withIntermediateDirectories: true) }
        let data = good.appendingPathComponent("data.h5")
        let simulated = try CLI.run(["simulate", "--geometry", geometry.path, "--energy-range", "0.02:0.1", "--n", "20", "--quiet", "--out", data.path])
        XCTAssertEqual(simulated.status, 0, simulated.stderr)
        try Data(try Data(contentsOf: data).prefix(2000)).write(to: bad.appendingPathComponent("data.h5"))
        let calosim = try CLI.executable().path
        let out = folder.appendingPathComponent("model")
        let train = ["train", "--data", "data.h5", "--out", out.path, "--config", config.path, "--iterations", "4", "--threads", "1", "--quiet"]

        // Each rank's stderr is read from its own file: mpirun interleaves the ranks' lines on its
        // own stderr, character by character at times, so a message all ranks print can be garbled there.
        var run = 0
        func mpi(_ arguments: [String]) throws -> (status: Int32, stderr: [String], all: String) {
            run += 1
            let logs = folder.appendingPathComponent("logs-\(run)")
            let r = try CLI.run(program: mpirun, ["--output-filename", logs.path] + arguments, environment: Self.mpiEnvironment)
            let ranks = (0..<3).map { rank in
                (try? String(contentsOf: logs.appendingPathComponent("1/rank.\(rank)/stderr"), encoding: .utf8)) ?? ""
            }
            return (r.status, ranks, r.stderr)
        }

        var m = try mpi(Self.mpirunOptions(1) + ["-wdir", good.path, calosim] + train + [":", "-np", "1", "-wdir", bad.path, calosim] + train)
        XCTAssertNotEqual(m.status, 0)
        XCTAssertTrue(m.stderr[1].contains("truncated or corrupt"), m.stderr[1] + m.all)
        XCTAssertTrue(m.stderr[0].contains("rank 1 of 2 stopped"), "rank 0 stops with rank 1's message: \(m.stderr[0]) | \(m.all)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "nothing written")

        // A batch the ranks cannot share evenly: refused, naming both.
        m = try mpi(Self.mpirunOptions(3) + ["-wdir", good.path, calosim] + train)
        XCTAssertNotEqual(m.status, 0)
        XCTAssertTrue(m.stderr[0].contains("--batch-size 32 is not divisible by the 3 MPI ranks"), m.stderr[0] + m.all)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("checkpoint.safetensors").path))

        // Ranks of another build (the same executable with one byte appended): refused.
        let other = folder.appendingPathComponent("calosim-other")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: calosim))
        bytes.append(0)
        try bytes.write(to: other)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: other.path)
        m = try mpi(Self.mpirunOptions(1) + ["-wdir", good.path, calosim] + train + [":", "-np", "1", "-wdir", good.path, other.path] + train)
        XCTAssertNotEqual(m.status, 0)
        XCTAssertTrue(m.stderr[0].contains("rank 1 of 2 has another calosim build"), m.stderr[0] + m.all)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("checkpoint.safetensors").path))

        // calosim info names the library and the ranks.
        var r = try CLI.run(program: mpirun, Self.mpirunOptions(2) + [calosim, "info"], environment: Self.mpiEnvironment)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("MPI library:   Open MPI"), r.stdout)
        XCTAssertTrue(r.stdout.contains("MPI ranks:     2 (this is rank 1)"), r.stdout)
        r = try CLI.run(["info"])
        XCTAssertTrue(r.stdout.contains("MPI ranks:     none (not started by mpirun"), r.stdout)
        XCTAssertFalse(r.stdout.contains("\u{0}"), "calosim info prints text only (no NUL from the MPI library's name)")
    }

    // MARK: - Helpers

    /// `mpirun` on the PATH, or a skip saying how to get it.
    static func mpirun() throws -> URL {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let url = URL(fileURLWithPath: String(dir)).appendingPathComponent("mpirun")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw XCTSkip("mpirun not found: the MPI tests need Open MPI (scripts/setup.sh installs openmpi-bin)")
    }

    /// N ranks on this machine, more than its cores allowed, unbound (the machine is shared).
    static func mpirunOptions(_ ranks: Int) -> [String] { ["--oversubscribe", "--bind-to", "none", "-np", String(ranks)] }

    /// The environment, plus what Open MPI needs to run as root in a container.
    static var mpiEnvironment: [String: String] {
        var e = ProcessInfo.processInfo.environment
        if getuid() == 0 { e["OMPI_ALLOW_RUN_AS_ROOT"] = "1"; e["OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"] = "1" }
        return e
    }

    /// max over tensors of max|a - b| / max|a|: the difference relative to each tensor's scale.
    static func maxRelativeDifference(_ a: [String: [Float]], _ b: [String: [Float]]) -> Double {
        var worst = 0.0
        for (name, x) in a {
            guard let y = b[name], y.count == x.count else { return .infinity }
            let scale = Double(x.map { abs($0) }.max() ?? 0)
            let d = Double(zip(x, y).map { abs($0 - $1) }.max() ?? 0)
            if d > 0 { worst = max(worst, scale > 0 ? d / scale : .infinity) }
        }
        return worst
    }

    /// The float32 tensors of a safetensors file: 8-byte little-endian header length, JSON
    /// header {name: {dtype, shape, data_offsets}}, data.
    static func tensors(_ url: URL) throws -> [String: [Float]] {
        let bytes = try Data(contentsOf: url)
        let n = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        let header = try JSONSerialization.jsonObject(with: bytes.subdata(in: 8..<(8 + n))) as? [String: Any] ?? [:]
        var out: [String: [Float]] = [:]
        for (name, value) in header {
            guard let entry = value as? [String: Any], entry["dtype"] as? String == "F32",
                  let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else { continue }
            let slice = bytes.subdata(in: (8 + n + offsets[0])..<(8 + n + offsets[1]))
            out[name] = slice.withUnsafeBytes { raw in (0..<(slice.count / 4)).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) } }
        }
        return out
    }
}
