import CaloData
import Foundation
import XCTest
import _TestSupport

/// `calosim train` and `calosim validate` with no options, on a tiny recipe (README, "Test
/// hooks"): the plan with its time estimate, the training set into data/ and the model into
/// models/ of the working directory, a second run that finds everything done, and the shipped
/// model validated against the held-out sample it simulates.
final class DefaultModelCLITests: XCTestCase {
    func testDefaultTrainAndValidateOnATinyRecipe() throws {
        let folder = try TemporaryFolder.make("calosim-default")
        defer { try? FileManager.default.removeItem(at: folder) }
        // 24 training showers in shards of 10 (the last one short), 12 held-out ones, two phases
        // of a tiny network.
        try Data("""
            { "energyRangeGeV": [1, 1.1], "training": { "file": "eminus.h5", "showers": 24, "seed": 7 },
              "heldOut": { "file": "heldout.h5", "showers": 12, "seed": 1001 }, "showersPerShard": 10,
              "phases": [ { "iterations": 4, "learningRate": 1e-4, "emaDecay": 0.999 }, { "iterations": 6, "learningRate": 3e-5 } ],
              "checkpointEvery": 2, "generatorHidden": [16], "criticHidden": [16], "batchSize": 8, "calibrationRows": 1 }
            """.utf8).write(to: folder.appendingPathComponent("tiny.json"))
        func run(_ arguments: [String]) throws -> CLI.Result { try CLI.run(arguments, directory: folder) }

        var r = try run(["train", "--recipe", "tiny.json", "--threads", "2", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.stdout.contains("1. simulate the training set, 24 e- of 1-1.1 GeV (uniform) in calogan, seed 7, into data/eminus.h5 in 3 shards of 10: 24 showers to go"), r.stdout)
        XCTAssert(r.stdout.contains("s per shower on 2 threads, measured just now"), r.stdout)
        XCTAssert(r.stdout.contains("2. train 6 iterations into models/calogan-eminus"), r.stdout)
        XCTAssert(r.stdout.contains("estimated time on this machine: ~"), r.stdout)
        XCTAssert(r.stdout.hasSuffix("calosim validate --model models/calogan-eminus --recipe tiny.json\n"), r.stdout)
        let data = folder.appendingPathComponent("data/eminus.h5"), model = folder.appendingPathComponent("models/calogan-eminus")
        let reader = try ShowerFileReader(url: data)
        XCTAssertEqual(reader.count, 24)
        XCTAssertEqual(reader.metadata.seed, 7)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("data/eminus.shards").path))
        let config = try String(contentsOf: model.appendingPathComponent("model.json"), encoding: .utf8)
        XCTAssert(config.contains("\"iteration\" : 6"), config)
        XCTAssert(config.contains("\"responseCalibration\""), "calibrated")

        // Everything is there: nothing is simulated, trained or calibrated again.
        r = try run(["train", "--recipe", "tiny.json", "--threads", "2", "--quiet"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssert(r.stdout.contains("1. training set: data/eminus.h5 is there"), r.stdout)
        XCTAssert(r.stdout.contains("2. training: models/calogan-eminus has reached iteration 6"), r.stdout)
        XCTAssert(r.stdout.contains("3. response calibration: done"), r.stdout)
        XCTAssertFalse(r.stdout.contains("train: phase"), r.stdout)

        // Options without --data/--out, or only one of them, are refused by name.
        r = try run(["train", "--iterations", "5"])
        XCTAssert(r.status != 0 && r.stderr.contains("--iterations needs --data and --out"), r.stderr)
        r = try run(["train", "--data", "data/eminus.h5"])
        XCTAssert(r.status != 0 && r.stderr.contains("give both --data and --out, or neither"), r.stderr)

        // validate with no model and no reference: the shipped model against the held-out
        // sample, simulated into data/.
        r = try run(["validate", "--recipe", "tiny.json", "--no-classifier", "--no-timing", "--quiet", "--out", "v", "--threads", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try ShowerFileReader(url: folder.appendingPathComponent("data/heldout.h5")).metadata.seed, 1001)
        let metrics = try ReportWriterJSON.read(folder.appendingPathComponent("v/metrics.json"))
        XCTAssertEqual(metrics.referenceCount, 12)
        XCTAssertEqual(metrics.modelID, "calogan-eminus-it96000-s1-rc")
        XCTAssertEqual(metrics.coverage?.showers, 6, "precision/recall/density/coverage in metrics.json")
    }
}

/// The two fields of metrics.json these tests read (CLITests does not import CaloValidation).
enum ReportWriterJSON {
    struct Metrics: Decodable {
        struct Provenance: Decodable { var modelID: String? }
        struct Coverage: Decodable { var showers: Int }
        var referenceCount: Int
        var provenance: Provenance
        var coverage: Coverage?
        var modelID: String? { provenance.modelID }
    }

    static func read(_ url: URL) throws -> Metrics {
        try JSONDecoder().decode(Metrics.self, from: try Data(contentsOf: url))
    }
}
