@testable import CaloApp
import CaloData

import CaloGAN
import Foundation
import XCTest
import _TestSupport

/// `validate --model`'s generated sample, made chunk by chunk as the validation reads it: each
/// fixed chunk is one generate call, and every read, in order or a subset, gets its bytes.
final class GeneratedSampleTests: XCTestCase {
    func testEveryReadGetsTheBytesOfItsChunksCall() throws {
        let folder = try TemporaryFolder.make("calosim-generated-sample")
        defer { try? FileManager.default.removeItem(at: folder) }
        let generator = try TrainedGenerator(folder: try TinyConditionedModel.train(into: folder.appendingPathComponent("m"), arrival: true))
        let reference = TinyConditionedModel.showers(arrival: true)
        // Reported as recorded (the species dropped from every third), generated at full conditions.
        var reported = reference.conditions
        for i in stride(from: 0, to: reported.count, by: 3) { reported[i].particle = nil }
        for chunk in [8, 13, 50, 1024] {
            let sample = GeneratedSample(generator: generator, generationConditions: reference.conditions, conditions: reported,
                                         seed: 11, recordsArrival: true, chunkShowers: chunk)
            var cells = [Float](), firsts = [Int]()
            try sample.forEachChunk { first, batch in
                XCTAssertEqual(first, firsts.isEmpty ? 0 : firsts.last! + chunk)
                firsts.append(first)
                XCTAssertGreaterThanOrEqual(batch.count, GenerateJob.smallestBatch)
                XCTAssertEqual(batch.conditions, Array(reported[first..<first + batch.count]))
                XCTAssertEqual(batch.cellEnergiesMeV, generator.generate(conditions: Array(reference.conditions[first..<first + batch.count]),
                                                                         seed: 11, firstIndex: first))
                cells += batch.cellEnergiesMeV
            }
            XCTAssertEqual(cells.count, 1200)
            XCTAssertEqual(firsts.count, chunk == 8 ? 15 : chunk == 13 ? 9 : chunk == 50 ? 3 : 1, "a last chunk of fewer than 8 joins the one before")
            let picked = [119, 3, 3, 64, 0, 117]
            let subset = try sample.readShowers(at: picked)
            XCTAssertEqual(subset.cellEnergiesMeV, picked.flatMap { cells[$0 * 10..<($0 + 1) * 10] }, "subset, chunks of \(chunk)")
            XCTAssertEqual(subset.conditions, picked.map { reported[$0] })
            XCTAssertEqual(try sample.readShowers(45..<120).cellEnergiesMeV, Array(cells[450..<1200]), "a range over several chunks")
        }
        // One chunk is one call over every shower.
        XCTAssertEqual(try GeneratedSample(generator: generator, generationConditions: reference.conditions, conditions: reported,
                                           seed: 11, recordsArrival: true).readShowers(0..<120).cellEnergiesMeV,
                       generator.generate(conditions: reference.conditions, seed: 11, firstIndex: 0))
    }
}
