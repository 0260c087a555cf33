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

    /// A model of a small polar mesh (simulated, trained two iterations) exported for Par04: the
    /// file is written and the macro lines that load it are printed.
    func testPar04Export() throws {
        let folder = try TemporaryFolder.make("calosim-export-par04")
        defer { try? FileManager.default.removeItem(at: folder) }
        let geometry = folder.appendingPathComponent("mesh.json"), config = folder.appendingPathComponent("h.json")
        try """
            { "name": "mesh", "transverse": { "widthMM": 400, "heightMM": 400 },
              "stack": { "period": [ { "material": "W", "thicknessMM": 2 }, { "material": "Si", "thicknessMM": 1, "active": true } ], "repeat": 2 },
              "layers": [ { "zMM": [0, 3], "polar": { "rEdgesMM": [0, 5, 10, 15], "alphaBins": 4 } },
                          { "zMM": [3, 6], "polar": { "rEdgesMM": [0, 5, 10, 15], "alphaBins": 4 } } ] }
            """.write(to: geometry, atomically: true, encoding: .utf8)
        try #"{"latentDimension": 4, "generatorHidden": [8], "criticHidden": [8], "batchSize": 8}"#
            .write(to: config, atomically: true, encoding: .utf8)
        let data = folder.appendingPathComponent("d.h5").path, model = folder.appendingPathComponent("m").path
        var r = try CLI.run(["simulate", "--geometry", geometry.path, "--particle", "e-", "--energy-range", "1:2", "--n", "20",
                             "--seed", "1", "--out", data])
        XCTAssertEqual(r.status, 0, r.stderr)
        r = try CLI.run(["train", "--data", data, "--out", model, "--iterations", "2", "--config", config.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        let out = folder.appendingPathComponent("Generator.onnx")
        r = try CLI.run(["export", "--model", model, "--out", out.path, "--convention", "par04"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("for Geant4 Par04, par04_input [N, 8]") && r.stdout.contains("cell_fractions [N, 24]"), r.stdout)
        for line in ["/Par04/inference/setSizeLatentVector 4", "/Par04/inference/setModelPathName \(out.path)",
                     "/Par04/inference/setSizeOfRhoCells 5 mm", "/Par04/inference/setSizeOfZCells 3 mm",
                     "/Par04/inference/setNbOfRhoCells 3", "/Par04/inference/setNbOfPhiCells 4", "/Par04/inference/setNbOfZCells 2"] {
            XCTAssertTrue(r.stdout.split(separator: "\n").contains(Substring(line)), "\(line) in \(r.stdout)")
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: out.path))
    }
}
