import CaloApp
import CaloData
import CaloDetector
import CaloGAN
import CaloSupport
import Foundation
import XCTest
import _TestSupport

/// `calosim calibrate` on a tiny trained model: the calibrated generator escapes like the data,
/// the calibration is tied to the weights, retraining drops it, bad input is refused.
final class CalibrateJobTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-cal") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private static func geometry(rows: Int) -> String {
        """
        { "name": "tiny", "transverse": { "widthMM": 100, "heightMM": 100 },
          "stack": { "period": [ { "material": "Pb", "thicknessMM": 2 }, { "material": "LAr", "thicknessMM": 4, "active": true } ], "repeat": 4 },
          "layers": [ { "zMM": [0, 12], "cells": { "rows": \(rows), "cols": 3, "heightMM": 20, "widthMM": 20 } },
                      { "zMM": [12, 24], "cells": { "rows": 2, "cols": 2, "heightMM": 20, "widthMM": 20 } } ] }
        """
    }

    /// Showers whose escaping fraction is 0.02 + 0.2 u^3 (u uniform): a skewed distribution.
    private func writeData(_ n: Int, name: String, geometryRows: Int = 2) throws -> URL {
        let geometry = try Geometry(json: Self.geometry(rows: geometryRows))
        let url = folder.appendingPathComponent(name)
        let writer = try ShowerFileWriter(url: url, geometry: geometry, metadata: ShowerFileMetadata(
            geometryJSON: geometry.json, producer: "synthetic", seed: 5, commandLine: "test"), overwrite: true)
        var rng = Philox(seed: 9, stream: 0)
        var batch = ShowerBatch(cellCount: geometry.cellCount)
        for _ in 0..<n {
            let e = Float(1000 + 9000 * rng.uniform())
            let u = rng.uniform(), escape = 0.02 + 0.2 * u * u * u
            var cells = (0..<geometry.cellCount).map { c in Float(rng.uniform()) * (c == 4 ? 5 : 1) + 0.01 }
            let s = cells.reduce(0, +)
            cells = cells.map { $0 / s * e * Float(1 - escape) }
            batch.append(incidentEnergyMeV: e, cells: cells, particle: .electron)
        }
        try writer.append(batch)
        try writer.finish()
        return url
    }

    private func train(_ data: URL, _ out: URL, iterations: Int, resume: Bool) throws {
        var h = GANHyperparameters()
        h.latentDimension = 4
        h.generatorHidden = [16]
        h.criticHidden = [16]
        h.batchSize = 8
        h.iterations = iterations
        h.checkpointEvery = 2
        h.seed = 3
        let training = try TrainingData(url: data, transform: h.cellTransform, validationFraction: h.validationFraction, seed: h.seed)
        try GANTrainer(data: training, dataPath: data.path, folder: out, hyperparameters: h, resume: resume).train(progress: .quiet)
    }

    private func escapes(_ generator: TrainedGenerator, energies: [Float], seed: UInt64) -> [Double] {
        let cells = generator.generate(incidentMeV: energies, seed: seed, firstIndex: 0)
        return ResponseCalibration.Sample(incidentMeV: energies, cells: cells, cellCount: generator.configuration.cellCount).escape
    }

    func testCalibratedGeneratorEscapesLikeTheData() throws {
        let data = try writeData(600, name: "data.h5"), model = folder.appendingPathComponent("model")
        try train(data, model, iterations: 2, resume: false)
        var job = CalibrateJob(model: model, data: data)
        job.rows = 3
        job.levels = 41
        job.progress = .quiet
        let summary = try job.run()
        XCTAssertEqual(summary.modelId, try ModelConfiguration.load(folder: model).modelId)
        XCTAssertTrue(summary.modelId.hasSuffix("-rc"), summary.modelId)
        XCTAssertEqual(summary.generatedShowers, 1800)
        let text = try String(contentsOf: model.appendingPathComponent(ModelConfiguration.fileName), encoding: .utf8)
        XCTAssertTrue(text.contains("\"formatVersion\" : 2"), "a calibrated model is format version 2")

        // Calibrating again replaces the calibration (the id does not grow).
        XCTAssertEqual(try job.run().modelId, summary.modelId)

        // Fresh generated showers (another seed) escape like the data: quartiles within 3 sigma
        // of the two samples (binomial error on the fraction below each data quartile).
        let batch = try ShowerFileReader(url: data).readAll()
        let reference = ResponseCalibration.Sample(incidentMeV: batch.incidentEnergiesMeV, cells: batch.cellEnergiesMeV,
                                                   cellCount: batch.cellCount).escape.sorted()
        let energies = Array(repeating: batch.incidentEnergiesMeV, count: 3).flatMap { $0 }
        let calibrated = try TrainedGenerator(folder: model), raw = try TrainedGenerator(folder: model, calibrated: false)
        XCTAssertNotNil(calibrated.calibration)
        let mapped = escapes(calibrated, energies: energies, seed: 77), unmapped = escapes(raw, energies: energies, seed: 77)
        var rawOff = false
        for p in [0.25, 0.5, 0.75] {
            let q = reference[Int(p * Double(reference.count))]
            let below = Double(mapped.filter { $0 < q }.count) / Double(mapped.count)
            let sigma = (p * (1 - p) * (1 / Double(mapped.count) + 1 / Double(reference.count))).squareRoot()
            XCTAssertLessThanOrEqual(abs(below - p), 3 * sigma, "fraction below the data's \(p) quantile")
            let rawBelow = Double(unmapped.filter { $0 < q }.count) / Double(unmapped.count)
            rawOff = rawOff || abs(rawBelow - p) > 5 * sigma
        }
        XCTAssertTrue(rawOff, "the untrained generator should escape unlike the data")
        // Sums are exactly (1 - calibrated escape) E: only the total changes, the pattern is kept.
        let one = calibrated.generate(incidentMeV: [5000], seed: 1, firstIndex: 0), base = raw.generate(incidentMeV: [5000], seed: 1, firstIndex: 0)
        let ratio = one[4] / base[4]
        XCTAssertTrue(zip(one, base).allSatisfy { abs($0 - $1 * ratio) <= 1e-5 * $1 }, "cells scale together")

        // Retraining writes new weights: the calibration is dropped with them.
        try train(data, model, iterations: 4, resume: true)
        let retrained = try ModelConfiguration.load(folder: model)
        XCTAssertNil(retrained.responseCalibration)
        XCTAssertFalse(retrained.modelId.hasSuffix("-rc"))
        XCTAssertTrue(try String(contentsOf: model.appendingPathComponent(ModelConfiguration.fileName), encoding: .utf8)
            .contains("\"formatVersion\" : 1"))
    }

    /// Weights changed behind a calibration's back are refused by name; bad input is refused.
    func testMismatchesAndBadInput() throws {
        let data = try writeData(100, name: "data.h5"), model = folder.appendingPathComponent("model")
        try train(data, model, iterations: 2, resume: false)
        var job = CalibrateJob(model: model, data: data)
        job.rows = 2
        job.progress = .quiet
        _ = try job.run()
        let weights = model.appendingPathComponent(ModelConfiguration.generatorWeightsFileName)
        var bytes = try Data(contentsOf: weights)
        bytes[bytes.count - 1] ^= 0x01
        try bytes.write(to: weights)
        XCTAssertThrowsError(try TrainedGenerator(folder: model)) {
            XCTAssertTrue("\($0)".contains("fitted for other weights") && "\($0)".contains("calosim calibrate"), "\($0)")
        }
        XCTAssertNoThrow(try TrainedGenerator(folder: model, calibrated: false))
        XCTAssertNoThrow(try job.run(), "calibrating again repairs it")
        XCTAssertNoThrow(try TrainedGenerator(folder: model))

        // A damaged table (hand-edited model.json) is refused when the model is read.
        var damaged = try ModelConfiguration.load(folder: model)
        damaged.responseCalibration?.probabilities.reverse()
        try damaged.save(folder: model)
        XCTAssertThrowsError(try TrainedGenerator(folder: model)) { XCTAssertTrue("\($0)".contains("not increasing"), "\($0)") }
        XCTAssertThrowsError(try job.run(), "calibrate reads model.json too")

        damaged.responseCalibration = nil
        try damaged.save(folder: model)
        job.rows = 6
        XCTAssertThrowsError(try job.run()) { XCTAssertTrue("\($0)".contains("6 rows need at least 120"), "\($0)") }
        job.rows = 0
        XCTAssertThrowsError(try job.checkOptions()) { XCTAssertTrue("\($0)".contains("--rows must be >= 1"), "\($0)") }
        var other = CalibrateJob(model: model, data: try writeData(50, name: "other.h5", geometryRows: 3))
        other.progress = .quiet
        // A file of another geometry is refused as the model's geometry is the one a file without a
        // geometry attribute (a CaloChallenge file) is read in.
        XCTAssertThrowsError(try other.run()) { XCTAssertTrue("\($0)".contains("was made in geometry 'tiny' (13 cells), not 'tiny' (10 cells)"), "\($0)") }
        let before = try Data(contentsOf: model.appendingPathComponent(ModelConfiguration.fileName))
        XCTAssertThrowsError(try other.run())
        XCTAssertEqual(try Data(contentsOf: model.appendingPathComponent(ModelConfiguration.fileName)), before, "a failed run changes nothing")
    }
}
