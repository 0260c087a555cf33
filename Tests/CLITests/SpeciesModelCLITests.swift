import CaloData
import Foundation
import XCTest
import _TestSupport

/// One model for two species from the command line: simulate e- and photons, merge, train,
/// calibrate (one calibration per species), export, and generate a mixture and each species.
final class SpeciesModelCLITests: XCTestCase {
    func testTrainOnTwoSpeciesAndGenerateEach() throws {
        let folder = try TemporaryFolder.make("calosim-species")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("""
            { "name": "tiny", "transverse": { "widthMM": 200, "heightMM": 200 },
              "stack": { "period": [ { "material": "Pb", "thicknessMM": 2 }, { "material": "LAr", "thicknessMM": 4, "active": true } ], "repeat": 10 },
              "layers": [ { "zMM": [0, 30], "cells": { "rows": 3, "cols": 3, "heightMM": 20, "widthMM": 20 } },
                          { "zMM": [30, 60], "cells": { "rows": 2, "cols": 2, "heightMM": 40, "widthMM": 40 } } ] }
            """.utf8).write(to: folder.appendingPathComponent("tiny.json"))
        try Data(#"{ "latentDimension": 4, "generatorHidden": [16], "criticHidden": [16], "batchSize": 8, "checkpointEvery": 2 }"#.utf8)
            .write(to: folder.appendingPathComponent("h.json"))
        func run(_ arguments: [String]) throws -> CLI.Result {
            try CLI.run(arguments + (["merge", "export"].contains(arguments[0]) ? [] : ["--quiet"]), directory: folder)
        }
        func ok(_ arguments: [String]) throws {
            let r = try run(arguments)
            XCTAssertEqual(r.status, 0, "\(arguments): \(r.stderr)")
        }
        try ok(["simulate", "--geometry", "tiny.json", "--energy-range", "0.02:0.1", "--n", "30", "--out", "e.h5"])
        try ok(["simulate", "--geometry", "tiny.json", "--particle", "gamma", "--energy-range", "0.02:0.1", "--n", "30", "--seed", "2", "--out", "g.h5"])
        try ok(["merge", "e.h5", "g.h5", "--out", "mixed.h5"])
        try ok(["train", "--data", "mixed.h5", "--out", "model", "--config", "h.json", "--iterations", "4"])
        let json = try String(contentsOf: folder.appendingPathComponent("model/model.json"), encoding: .utf8)
        XCTAssertTrue(json.contains("\"particles\" : [\n      11,\n      22\n    ]") && json.contains("\"formatVersion\" : 3"), json)
        try ok(["calibrate", "--model", "model", "--data", "mixed.h5", "--rows", "1"])
        let calibrated = try String(contentsOf: folder.appendingPathComponent("model/model.json"), encoding: .utf8)
        XCTAssertEqual(calibrated.components(separatedBy: "\"pdgCode\"").count - 1, 2, "one calibration per species")

        // Exported, the graph takes each shower's particle and holds both calibrations.
        let export = try run(["export", "--model", "model", "--out", "g.onnx"])
        XCTAssertEqual(export.status, 0, export.stderr)
        XCTAssertTrue(export.stdout.contains("incident_energy [N, 1] MeV, particle [N, 1] -> showers [N, 13] MeV, response calibration inside"),
                      export.stdout)

        try ok(["generate", "--model", "model", "--particle", "e-,gamma", "--energy-range", "0.02:0.1", "--n", "40", "--out", "mix.h5"])
        let mix = try ShowerFileReader(url: folder.appendingPathComponent("mix.h5")).readAll()
        XCTAssertEqual(Set(mix.particles.map { $0?.name }), ["e-", "gamma"])
        XCTAssertTrue(mix.cellEnergiesMeV.allSatisfy { $0.isFinite && $0 >= 0 })
        try ok(["generate", "--model", "model", "--conditions-from", "mixed.h5", "--out", "same.h5"])
        let same = try ShowerFileReader(url: folder.appendingPathComponent("same.h5")).readAll()
        let reference = try ShowerFileReader(url: folder.appendingPathComponent("mixed.h5")).readAll()
        XCTAssertEqual(same.particles, reference.particles)
        XCTAssertEqual(same.incidentEnergiesMeV, reference.incidentEnergiesMeV)

        // Without --particle: e-, which the model knows.
        try ok(["generate", "--model", "model", "--energy", "0.05", "--n", "5", "--out", "electrons.h5"])
        XCTAssertEqual(try ShowerFileReader(url: folder.appendingPathComponent("electrons.h5")).readAll().particles.map { $0?.name },
                       Array(repeating: "e-", count: 5))
        var r = try run(["generate", "--model", "model", "--particle", "e+", "--energy", "0.05", "--n", "5", "--out", "none.h5"])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("particle e+: the model was trained on e-, gamma only"), r.stderr)
        r = try run(["generate", "--model", "model", "--particle", "gamma", "--energy", "0.05", "--theta", "10", "--n", "5", "--out", "none.h5"])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("theta 10 deg: the model was trained at theta = 0 deg only"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("none.h5").path))
    }
}
