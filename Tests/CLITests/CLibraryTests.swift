import CaloData
import Foundation
import XCTest
import _TestSupport

/// libcalosim-c from plain C (Fixtures/calosim_c_check.c, compiled with the system's cc against
/// include/calosim.h): geometry queries, refusals, and the same bytes as `calosim generate`.
final class CLibraryTests: XCTestCase {
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private func library() throws -> URL {
        for dir in CLI.productFolders {
            let url = dir.appendingPathComponent("libcalosim-c.so")
            if FileManager.default.fileExists(atPath: url.path) { return url }
        }
        XCTFail("libcalosim-c.so is not built (looked in \(CLI.productFolders.map(\.path))); `swift build` builds it")
        throw XCTSkip("no library")
    }

    func testCProgramMatchesGenerate() throws {
        let lib = try library()
        let folder = try TemporaryFolder.make("calosim-capi")
        defer { try? FileManager.default.removeItem(at: folder) }
        let program = folder.appendingPathComponent("calosim_c_check")
        let source = Self.root.appendingPathComponent("Tests/CLITests/Fixtures/calosim_c_check.c")
        var r = try CLI.run(program: URL(fileURLWithPath: "/usr/bin/env"), [
            "cc", "-std=c99", "-Wall", "-Werror", "-I", Self.root.appendingPathComponent("include").path, source.path,
            "-L", lib.deletingLastPathComponent().path, "-lcalosim-c", "-Wl,-rpath," + lib.deletingLastPathComponent().path,
            "-lpthread", "-lm", "-o", program.path])
        XCTAssertEqual(r.status, 0, "cc: " + r.stderr)

        // calosim generate in one batch and in batches of 16 (and a last one of 8): the same
        // bytes, in the default precision (auto, as calosim_open) and in fp32; the C library's
        // calls give each its bytes.
        let model = Self.root.appendingPathComponent("Resources/Models/calogan-eminus")
        for precision in ["auto", "fp32"] {
            let one = folder.appendingPathComponent("one-\(precision).h5"), batched = folder.appendingPathComponent("batched-\(precision).h5")
            let common = ["generate", "--model", model.path, "--energy-range", "1:100", "--n", "40", "--seed", "23", "--precision", precision, "--quiet"]
            r = try CLI.run(common + ["--out", one.path])
            XCTAssertEqual(r.status, 0, r.stderr)
            r = try CLI.run(common + ["--batch-size", "16", "--out", batched.path])
            XCTAssertEqual(r.status, 0, r.stderr)
            let generated = try ShowerFileReader(url: one).readAll(), generatedBatched = try ShowerFileReader(url: batched).readAll()
            XCTAssertEqual(generated, generatedBatched, "\(precision) showers depend on the batch size")
            let energies = folder.appendingPathComponent("energies.f32")
            let outOne = folder.appendingPathComponent("one.f32"), outBatched = folder.appendingPathComponent("batched.f32")
            try generated.incidentEnergiesMeV.withUnsafeBufferPointer { Data(buffer: $0) }.write(to: energies)
            r = try CLI.run(program: program, [model.path, energies.path, "23", "16", outOne.path, outBatched.path] + (precision == "fp32" ? ["fp32"] : []))
            XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
            XCTAssertTrue(r.stdout.contains("504 cells, 3 layers, 3x96") && r.stdout.hasSuffix("ok\n"), r.stdout)
            for (file, reference) in [(outOne, generated), (outBatched, generatedBatched)] {
                let cells = try Data(contentsOf: file)
                let expected = reference.cellEnergiesMeV.withUnsafeBufferPointer { Data(buffer: $0) }
                XCTAssertEqual(cells.count, expected.count)
                XCTAssertTrue(cells == expected, "the C library's \(precision) showers (\(file.lastPathComponent)) differ from calosim generate's")
            }
        }
    }
}
