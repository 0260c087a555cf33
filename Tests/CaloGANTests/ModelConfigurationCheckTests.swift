import CaloDetector
import CaloGAN
import CaloNN
import CaloSupport
import Foundation
import XCTest
import _TestSupport

/// Damaged model folders that once built absurd networks, hung or read out of bounds (found by
/// scripts/fuzz): each is now refused with one line before any network is built.
final class ModelConfigurationCheckTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-model-check") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private static let tinyGeometry = """
        { "name": "tiny", "transverse": { "widthMM": 200, "heightMM": 200 },
          "stack": { "period": [ { "material": "Pb", "thicknessMM": 2 }, { "material": "LAr", "thicknessMM": 4 } ], "repeat": 4 },
          "layers": [ { "zMM": [0, 12], "cells": { "rows": 2, "cols": 3, "heightMM": 40, "widthMM": 40 } },
                      { "zMM": [12, 24], "cells": { "rows": 2, "cols": 3, "heightMM": 40, "widthMM": 40 } } ] }
        """

    /// A tiny model (2 x 6 cells, one hidden layer of 8) with matching weights in `folder`.
    private func tinyModel() throws -> ModelConfiguration {
        var h = GANHyperparameters()
        h.latentDimension = 4
        h.generatorHidden = [8]
        h.criticHidden = [8]
        let c = ModelConfiguration(modelId: "tiny", geometry: try Geometry(json: Self.tinyGeometry), particle: .electron,
                                   condition: EnergyCondition(minimumMeV: 1000, maximumMeV: 100_000), hyperparameters: h,
                                   iteration: 2, trainingData: "x.h5", trainingDataSeed: 1)
        let network = ConditionalGenerator(hyperparameters: h, layerCells: c.layerCells, seed: 0)
        try SafeTensors.write(network.namedParameters.map { ($0.name, $0.parameter.value) },
                              to: folder.appendingPathComponent(ModelConfiguration.generatorWeightsFileName))
        try c.save(folder: folder)
        return c
    }

    private func refusal(_ edit: (inout ModelConfiguration) -> Void) throws -> String {
        var c = try tinyModel()
        edit(&c)
        try c.save(folder: folder)
        do {
            _ = try TrainedGenerator(folder: folder)
            XCTFail("loaded a damaged model")
            return ""
        } catch {
            let message = "\(error)"
            XCTAssertFalse(message.contains("\n"), message)
            return message
        }
    }

    func testTinyModelLoadsAndGenerates() throws {
        _ = try tinyModel()
        let g = try TrainedGenerator(folder: folder)
        XCTAssertEqual(g.generate(incidentMeV: [5000], seed: 1, firstIndex: 0).count, 12)
    }

    /// A mangled `generatorHidden` key fell back to the default [256, 512, 1024]: the loader
    /// built (and randomly initialised) a 673,807-parameter network before finding that the
    /// weights file holds 183; under the fuzzer that took over 10 s.
    func testArchitectureLargerThanTheWeightsIsRefusedFirst() throws {
        let message = try refusal { $0.hyperparameters.generatorHidden = [256, 512, 1024] }
        XCTAssertTrue(message.contains("describes a generator of 673807 parameters"), message)
        XCTAssertTrue(message.contains("holds only"), message)
        let huge = try refusal { $0.hyperparameters.generatorHidden = [Int.max / 2, 4] }
        XCTAssertTrue(huge.contains("describes a generator of too many parameters"), huge)
    }

    /// `cellCount` larger than the layers' sum made generation read past the network's output.
    func testCellCountMustMatchTheLayers() throws {
        let message = try refusal { $0.cellCount = 13 }
        XCTAssertTrue(message.contains("layerCells add up to 12, not cellCount 13"), message)
        let negative = try refusal { $0.layerCells = [-6, 18]; $0.cellCount = 12 }
        XCTAssertTrue(negative.contains("layerCells must be positive"), negative)
        let other = try refusal { $0.layerCells = [4, 8] }
        XCTAssertTrue(other.contains("differ from the geometry's readout [6, 6]"), other)
    }

    func testHyperparametersAndConditionAreChecked() throws {
        let latent = try refusal { $0.hyperparameters.latentDimension = 0 }
        XCTAssertTrue(latent.contains("latentDimension must be > 0"), latent)
        let energy = try refusal { $0.condition = try! JSONDecoder().decode(ConditionEncoding.self, from: Data(#"{"minimumMeV": -1, "maximumMeV": 10}"#.utf8)) }
        XCTAssertTrue(energy.contains("0 < minimumMeV <= maximumMeV"), energy)
        let geometry = try refusal { $0.geometryJSON = "{}" }
        XCTAssertTrue(geometry.contains("geometryJSON is invalid"), geometry)
    }

    /// A leaky slope above 1 reached a precondition of the tensor engine at generation.
    func testLeakySlopeIsChecked() throws {
        let message = try refusal { $0.hyperparameters.leakySlope = 1.2 }
        XCTAssertTrue(message.contains("leakySlope must lie in [0, 1]"), message)
    }

    /// A `format` holding a newline was quoted into a two-line message.
    func testForeignFormatIsQuotedOnOneLine() throws {
        try Data(#"{ "format": "c over 4 x\n(2 mm Pb", "formatVersion": 1 }"#.utf8)
            .write(to: folder.appendingPathComponent(ModelConfiguration.fileName))
        XCTAssertThrowsError(try ModelConfiguration.load(folder: folder)) {
            XCTAssertTrue("\($0)".hasSuffix(#"not a calosim model (format 'c over 4 x\n(2 mm Pb')"#), "\($0)")
        }
    }
}
