import CaloApp
import CaloData
import CaloDetector
import CaloGAN
import CaloSupport
import Foundation
import XCTest
import _TestSupport

/// The default model's recipe (the numbers of scripts/reproduce_model.sh), its plan's time
/// arithmetic, and the sharded sample's resume: present shards are kept, the merge equals one
/// run, a shard of another run is refused.
final class DefaultModelTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-default-model") }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    func testRecipeIsTheShippedModelsAndReadsPartialJSON() throws {
        let r = DefaultModelRecipe()
        XCTAssertEqual([r.training.showers, Int(r.training.seed), r.heldOut.showers, Int(r.heldOut.seed)], [30_000, 7, 10_000, 1001])
        XCTAssertEqual(r.phases.map(\.iterations), [40_000, 52_000, 60_000, 68_000, 72_000, 80_000, 84_000, 92_000, 96_000])
        XCTAssertEqual(r.phases.map(\.learningRate), [1e-4] + Array(repeating: 3e-5, count: 8))
        XCTAssertEqual(r.phases.map(\.emaDecay), [0.999, nil, 0.999, nil, 0.999, nil, 0.999, nil, 0.999])
        XCTAssertEqual(r.trainingURL.relativePath, "data/eminus.h5")
        XCTAssertEqual(r.modelFolder, "models/calogan-eminus")
        let h = r.hyperparameters()
        XCTAssertEqual([h.iterations, h.checkpointEvery, h.batchSize], [40_000, 500, 128])
        XCTAssertEqual(h.generatorHidden, GANHyperparameters().generatorHidden)

        let file = folder.appendingPathComponent("r.json")
        try Data(#"{ "training": { "file": "t.h5", "showers": 40, "seed": 3 }, "batchSize": 8 }"#.utf8).write(to: file)
        let partial = try DefaultModelRecipe.load(file)
        XCTAssertEqual(partial.training, .init(file: "t.h5", showers: 40, seed: 3))
        XCTAssertEqual(partial.heldOut, r.heldOut)
        XCTAssertEqual(partial.hyperparameters().batchSize, 8)
        try Data(#"{ "phases": [ { "iterations": 5, "learningRate": 1e-4 }, { "iterations": 5, "learningRate": 1e-4 } ] }"#.utf8).write(to: file)
        XCTAssertThrowsError(try DefaultModelRecipe.load(file)) { XCTAssert("\($0)".contains("increasing iteration targets"), "\($0)") }
    }

    func testPlanTimesAreTheMeasuredRatesTimesWhatIsLeft() throws {
        let job = try DefaultModelJob.Request().makeJob()
        let lines = job.plan(missingShowers: 30_000, iterationsDone: 0, calibrated: false,
                             simulationSecondsPerShower: 0.09, trainingSecondsPerIteration: 0.1)
        let text = lines.joined(separator: "\n")
        // 30,000 x 0.09 s = 45 min; 96,000 x 0.1 s = 2.7 h; together 12,300 s = 3.4 h.
        XCTAssert(text.contains("30,000 showers to go, ~45 min"), text)
        XCTAssert(text.contains("96,000 to go, ~2.7 h"), text)
        XCTAssert(text.contains("estimated time on this machine: ~3.4 h"), text)
        XCTAssert(text.contains("40,000 at learning rate 0.0001 with the 0.999 weight average, then 8 fine-tuning phases to 96,000"), text)
        let resumed = job.plan(missingShowers: 0, iterationsDone: 60_000, calibrated: false, simulationSecondsPerShower: nil,
                               trainingSecondsPerIteration: 0.1).joined(separator: "\n")
        XCTAssert(resumed.contains("is there") && resumed.contains("36,000 to go, ~60 min"), resumed)
    }

    func testValidateDefaultsToTheShippedModelAndKeepsWhatIsGiven() throws {
        let reference = folder.appendingPathComponent("ref.h5"), model = folder.appendingPathComponent("m")
        try Data().write(to: reference)
        var r = ValidationJob.Request(reference: reference, outputFolder: folder)
        XCTAssertEqual(try r.withDefaults().model, TrainedGenerator.shippedModelFolder())
        XCTAssertNotNil(TrainedGenerator.shippedModelFolder())
        XCTAssertEqual(try r.withDefaults().reference, reference)
        r.model = model
        XCTAssertEqual(try r.withDefaults().model, model)
        r.generated = reference
        XCTAssertThrowsError(try r.check()) { XCTAssert("\($0)".contains("not both"), "\($0)") }
    }

    func testShardedSampleKeepsPresentShardsAndMergesToOneRun() throws {
        let geometry = try Geometry.resolve("calogan")
        let spectrum = EnergySpectrum.uniform(lowMeV: 500, highMeV: 600)
        let output = folder.appendingPathComponent("d/sample.h5")
        var sample = ShardedSample(geometry: geometry, particle: .electron, spectrum: spectrum, showers: 5, seed: 5,
                                   showersPerShard: 2, output: output)
        sample.threads = 2
        sample.progress = .quiet
        XCTAssertEqual(sample.shardCount, 3)
        XCTAssertEqual(try sample.state(), .shards(present: 0, of: 3))
        // Shard 2 of 3 (showers 2..<4) as an interrupted run left it.
        try FileManager.default.createDirectory(at: sample.shardFolder, withIntermediateDirectories: true)
        var shard = SimulateJob(geometry: geometry, particle: .electron, spectrum: spectrum, count: 2, seed: 5, threads: 2,
                                output: sample.shardURL(1))
        shard.firstShower = 2
        shard.progress = .quiet
        _ = try shard.run()
        XCTAssertEqual(try sample.state(), .shards(present: 1, of: 3))
        XCTAssertEqual(try sample.missingShowers(), 3)
        let log = LockedLines()
        sample.log = { log.append($0) }
        XCTAssertEqual(try sample.run(), 3, "only the missing shards are simulated")
        let lines = log.lines
        XCTAssert(lines.contains { $0.hasPrefix("shard 2/3 (showers 2..<4) is there") }, "\(lines)")
        XCTAssertEqual(try sample.state(), .complete)
        XCTAssertFalse(FileManager.default.fileExists(atPath: sample.shardFolder.path), "shards removed after the merge")
        XCTAssertEqual(try sample.run(), 0, "a complete sample is used as it is")

        // The same showers as one run of five.
        var single = SimulateJob(geometry: geometry, particle: .electron, spectrum: spectrum, count: 5, seed: 5, threads: 2,
                                 output: folder.appendingPathComponent("single.h5"))
        single.progress = .quiet
        _ = try single.run()
        let merged = try ShowerFileReader(url: output).readAll(), one = try ShowerFileReader(url: single.output).readAll()
        XCTAssertEqual(merged.incidentEnergiesMeV, one.incidentEnergiesMeV)
        XCTAssertEqual(merged.cellEnergiesMeV, one.cellEnergiesMeV)

        // A shard of another seed is refused, naming it; nothing is merged.
        let other = folder.appendingPathComponent("e/sample.h5")
        var foreign = ShardedSample(geometry: geometry, particle: .electron, spectrum: spectrum, showers: 4, seed: 6,
                                    showersPerShard: 2, output: other)
        foreign.progress = .quiet
        try FileManager.default.createDirectory(at: foreign.shardFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: sample.shardFolder.deletingLastPathComponent().appendingPathComponent("sample.h5"),
                                         to: foreign.shardURL(0))
        XCTAssertThrowsError(try foreign.run()) {
            XCTAssert("\($0)".contains("shard-000.h5 holds 5 showers of seed 5") && "\($0)".contains("move it away"), "\($0)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: other.path))
    }
}

/// Lines collected from a logging closure.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = [String]()
    func append(_ s: String) { lock.lock(); stored.append(s); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}
