import CaloDetector
import CaloGAN
import Foundation
import XCTest
import _TestSupport

final class ModelFilesTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TemporaryFolder.make("calosim-model")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func config() throws -> ModelConfiguration {
        ModelConfiguration(modelId: "test-model", geometry: try Geometry.resolve("calogan"), particle: .electron,
                           condition: EnergyCondition(minimumMeV: 1000, maximumMeV: 100_000),
                           hyperparameters: GANHyperparameters(), iteration: 10, trainingData: "x.h5", trainingDataSeed: 7)
    }

    func testRoundTripAndGeometryCheck() throws {
        let c = try config()
        try c.save(folder: folder)
        let back = try ModelConfiguration.load(folder: folder)
        XCTAssertEqual(back, c)
        XCTAssertNoThrow(try back.checkGeometry(try Geometry.resolve("calogan"), what: "the data"))
        XCTAssertThrowsError(try back.checkGeometry(try Geometry.resolve("testem3"), what: "the data")) { error in
            XCTAssertEqual("\(error)", "model was trained for geometry 'calogan' (504 cells), the data has 'testem3' (100 cells)")
        }
    }

    func testBadModelFolders() throws {
        XCTAssertThrowsError(try ModelConfiguration.load(folder: folder.appendingPathComponent("missing"))) {
            XCTAssertTrue("\($0)".contains("model folder not found"), "\($0)")
        }
        XCTAssertThrowsError(try ModelConfiguration.load(folder: folder)) {
            XCTAssertTrue("\($0)".contains("not a calosim model folder"), "\($0)")
        }
        let url = folder.appendingPathComponent(ModelConfiguration.fileName)
        try c(#"{ "format": "calosim-model", "formatVersion": 99 }"#, url)
        XCTAssertThrowsError(try ModelConfiguration.load(folder: folder)) {
            XCTAssertTrue("\($0)".contains("model format version 99"), "\($0)")
        }
        try c(#"{ "format": "other" }"#, url)
        XCTAssertThrowsError(try ModelConfiguration.load(folder: folder)) {
            XCTAssertTrue("\($0)".contains("not a calosim model"), "\($0)")
        }
        let good = try JSONEncoder().encode(try config())
        try good.prefix(good.count / 2).write(to: url)
        XCTAssertThrowsError(try ModelConfiguration.load(folder: folder)) {
            XCTAssertTrue("\($0)".contains("truncated"), "\($0)")
        }
    }

    /// model.json stores the species as its PDG code; 0 reads as "not recorded", an unknown
    /// code is refused with the code named.
    func testParticleIsStoredAsItsPDGCode() throws {
        var c = try config()
        try c.save(folder: folder)
        let url = folder.appendingPathComponent(ModelConfiguration.fileName)
        let text = try String(contentsOf: url, encoding: .utf8)
        XCTAssertTrue(text.contains(#""particle" : 11,"#), text)
        XCTAssertEqual(try ModelConfiguration.load(folder: folder).particle, .electron)

        c.particle = nil
        try c.save(folder: folder)
        XCTAssertTrue(try String(contentsOf: url, encoding: .utf8).contains(#""particle" : 0,"#))
        XCTAssertNil(try ModelConfiguration.load(folder: folder).particle)

        try Data(text.replacingOccurrences(of: #""particle" : 11,"#, with: #""particle" : 211,"#).utf8).write(to: url)
        XCTAssertThrowsError(try ModelConfiguration.load(folder: folder)) {
            XCTAssertTrue("\($0)".contains("particle code 211 is not one calosim knows"), "\($0)")
        }
    }

    private func c(_ text: String, _ url: URL) throws { try Data(text.utf8).write(to: url) }

    /// A resumed log keeps rows up to the checkpoint and drops the rest.
    func testTrainingLogResume() throws {
        let url = folder.appendingPathComponent("train_log.csv")
        do {
            let log = try TrainingLog(url: url, resumeIteration: nil)
            for it in [100, 200, 300] {
                try log.append(.init(iteration: it, criticLoss: -1, wasserstein: 2, gradientPenalty: 0.1, generatorLoss: 0.5,
                                     validationChi2: it == 200 ? 3.5 : nil, seconds: Double(it)))
            }
        }
        XCTAssertEqual(try TrainingLog.read(url).map(\.iteration), [100, 200, 300])
        do {
            let log = try TrainingLog(url: url, resumeIteration: 200)
            try log.append(.init(iteration: 250, criticLoss: -1, wasserstein: 2, gradientPenalty: 0.1, generatorLoss: 0.5, seconds: 1))
        }
        let rows = try TrainingLog.read(url)
        XCTAssertEqual(rows.map(\.iteration), [100, 200, 250])
        XCTAssertEqual(rows[1].validationChi2, 3.5)
        XCTAssertNil(rows[0].validationChi2)
        XCTAssertTrue(try String(contentsOf: url, encoding: .utf8).hasPrefix(TrainingLog.header + "\n"))
    }

    /// The rows read back through the one training-log reader; another CSV is refused.
    func testTrainingLogReadsOnlyItsOwnColumns() throws {
        let url = folder.appendingPathComponent("train_log.csv")
        try c(TrainingLog.header + "\n10,-1.5,2,0.25,0.5,,1.000\nnot,a,row\n20,-1,1.5,0.125,0.25,3.5,2.000\n", url)
        let rows = try TrainingLog.read(url)
        XCTAssertEqual(rows, [
            .init(iteration: 10, criticLoss: -1.5, wasserstein: 2, gradientPenalty: 0.25, generatorLoss: 0.5, validationChi2: nil, seconds: 1),
            .init(iteration: 20, criticLoss: -1, wasserstein: 1.5, gradientPenalty: 0.125, generatorLoss: 0.25, validationChi2: 3.5, seconds: 2),
        ])
        try c("step,loss\n1,2\n", url)
        XCTAssertThrowsError(try TrainingLog.read(url)) {
            XCTAssertTrue("\($0)".contains("not a calosim training log"), "\($0)")
        }
    }
}

/// The model shipped in Resources/ loads and generates physical showers.
final class ShippedModelTests: XCTestCase {
    /// 2,000 showers at 50 GeV: finite, non-negative cells, and the mean E_tot/E_inc of the
    /// reference (0.9965 with a spread of ~0.1 %, from the held-out sample) within 0.5 %.
    func testShippedModelGenerates() throws {
        let folder = try XCTUnwrap(TrainedGenerator.shippedModelFolder(), "no model in Resources/Models/calogan-eminus")
        let generator = try TrainedGenerator(folder: folder)
        XCTAssertEqual(generator.configuration.geometryName, "calogan")
        let n = 2000, cells = generator.configuration.cellCount
        let showers = generator.generate(incidentMeV: [Float](repeating: 50_000, count: n), seed: 3, firstIndex: 0)
        XCTAssertTrue(showers.allSatisfy { $0.isFinite && $0 >= 0 })
        var mean = 0.0
        for i in 0..<n { mean += Double(showers[(i * cells)..<((i + 1) * cells)].reduce(0, +)) / 50_000 }
        mean /= Double(n)
        XCTAssertEqual(mean, 0.9965, accuracy: 0.005)
    }
}
