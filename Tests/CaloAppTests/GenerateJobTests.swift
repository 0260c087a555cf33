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

    /// A last batch of fewer than `smallestBatch` showers joins the one before (fp32 products
    /// of 1 to 4 rows would sum in another order); other batches keep the batch size.
    func testSmallLastBatchJoinsThePreviousOne() throws {
        for (count, batch, expected) in [(25, 10, [10, 15]), (25, 20, [25]), (30, 10, [10, 10, 10]), (5, 2, [5]), (3, 10, [3]), (40, 16, [16, 16, 8]), (39, 16, [16, 23])] {
            let recorder = BatchRecorder(try generator())
            var job = GenerateJob(generator: recorder, energies: .spectrum(.uniform(lowMeV: 1000, highMeV: 2000), count: count), seed: 1,
                                  output: folder.appendingPathComponent("b\(count)-\(batch).h5"), overwrite: true)
            job.batchSize = batch
            job.progress = .quiet
            _ = try job.run()
            XCTAssertEqual(recorder.sizes, expected, "\(count) showers in batches of \(batch)")
        }
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

/// FakeGenerator, recording the size of every call.
final class BatchRecorder: ShowerGenerating, @unchecked Sendable {
    let inner: FakeGenerator
    private let lock = NSLock()
    private var recorded: [Int] = []
    init(_ inner: FakeGenerator) { self.inner = inner }
    var configuration: ModelConfiguration { inner.configuration }
    var sizes: [Int] { lock.lock(); defer { lock.unlock() }; return recorded }
    func generate(incidentMeV: [Float], seed: UInt64, firstIndex: Int) -> [Float] {
        lock.lock()
        recorded.append(incidentMeV.count)
        lock.unlock()
        return inner.generate(incidentMeV: incidentMeV, seed: seed, firstIndex: firstIndex)
    }
}
