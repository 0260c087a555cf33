import Foundation
import XCTest
import _TestSupport

/// A shower file whose attribute table crashes libhdf5 1.10 (a fuzzer finding, 14.8 kB: the
/// library dereferences a null pointer while listing the attributes) ends every subcommand that
/// reads it in one line, exit 1, because calosim opens such files in a child process first.
final class DamagedFileCLITests: XCTestCase {
    static let damaged = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/damaged-attribute-table.h5").path

    func testDamagedFileIsOneLineError() throws {
        let folder = try TemporaryFolder.make("calosim-damaged")
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.h5").path
        let made = try CLI.run(["simulate", "--geometry", "calogan", "--energy", "1", "--n", "2", "--quiet", "--out", good])
        XCTAssertEqual(made.status, 0, made.stderr)
        let damaged = Self.damaged
        let runs: [[String]] = [
            ["validate", "--reference", damaged, "--generated", damaged, "--no-classifier", "--quiet",
             "--out", folder.appendingPathComponent("report").path],
            ["validate", "--reference", good, "--generated", damaged, "--no-classifier", "--quiet",
             "--out", folder.appendingPathComponent("report2").path],
            ["train", "--data", damaged, "--out", folder.appendingPathComponent("model").path, "--quiet"],
            ["merge", good, damaged, "--out", folder.appendingPathComponent("merged.h5").path],
            ["generate", "--energies-from", damaged, "--quiet", "--out", folder.appendingPathComponent("gen.h5").path],
        ]
        for arguments in runs {
            let r = try CLI.run(arguments)
            let what = arguments.prefix(1).joined()
            XCTAssertEqual(r.status, 1, "\(what): \(r.stderr)")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(what): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("damaged-attribute-table.h5: the HDF5 library crashed reading it"),
                          "\(what): \(r.stderr)")
        }
        for leftover in ["model", "merged.h5", "gen.h5"] {
            XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent(leftover).path), leftover)
        }
    }

    /// The probe does not refuse a good file, and a file the reader refuses keeps the reader's words.
    func testGoodAndForeignFiles() throws {
        let folder = try TemporaryFolder.make("calosim-probe")
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = folder.appendingPathComponent("good.h5").path
        XCTAssertEqual(try CLI.run(["simulate", "--geometry", "calogan", "--energy", "1", "--n", "2", "--quiet",
                                    "--out", good]).status, 0)
        let ok = try CLI.run(["validate", "--reference", good, "--generated", good, "--no-classifier", "--quiet",
                              "--out", folder.appendingPathComponent("report").path])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        let text = folder.appendingPathComponent("text.h5").path
        try "not an HDF5 file".write(toFile: text, atomically: true, encoding: .utf8)
        let r = try CLI.run(["train", "--data", text, "--out", folder.appendingPathComponent("m").path, "--quiet"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, r.stderr)
        XCTAssertFalse(r.stderr.contains("crashed"), r.stderr)
        XCTAssertTrue(r.stderr.contains("text.h5"), r.stderr)
    }
}
