import Foundation
import XCTest
import _TestSupport

/// `calosim export` through the built binary: a graph is written, bad requests leave nothing.
final class ExportCLITests: XCTestCase {
    func testExport() throws {
        let folder = try TemporaryFolder.make("calosim-export")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("Generator.onnx")
        var r = try CLI.run(["export", "--out", out.path, "--convention", "par04"])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("cylindrical readout") && r.stderr.contains("rectangular grids"), r.stderr)
        r = try CLI.run(["export", "--out", out.path, "--convention", "geant4"])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("--convention must be calosim or par04"), r.stderr)
        r = try CLI.run(["export", "--model", folder.appendingPathComponent("none").path, "--out", out.path])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("model folder not found"), r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])

        r = try CLI.run(["export", "--out", out.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("noise [N, 64], incident_energy [N, 1] MeV -> showers [N, 504] MeV, response calibration inside"), r.stdout)
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int)
        XCTAssertGreaterThan(size, 1_194_492 * 4)  // every weight as float32 raw data
        r = try CLI.run(["export", "--out", out.path])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("--overwrite"), r.stderr)
    }
}
