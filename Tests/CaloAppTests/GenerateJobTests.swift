import CaloApp
import CaloData
import CaloDetector
import CaloGAN
import CaloSupport
import Foundation
import XCTest
import _TestSupport

/// A generator double: deterministic per shower index, so batching must not change the output.
struct FakeGenerator: ShowerGenerating {
    let configuration: ModelConfiguration
    func generate(incidentMeV: [Float], seed: UInt64, firstIndex: Int) -> [Float] {
        var out = [Float](repeating: 0, count: incidentMeV.count * configuration.cellCount)
        for (k, e) in incidentMeV.enumerated() {
            var rng = Philox(seed: seed, stream: UInt64(firstIndex + k))
            for c in 0..<configuration.cellCount { out[k * configuration.cellCount + c] = e * 1e-3 * rng.uniformFloat() }
        }
        return out
    }
}

final class GenerateJobTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TemporaryFolder.make("calosim-gen")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func generator() throws -> FakeGenerator {
        FakeGenerator(configuration: ModelConfiguration(
            modelId: "fake-1", geometry: try Geometry.resolve("calogan"), particle: .electron,
            condition: EnergyCondition(minimumMeV: 1000, maximumMeV: 100_000), hyperparameters: GANHyperparameters(),
            iteration: 1, trainingData: "none", trainingDataSeed: 0))
    }

    /// Same seed, same showers, whatever the batch size; model id and seed in the attributes.
    func testStreamingIsBatchIndependent() throws {
        let spectrum = EnergySpectrum.uniform(lowMeV: 1000, highMeV: 100_000)
        var files: [ShowerBatch] = []
        for (i, batch) in [7, 1000].enumerated() {
            let url = folder.appendingPathComponent("g\(i).h5")
            var job = GenerateJob(generator: try generator(), energies: .spectrum(spectrum, count: 25), seed: 9,
                                  output: url, overwrite: false)
            job.batchSize = batch
            job.progress = .quiet
            let summary = try job.run()
            XCTAssertEqual(summary.showers, 25)
            let reader = try ShowerFileReader(url: url)
            XCTAssertEqual(reader.metadata.producer, "fake-1")
            XCTAssertEqual(reader.metadata.seed, 9)
            XCTAssertEqual(reader.metadata.extra["model_id"], "fake-1")
            files.append(try reader.readAll())
        }
        XCTAssertEqual(files[0], files[1])
        XCTAssertTrue(files[0].incidentEnergiesMeV.allSatisfy { $0 >= 1000 && $0 <= 100_000 })
    }

    /// Energies from a reference file; extrapolation warns, or fails with strict.
    func testEnergiesFromFileAndExtrapolation() throws {
        let ref = folder.appendingPathComponent("ref.h5")
        let geometry = try Geometry.resolve("calogan")
        let writer = try ShowerFileWriter(url: ref, geometry: geometry, metadata: ShowerFileMetadata(
            geometryJSON: geometry.json, producer: "test", seed: 1, commandLine: ""))
        var batch = ShowerBatch(cellCount: 504)
        for e: Float in [2000, 50_000, 200_000] { batch.append(incidentEnergyMeV: e, cells: [Float](repeating: 1, count: 504), particle: .electron) }
        try writer.append(batch)
        try writer.finish()

        let out = folder.appendingPathComponent("out.h5")
        var warnings: [String] = []
        var job = GenerateJob(generator: try generator(), energies: .file(ref), seed: 1, output: out, overwrite: false)
        job.progress = .quiet
        job.warn = { warnings.append($0) }
        XCTAssertEqual(try job.incidentEnergies(), [2000, 50_000, 200_000])
        XCTAssertEqual(warnings.count, 1)
        XCTAssertTrue(warnings[0].contains("outside the model's trained range"), warnings[0])
        job.strict = true
        XCTAssertThrowsError(try job.run()) { XCTAssertTrue("\($0)".contains("--strict"), "\($0)") }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out.path))
    }
}
