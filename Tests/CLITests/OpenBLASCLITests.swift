import Foundation
import XCTest
import _TestSupport

/// Without a loadable OpenBLAS every subcommand that multiplies matrices stops with one line
/// that names the library and what to do (exit 1), and the simulator, which needs none, runs.
final class OpenBLASCLITests: XCTestCase {
    func testMissingOpenBLASIsOneLineEnvironmentError() throws {
        let folder = try TemporaryFolder.make("calosim-noblas")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nowhere/libopenblas.so.0").path
        var environment = ProcessInfo.processInfo.environment
        environment["CALOSIM_OPENBLAS"] = missing
        let data = folder.appendingPathComponent("data.h5").path

        let simulated = try CLI.run(["simulate", "--geometry", "calogan", "--energy", "1", "--n", "4", "--quiet",
                                     "--out", data], environment: environment)
        XCTAssertEqual(simulated.status, 0, simulated.stderr)

        let model = folder.appendingPathComponent("model").path, out = folder.appendingPathComponent("gen.h5").path
        let runs: [[String]] = [
            ["train", "--data", data, "--out", model, "--iterations", "1", "--quiet"],
            ["generate", "--energy", "50", "--n", "10", "--quiet", "--out", out],
            ["calibrate", "--model", model, "--data", data],
            ["validate", "--reference", data, "--generated", data, "--quiet", "--out", folder.appendingPathComponent("report").path],
            ["bench", "engine", "--iterations", "1", "--warmup", "0", "--no-sgemm", "--generation-showers", "10"],
            ["bench", "generate", "--seconds", "0.01"],
        ]
        for arguments in runs {
            let r = try CLI.run(arguments, environment: environment)
            let what = arguments.prefix(2).joined(separator: " ")
            XCTAssertEqual(r.status, 1, "\(what): \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, "\(what): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("OpenBLAS could not be loaded (CALOSIM_OPENBLAS=\(missing))"),
                          "\(what): \(r.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: model), "train left a model folder behind")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out), "generate left an output file behind")
    }
}
