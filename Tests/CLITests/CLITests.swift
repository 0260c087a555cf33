import Foundation
import XCTest
import _TestSupport

final class CLITests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TemporaryFolder.make("calosim-cli")
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    func testHelpListsSubcommands() throws {
        let r = try CLI.run(["--help"])
        XCTAssertEqual(r.status, 0)
        for sub in ["simulate", "train", "generate", "validate", "bench", "info", "physics-check"] {
            XCTAssertTrue(r.stdout.contains(sub), "help lacks \(sub):\n\(r.stdout)")
        }
        let version = try CLI.run(["--version"])
        XCTAssertEqual(version.status, 0)
        XCTAssertTrue(version.stdout.hasPrefix("0."), version.stdout)
    }

    func testInfoShowsKernelAndGeometries() throws {
        let r = try CLI.run(["info"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("calogan, calogan-sampling, lateral, par04-ds2, par04-ds3, profile, testem3"), r.stdout)
        let kernelLine = r.stdout.split(separator: "\n").first { $0.hasPrefix("BLAS kernel:") } ?? ""
        XCTAssertFalse(kernelLine.isEmpty, r.stdout)
        // On a CPU with AVX2 the generic (Prescott) kernel must never run.
        let hasAVX2 = r.stdout.contains("AVX2 FMA")
        if hasAVX2 { XCTAssertFalse(kernelLine.contains("Prescott"), "generic kernel selected: \(kernelLine)") }
        // Without the user's setting calosim still picks a fast kernel by itself.
        var env = ProcessInfo.processInfo.environment
        env["OPENBLAS_CORETYPE"] = nil
        env["CALOSIM_OPENBLAS_CORETYPE"] = nil
        let own = try CLI.run(["info"], environment: env)
        XCTAssertTrue(own.stdout.contains("chosen by calosim") || own.stdout.contains("OpenBLAS's own detection"), own.stdout)
        if hasAVX2 { XCTAssertFalse(own.stdout.contains("Prescott"), own.stdout) }
        guard hasAVX2 else { return }
        // A machine-wide OPENBLAS_CORETYPE (set for other programs) is replaced by calosim's
        // choice; CALOSIM_OPENBLAS_CORETYPE chooses, when the CPU runs it.
        env["OPENBLAS_CORETYPE"] = "SandyBridge"
        let replaced = try CLI.run(["info"], environment: env)
        XCTAssertTrue(replaced.stdout.contains("chosen by calosim") && replaced.stdout.contains("OPENBLAS_CORETYPE=SandyBridge replaced"),
                      replaced.stdout)
        env["CALOSIM_OPENBLAS_CORETYPE"] = "SandyBridge"
        let chosen = try CLI.run(["info"], environment: env)
        XCTAssertTrue(chosen.stdout.contains("BLAS kernel:   Sandybridge") || chosen.stdout.contains("from CALOSIM_OPENBLAS_CORETYPE=SandyBridge"),
                      chosen.stdout)
    }

    func testBadOptionExitCode() throws {
        let r = try CLI.run(["info", "--bogus"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("Unknown option '--bogus'"), r.stderr)
    }

    /// Bad input to simulate: one-line error, non-zero exit, nothing written.
    func testSimulateBadInput() throws {
        let out = folder.appendingPathComponent("s.h5").path
        let cases: [([String], String)] = [
            (["--energy=-5", "--n", "10"], "positive energy"),
            (["--energy", "-5", "--n", "10"], "positive energy"),
            (["--energy", "2000", "--n", "10"], "outside"),
            (["--energy", "10", "--n", "0"], "--n must be > 0"),
            (["--energy", "10", "--n", "5", "--particle", "muon"], "unknown particle 'muon'"),
            (["--energy-range", "100:1", "--n", "5"], "must be below"),
            (["--energy", "10", "--n", "5", "--geometry", "nope"], "unknown geometry 'nope'"),
            (["--n", "5"], "--energy"),
            // Mixtures and arrivals.
            (["--energy", "10", "--n", "5", "--particle", "e-,muon"], "unknown particle 'muon'"),
            (["--energy", "10", "--n", "5", "--particle", "e-:0,gamma"], "the weight of e- must be a positive number"),
            (["--energy", "10", "--n", "5", "--particle", "gamma:-2"], "the weight of gamma must be a positive number"),
            (["--energy", "10", "--n", "5", "--particle", "e-,e-"], "names e- twice"),
            (["--energy", "10", "--n", "5", "--angle", "95"], "theta must be from 0 to below 90 degrees (got 95)"),
            (["--energy", "10", "--n", "5", "--angle=-5"], "theta must be from 0 to below 90 degrees (got -5)"),
            (["--energy", "10", "--n", "5", "--theta-range", "0:90"], "(got 0 to 90)"),
            (["--energy", "10", "--n", "5", "--theta-range", "30:10"], "--theta-range: low end 30.0 is above high end 10.0"),
            (["--energy", "10", "--n", "5", "--theta-range", "0:10", "--theta-spectrum", "gauss"], "--theta-spectrum must be 'cosine' or 'uniform'"),
            (["--energy", "10", "--n", "5", "--angle", "10", "--theta-range", "0:20"], "give either --angle or --theta-range, not both"),
            (["--energy", "10", "--n", "5", "--phi", "200"], "azimuth phi must be within -180 to 180 degrees (got 200)"),
            (["--energy", "10", "--n", "5", "--phi-range", "-190:0"], "(got -190 to 0)"),
            (["--energy", "10", "--n", "5", "--impact", "300,0"], "impact point (300.0, 0.0) mm is outside the readout of 'calogan'"),
            (["--energy", "10", "--n", "5", "--impact-range", "-10:300,0:0"], "impact point (300.0, 0.0) mm is outside the readout"),
            (["--energy", "10", "--n", "5", "--impact-range", "5:1,0:0"], "--impact-range (x): low end 5.0 is above high end 1.0"),
        ]
        for (args, message) in cases {
            let r = try CLI.run(["simulate", "--out", out, "--quiet"] + args)
            XCTAssertNotEqual(r.status, 0, "\(args) succeeded")
            XCTAssertTrue(r.stderr.contains(message), "\(args): '\(r.stderr)' lacks '\(message)'")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(args): not one line:\n\(r.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
        // An existing file is refused without --overwrite, and left alone.
        try Data("keep".utf8).write(to: URL(fileURLWithPath: out))
        let r = try CLI.run(["simulate", "--out", out, "--energy", "1", "--n", "1", "--quiet"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--overwrite"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "keep")
        // An output below a regular file cannot be written.
        let below = try CLI.run(["simulate", "--out", out + "/x.h5", "--energy", "1", "--n", "1", "--quiet"])
        XCTAssertNotEqual(below.status, 0)
        XCTAssertTrue(below.stderr.contains("not a folder"), below.stderr)
    }
}
