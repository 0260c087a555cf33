import CaloData
import CaloDetector
@testable import CaloGAN
import CaloNN
import CaloTensor
import CaloSupport
import Foundation
import XCTest
import _TestSupport

/// Training mechanics on a tiny geometry and synthetic showers: checkpoints, resume, best model,
/// generation. (Fidelity is measured by `calosim validate` on real showers, not here.)
final class TrainingTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TemporaryFolder.make("calosim-train")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    static let tinyGeometry = """
        { "name": "tiny", "transverse": { "widthMM": 100, "heightMM": 100 },
          "stack": { "period": [ { "material": "Pb", "thicknessMM": 2 }, { "material": "LAr", "thicknessMM": 4, "active": true } ], "repeat": 4 },
          "layers": [ { "zMM": [0, 12], "cells": { "rows": 2, "cols": 3, "heightMM": 20, "widthMM": 20 } },
                      { "zMM": [12, 24], "cells": { "rows": 2, "cols": 2, "heightMM": 20, "widthMM": 20 } } ] }
        """

    /// Synthetic showers: the energy shared over 10 cells with fractions that depend on E.
    private func writeData(_ n: Int, nanAt: Int? = nil) throws -> URL {
        let geometry = try Geometry(json: Self.tinyGeometry)
        let url = folder.appendingPathComponent("data.h5")
        let writer = try ShowerFileWriter(url: url, geometry: geometry, metadata: ShowerFileMetadata(
            geometryJSON: geometry.json, producer: "synthetic", seed: 5, commandLine: "test"), overwrite: true)
        var rng = Philox(seed: 5, stream: 0)
        var batch = ShowerBatch(cellCount: 10)
        for i in 0..<n {
            let e = Float(1000 + 9000 * rng.uniform())
            var cells = (0..<10).map { c in Float(rng.uniform()) * (c == 4 ? 5 : 1) }
            cells[9] = 0
            let s = cells.reduce(0, +)
            cells = cells.map { $0 / s * e * 0.9 }
            if i == nanAt { cells[2] = .nan }
            batch.append(incidentEnergyMeV: e, cells: cells, particle: .electron)
        }
        try writer.append(batch)
        try writer.finish()
        return url
    }

    private func hyperparameters(iterations: Int) -> GANHyperparameters {
        var h = GANHyperparameters()
        h.latentDimension = 4
        h.generatorHidden = [16]
        h.criticHidden = [16]
        h.batchSize = 8
        h.iterations = iterations
        h.checkpointEvery = 2
        h.seed = 3
        return h
    }

    private func trainer(_ data: URL, _ out: URL, iterations: Int, resume: Bool) throws -> GANTrainer {
        let h = hyperparameters(iterations: iterations)
        let training = try TrainingData(url: data, transform: h.cellTransform, validationFraction: h.validationFraction, seed: h.seed)
        return try GANTrainer(data: training, dataPath: data.path, folder: out, hyperparameters: h, resume: resume)
    }

    /// Four iterations in one go equal two, a "kill", and two more after --resume, bit for bit.
    func testResumeReproducesAnUninterruptedRun() throws {
        let data = try writeData(200)
        let straight = folder.appendingPathComponent("straight"), resumed = folder.appendingPathComponent("resumed")
        try trainer(data, straight, iterations: 4, resume: false).train(progress: .quiet)
        try trainer(data, resumed, iterations: 2, resume: false).train(progress: .quiet)
        XCTAssertThrowsError(try trainer(data, resumed, iterations: 4, resume: false)) {
            XCTAssertTrue("\($0)".contains("--resume"), "\($0)")
        }
        let second = try trainer(data, resumed, iterations: 4, resume: true)
        XCTAssertEqual(second.iteration, 2)
        try second.train(progress: .quiet)
        let a = try Data(contentsOf: straight.appendingPathComponent(ModelConfiguration.generatorWeightsFileName))
        let b = try Data(contentsOf: resumed.appendingPathComponent(ModelConfiguration.generatorWeightsFileName))
        XCTAssertEqual(a, b, "resumed weights differ from an uninterrupted run")
        let log = try TrainingLog.read(resumed.appendingPathComponent("train_log.csv"))
        XCTAssertEqual(log.map(\.iteration), [2, 4])
        XCTAssertTrue(log.allSatisfy { $0.validationChi2 != nil && $0.gradientPenalty.isFinite })
        XCTAssertTrue(FileManager.default.fileExists(atPath: resumed.appendingPathComponent("best/model.json").path))

        // The trained folder generates: non-negative, finite, deterministic.
        let generator = try TrainedGenerator(folder: resumed)
        let cells = generator.generate(incidentMeV: [1000, 5000, 10_000], seed: 1, firstIndex: 0)
        XCTAssertEqual(cells.count, 30)
        XCTAssertTrue(cells.allSatisfy { $0.isFinite && $0 >= 0 })
        let again = generator.generate(incidentMeV: [5000, 10_000], seed: 1, firstIndex: 1)
        XCTAssertEqual(Array(cells[10...]), again, "shower k must not depend on the batch it is in")
        XCTAssertEqual(generator.configuration.geometryName, "tiny")
        XCTAssertEqual(generator.configuration.iteration, 4)
    }

    /// A fine-tuning phase: resume with the weight average switched off and a lower learning
    /// rate, then switch an average back on; it starts from the restored weights, not from the
    /// initialisation. Architecture changes are refused; a plain resume keeps everything stored.
    func testResumeMayChangeLengthLearningRateAndAverage() throws {
        let data = try writeData(200)
        let run = folder.appendingPathComponent("run")
        try trainer(data, run, iterations: 2, resume: false).train(progress: .quiet)
        let stored = try GANTrainer.storedHyperparameters(in: run)
        XCTAssertEqual(stored, hyperparameters(iterations: 2))
        XCTAssertEqual(try ResumeOverrides().applied(to: stored), stored, "a plain resume changes nothing")

        func resumed(_ overrides: ResumeOverrides) throws -> GANTrainer {
            let h = try overrides.applied(to: GANTrainer.storedHyperparameters(in: run))
            let training = try TrainingData(url: data, transform: h.cellTransform, validationFraction: h.validationFraction, seed: h.seed)
            return try GANTrainer(data: training, dataPath: data.path, folder: run, hyperparameters: h, resume: true)
        }
        let plain = try resumed(ResumeOverrides(iterations: 4, learningRate: 5e-5, emaDecay: .some(nil)))
        XCTAssertNil(plain.hyperparameters.emaDecay)
        XCTAssertEqual(plain.hyperparameters.learningRate, 5e-5)
        try plain.train(progress: .quiet)
        let checkpoint4 = try checkpointTensors(run)
        XCTAssertFalse(checkpoint4.keys.contains { $0.hasPrefix("ema.") }, "no average is stored once it is off")
        let saved4 = try SafeTensors.read(from: run.appendingPathComponent(ModelConfiguration.generatorWeightsFileName)).tensors
        for (name, t) in saved4 { XCTAssertEqual(t.scalars, checkpoint4["generator.\(name)"]?.scalars, "without EMA the raw weights are saved: \(name)") }

        let averaged = try resumed(ResumeOverrides(iterations: 5, emaDecay: .some(0.9)))
        try averaged.train(progress: .quiet)
        let checkpoint5 = try checkpointTensors(run)
        let d = min(Float(0.9), Float(1 + 4) / Float(10 + 4))  // the warm-up at update number 4
        for (name, _) in averaged.generator.namedParameters {
            let raw4 = checkpoint4["generator.\(name)"]!.scalars, raw5 = checkpoint5["generator.\(name)"]!.scalars
            let ema = checkpoint5["ema.\(name)"]!.scalars
            for j in 0..<ema.count { XCTAssertEqual(ema[j], d * raw4[j] + (1 - d) * raw5[j], accuracy: 1e-6, "\(name)[\(j)]") }
        }

        var wider = try GANTrainer.storedHyperparameters(in: run)
        wider.generatorHidden = [32]
        let training = try TrainingData(url: data, transform: wider.cellTransform, validationFraction: wider.validationFraction, seed: wider.seed)
        XCTAssertThrowsError(try GANTrainer(data: training, dataPath: data.path, folder: run, hyperparameters: wider, resume: true)) {
            XCTAssertTrue("\($0)".contains("only --iterations"), "\($0)")
        }
    }

    private func checkpointTensors(_ run: URL) throws -> [String: Tensor] {
        let file = try SafeTensors.read(from: run.appendingPathComponent("checkpoint.safetensors"))
        return Dictionary(file.tensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
    }

    func testBadTrainingInputs() throws {
        let data = try writeData(50, nanAt: 17)
        XCTAssertThrowsError(try trainer(data, folder.appendingPathComponent("m"), iterations: 2, resume: false)) {
            XCTAssertTrue("\($0)".contains("shower 17"), "\($0)")
        }
        XCTAssertThrowsError(try trainer(try writeData(50), folder.appendingPathComponent("none"), iterations: 2, resume: true)) {
            XCTAssertTrue("\($0)".contains("nothing to resume"), "\($0)")
        }
    }
}
