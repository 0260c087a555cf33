import CaloBLAS
import CaloData
import CaloDetector
@testable import CaloGAN
import CaloSupport
import Foundation
import XCTest
import _TestSupport

/// One model for several species and directions: a tiny model trains on e- and photon showers
/// at several angles and generates each species, in fp32 and bf16; old model files stay as
/// they are.
final class MultiConditionTrainingTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-multi") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// Synthetic showers in the tiny geometry (10 cells: 6 in layer 0, 4 in layer 1): electrons
    /// deposit 80 % in layer 0, photons 80 % in layer 1; theta uniform in [0, 30] degrees, phi in
    /// [-pi, pi], the impact point in [-5, 5] mm.
    static func showers(_ n: Int) -> ShowerBatch {
        var rng = Philox(seed: 9, stream: 0)
        var batch = ShowerBatch(cellCount: 10, recordsArrival: true)
        for i in 0..<n {
            let particle: Particle = i % 2 == 0 ? .electron : .photon
            let e = Float(1000 + 9000 * rng.uniform())
            let front: Float = particle == .electron ? 0.8 : 0.2
            var cells = (0..<10).map { _ in Float(0.5 + rng.uniform()) }
            let s0 = cells[0..<6].reduce(0, +), s1 = cells[6..<10].reduce(0, +)
            for c in 0..<10 { cells[c] *= (c < 6 ? front / s0 : (1 - front) / s1) * 0.9 * e }
            let c = ShowerConditions(particle: particle, incidentEnergyMeV: e, thetaRadians: Float(rng.uniform()) * 30 * .pi / 180,
                                     phiRadians: Float(2 * rng.uniform() - 1) * .pi,
                                     impactXMM: Float(10 * rng.uniform() - 5), impactYMM: Float(10 * rng.uniform() - 5))
            batch.append(cells: cells, conditions: c)
        }
        return batch
    }

    static func hyperparameters() -> GANHyperparameters {
        var h = GANHyperparameters()
        h.latentDimension = 4
        h.generatorHidden = [16]
        h.criticHidden = [16]
        h.batchSize = 8
        h.iterations = 4
        h.checkpointEvery = 2
        h.seed = 3
        return h
    }

    /// Trains the tiny model into `out` and returns it.
    static func trainModel(into out: URL) throws -> ModelConfiguration {
        let h = hyperparameters()
        let geometry = try Geometry(json: TrainingTests.tinyGeometry)
        let data = try TrainingData(batch: showers(200), geometry: geometry, sourceSeed: 9, path: "synthetic",
                                    transform: h.cellTransform, validationFraction: h.validationFraction, seed: h.seed)
        XCTAssertEqual(data.encoding.particles, [.electron, .photon])
        XCTAssertNil(data.particle)
        XCTAssertEqual(data.training.conditionWidth, 8)
        XCTAssertEqual(data.training.condition.count, data.training.count * 8)
        let trainer = try GANTrainer(data: data, dataPath: "synthetic", folder: out, hyperparameters: h, resume: false)
        try trainer.train(progress: .quiet)
        return try ModelConfiguration.load(folder: out)
    }

    func testTrainsAndGeneratesEachSpecies() throws {
        try BLAS.load()
        let out = folder.appendingPathComponent("model")
        let configuration = try Self.trainModel(into: out)
        XCTAssertEqual(configuration.condition.width, 8)
        XCTAssertEqual(configuration.trainedParticles, [.electron, .photon])
        XCTAssertTrue(configuration.modelId.hasPrefix("tiny-eminus-gamma-it4"), configuration.modelId)
        let generator = try TrainedGenerator(folder: out)
        let n = 50, cells = 10
        func conditions(_ p: Particle) -> [ShowerConditions] {
            (0..<n).map { _ in ShowerConditions(particle: p, incidentEnergyMeV: 5000, thetaRadians: 0.2, phiRadians: 1, impactXMM: 1, impactYMM: -2) }
        }
        let electrons = generator.generate(conditions: conditions(.electron), seed: 4, firstIndex: 0)
        let photons = generator.generate(conditions: conditions(.photon), seed: 4, firstIndex: 0)
        XCTAssertEqual(electrons.count, n * cells)
        XCTAssertTrue((electrons + photons).allSatisfy { $0.isFinite && $0 >= 0 })
        // Same noise, other one-hot: other showers.
        XCTAssertNotEqual(electrons, photons)
        // Each shower's bytes are its own: in a batch of mixed species, shower k equals shower k
        // of a batch of its species alone (same noise stream, same batch shape).
        let mixed = conditions(.electron).enumerated().map { i, c -> ShowerConditions in
            var c = c
            c.particle = i % 3 == 0 ? .photon : .electron
            return c
        }
        let whole = generator.generate(conditions: mixed, seed: 4, firstIndex: 0)
        for i in 0..<n {
            let expected = i % 3 == 0 ? photons : electrons
            XCTAssertEqual(Array(whole[(i * cells)..<((i + 1) * cells)]), Array(expected[(i * cells)..<((i + 1) * cells)]), "shower \(i)")
        }
        // bf16: the fused head on the same rows (the products differ from fp32 by bf16 rounding).
        if MatrixUnits.detected.runsBF16 {
            let bf16 = try TrainedGenerator(folder: out, precision: .bf16)
            let fused = bf16.generate(conditions: mixed, seed: 4, firstIndex: 0)
            let u = bf16.cellFractions(conditions: mixed, seed: 4, firstIndex: 0).scalars
            let expected = u.map { v -> Float in let x = v * 5000; return x.isFinite && x > 0 ? x : 0 }
            if let error = Tolerance.compare(fused, expected, abs: 1e-3, rel: 2e-5) { XCTFail(error) }
            if let error = Tolerance.compare(fused, whole, abs: 1, rel: 0.05) { XCTFail("bf16 against fp32: \(error)") }
        }
    }

    /// A resumed run must train on the conditions it started with.
    func testResumeOnOtherConditionsIsRefused() throws {
        let out = folder.appendingPathComponent("model")
        _ = try Self.trainModel(into: out)
        let h = Self.hyperparameters()
        var electrons = ShowerBatch(cellCount: 10, recordsArrival: true)
        let all = Self.showers(200)
        for i in 0..<all.count where all.particles[i] == .electron { electrons.append(cells: all.shower(i), conditions: all.conditions(i)) }
        let data = try TrainingData(batch: electrons, geometry: try Geometry(json: TrainingTests.tinyGeometry), sourceSeed: 9,
                                    path: "electrons", transform: h.cellTransform, validationFraction: h.validationFraction, seed: h.seed)
        XCTAssertThrowsError(try GANTrainer(data: data, dataPath: "electrons", folder: out, hyperparameters: h, resume: true)) {
            XCTAssertTrue("\($0)".contains("was trained on other conditions"), "\($0)")
        }
    }

    /// The e- model's model.json (Resources/Models/calogan-eminus) reads and writes back byte for
    /// byte: a model of one species at normal incidence keeps its file.
    func testShippedModelJSONIsUnchanged() throws {
        let shipped = try XCTUnwrap(TrainedGenerator.shippedModelFolder(named: "calogan-eminus"), "no model in Resources/Models/calogan-eminus")
        let original = try Data(contentsOf: shipped.appendingPathComponent(ModelConfiguration.fileName))
        let configuration = try ModelConfiguration.load(folder: shipped)
        XCTAssertEqual(configuration.condition.width, 1)
        try configuration.save(folder: folder)
        let written = try Data(contentsOf: folder.appendingPathComponent(ModelConfiguration.fileName))
        XCTAssertEqual(String(decoding: written, as: UTF8.self), String(decoding: original, as: UTF8.self))
    }
}
