import CaloData
import Foundation
import XCTest
import _TestSupport

/// simulate -> train -> generate through the built binary, on a tiny calorimeter.
final class GANCLITests: XCTestCase {
    func testSimulateTrainGenerate() throws {
        let folder = try TemporaryFolder.make("calosim-gan")
        defer { try? FileManager.default.removeItem(at: folder) }
        let geometry = folder.appendingPathComponent("tiny.json")
        try Data("""
            { "name": "tiny", "transverse": { "widthMM": 200, "heightMM": 200 },
              "stack": { "period": [ { "material": "Pb", "thicknessMM": 2 }, { "material": "LAr", "thicknessMM": 4, "active": true } ], "repeat": 10 },
              "layers": [ { "zMM": [0, 30], "cells": { "rows": 3, "cols": 3, "heightMM": 20, "widthMM": 20 } },
                          { "zMM": [30, 60], "cells": { "rows": 2, "cols": 2, "heightMM": 40, "widthMM": 40 } } ] }
            """.utf8).write(to: geometry)
        let config = folder.appendingPathComponent("h.json")
        try Data(#"{ "latentDimension": 4, "generatorHidden": [16], "criticHidden": [16], "batchSize": 8, "checkpointEvery": 2 }"#.utf8)
            .write(to: config)
        let data = folder.appendingPathComponent("data.h5"), model = folder.appendingPathComponent("model")

        var r = try CLI.run(["simulate", "--geometry", geometry.path, "--energy-range", "0.02:0.1", "--n", "30", "--quiet",
                             "--out", data.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        r = try CLI.run(["train", "--data", data.path, "--out", model.path, "--config", config.path, "--iterations", "4", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("best validation chi2"), r.stdout)
        for file in ["model.json", "generator.safetensors", "checkpoint.safetensors", "train_log.csv", "best/model.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: model.appendingPathComponent(file).path), file)
        }
        // Unreadable training data: refused, and no empty model folder is left behind.
        let truncated = folder.appendingPathComponent("truncated.h5"), nowhere = folder.appendingPathComponent("never")
        try Data(try Data(contentsOf: data).prefix(2000)).write(to: truncated)
        r = try CLI.run(["train", "--data", truncated.path, "--out", nowhere.path, "--iterations", "2", "--quiet"])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("truncated or corrupt"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: nowhere.path))
        // Resume extends the run; a second plain run into the same folder is refused.
        r = try CLI.run(["train", "--data", data.path, "--out", model.path, "--config", config.path, "--iterations", "6", "--quiet"])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("--resume"), r.stderr)
        r = try CLI.run(["train", "--data", data.path, "--out", model.path, "--iterations", "6", "--resume", "--seed", "9", "--quiet"])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("--seed cannot change when resuming"), r.stderr)
        r = try CLI.run(["train", "--data", data.path, "--out", model.path, "--iterations", "6", "--resume", "--learning-rate", "5e-5",
                         "--no-ema", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let resumedModel = try String(contentsOf: model.appendingPathComponent("model.json"), encoding: .utf8)
        XCTAssertTrue(resumedModel.contains("\"emaDecay\" : null") || resumedModel.contains("\"emaDecay\":null"), resumedModel)

        // The response calibration: one row from 30 showers; bad numbers refused before any work.
        r = try CLI.run(["calibrate", "--model", model.path, "--data", data.path, "--rows", "0"])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("--rows must be >= 1"), r.stderr)
        r = try CLI.run(["calibrate", "--model", model.path, "--data", data.path, "--rows", "1", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("-rc against 30 reference and 90 generated showers"), r.stdout)

        let out = folder.appendingPathComponent("gen.h5")
        r = try CLI.run(["generate", "--model", model.path, "--energies-from", data.path, "--out", out.path, "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let generated = try ShowerFileReader(url: out).readAll(), reference = try ShowerFileReader(url: data).readAll()
        XCTAssertEqual(generated.incidentEnergiesMeV, reference.incidentEnergiesMeV)
        XCTAssertTrue(generated.cellEnergiesMeV.allSatisfy { $0.isFinite && $0 >= 0 })
        XCTAssertTrue(try ShowerFileReader(url: out).metadata.extra["model_id"]?.hasSuffix("-rc") ?? false)

        // validate --model generates one shower per reference energy, times both sides, reports.
        let report = folder.appendingPathComponent("val")
        r = try CLI.run(["validate", "--reference", data.path, "--model", model.path, "--out", report.path, "--no-classifier", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("validate: "), r.stdout)
        let metrics = try String(contentsOf: report.appendingPathComponent("metrics.json"), encoding: .utf8)
        XCTAssertTrue(metrics.contains("referenceMsPerShower"), String(metrics.prefix(400)))
        XCTAssertTrue(FileManager.default.fileExists(atPath: report.appendingPathComponent("report.md").path))

        // Bad input: n <= 0, missing model, extrapolation with --strict, a model of another geometry.
        r = try CLI.run(["generate", "--model", model.path, "--energy", "0.05", "--n", "0", "--out", out.path, "--overwrite"])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("--n must be > 0"), r.stderr)
        r = try CLI.run(["generate", "--model", folder.appendingPathComponent("nope").path, "--energy", "1", "--n", "3", "--out", out.path])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("model folder not found"), r.stderr)
        r = try CLI.run(["generate", "--model", model.path, "--energy", "50", "--n", "3", "--strict", "--out", out.path, "--overwrite", "--quiet"])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("--strict"), r.stderr)
        r = try CLI.run(["generate", "--model", model.path, "--energy", "50", "--n", "3", "--out", out.path, "--overwrite", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("extrapolates"), r.stderr)
        let calogan = folder.appendingPathComponent("calogan.h5")
        r = try CLI.run(["simulate", "--energy", "0.01", "--n", "12", "--quiet", "--out", calogan.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        r = try CLI.run(["train", "--data", calogan.path, "--out", model.path, "--resume", "--quiet"])
        XCTAssertTrue(r.status != 0 && r.stderr.contains("model was trained for geometry 'tiny'"), r.stderr)
    }
}
