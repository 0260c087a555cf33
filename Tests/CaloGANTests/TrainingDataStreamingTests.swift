import CaloBLAS
import CaloData
import CaloDetector
@testable import CaloGAN
import CaloSupport
import CaloTensor
import Foundation
import XCTest
import _TestSupport

/// A training set read from its file chunk by chunk is the one a plain in-memory split gives,
/// byte for byte, whatever the chunk size and thread count; the selection score generated in
/// chunks is that of one pass.
final class TrainingDataStreamingTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-stream") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func write(_ batch: ShowerBatch) throws -> URL {
        let geometry = try Geometry(json: TrainingTests.tinyGeometry)
        let url = folder.appendingPathComponent("data.h5")
        let writer = try ShowerFileWriter(url: url, geometry: geometry, metadata: ShowerFileMetadata(
            geometryJSON: geometry.json, producer: "synthetic", seed: 9, commandLine: "test"), overwrite: true,
            recordsArrival: true)
        try writer.append(batch)
        try writer.finish()
        return url
    }

    /// The split written out plainly: shuffle, hold out the first part, transform each cell.
    private func plainSplits(_ batch: ShowerBatch, h: GANHyperparameters, encoding: ConditionEncoding)
        -> [(cells: [Float], condition: [Float], incident: [Float], total: [Float])] {
        var order = Array(0..<batch.count)
        var rng = StreamDomain.trainingSplit.generator(key: h.seed, index: 0)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
        }
        let held = max(1, Int(Float(batch.count) * h.validationFraction))
        return [order[..<held], order[held...]].map { part in
            (part.flatMap { i in batch.shower(i).map { h.cellTransform.forward($0 / batch.incidentEnergiesMeV[i]) } },
             encoding.values(part.map { batch.conditions($0) }),
             part.map { batch.incidentEnergiesMeV[$0] },
             part.map { batch.shower($0).reduce(0, +) })
        }
    }

    func testChunkedReadingEqualsThePlainSplit() throws {
        let batch = MultiConditionTrainingTests.showers(53)
        let url = try write(batch)
        let h = MultiConditionTrainingTests.hyperparameters()
        for (chunk, threads) in [(7, 2), (1, 1), (53, 2), (256, 1)] {
            let data = try TrainingData(url: url, transform: h.cellTransform, validationFraction: h.validationFraction,
                                        seed: h.seed, chunkShowers: chunk, threads: threads)
            XCTAssertEqual(data.encoding, try ConditionEncoding(fitting: batch, path: "synthetic"))
            let expected = plainSplits(batch, h: h, encoding: data.encoding)
            XCTAssertEqual(data.validation.cells, [], "the validation split keeps no cells")
            XCTAssertEqual(data.training.cells, expected[1].cells, "chunks of \(chunk), \(threads) threads")
            for (split, plain) in zip([data.validation, data.training], expected) {
                XCTAssertEqual(split.condition, plain.condition)
                XCTAssertEqual(split.incidentMeV, plain.incident)
                XCTAssertEqual(split.totalMeV, plain.total)
            }
            XCTAssertEqual(data.validation.count + data.training.count, 53)
        }
    }

    /// A bad value in a later chunk is named by its index in the file.
    func testBadValueNamesTheShowerInTheFile() throws {
        var batch = MultiConditionTrainingTests.showers(40)
        batch.cellEnergiesMeV[33 * 10 + 4] = -.infinity
        let url = try write(batch)
        let h = MultiConditionTrainingTests.hyperparameters()
        XCTAssertThrowsError(try TrainingData(url: url, transform: h.cellTransform, validationFraction: h.validationFraction,
                                              seed: h.seed, chunkShowers: 8)) { error in
            XCTAssertTrue("\(error)".contains("shower 33 has -inf MeV in cell 4"), "\(error)")
        }
    }

    func testValidationScoreInChunksEqualsOnePass() throws {
        try BLAS.load()
        var h = MultiConditionTrainingTests.hyperparameters()
        h.validationFraction = 0.3
        let data = try TrainingData(batch: MultiConditionTrainingTests.showers(200), geometry: try Geometry(json: TrainingTests.tinyGeometry),
                                    sourceSeed: 9, path: "synthetic", transform: h.cellTransform,
                                    validationFraction: h.validationFraction, seed: h.seed)
        let trainer = try GANTrainer(data: data, dataPath: "synthetic", folder: folder.appendingPathComponent("run"),
                                     hyperparameters: h, resume: false)
        try trainer.train()
        let whole = trainer.validationScore(chunkShowers: 1000), chunked = trainer.validationScore(chunkShowers: 13)
        XCTAssertEqual(whole.chi2.bitPattern, chunked.chi2.bitPattern)
        XCTAssertEqual(whole.wasserstein.bitPattern, chunked.wasserstein.bitPattern)
        XCTAssertTrue(whole.chi2.isFinite && whole.wasserstein > 0)
    }

    /// The critic's standardisation fitted chunk by chunk (Double sums) agrees with the plain
    /// one over the whole tensor (Float) to Float rounding, for any chunk size.
    func testStandardisationInChunksMatchesThePlainForm() throws {
        var rng = Philox(seed: 4, stream: 0)
        let rows = 301, columns = 7
        let values = (0..<rows * columns).map { i in Float(rng.uniform()) * Float(1 + i % columns) + Float(i % columns) * 10 }
        let all = Tensor(shape: [rows, columns], scalars: values)
        let plain = CriticNormalization.standardisation(all, floor: 0.1)
        for chunk in [1, 64, 301, 1000] {
            let chunked = CriticNormalization.standardisation(rows: rows, chunkShowers: chunk, floor: 0.1) { r in
                Tensor(shape: [r.count, columns], scalars: Array(values[r.lowerBound * columns..<r.upperBound * columns]))
            }
            for (a, b) in zip(chunked.shift.scalars + chunked.scale.scalars, plain.shift.scalars + plain.scale.scalars) {
                XCTAssertEqual(a, b, accuracy: 2e-5 * max(1, abs(b)), "chunks of \(chunk)")
            }
        }
    }
}
