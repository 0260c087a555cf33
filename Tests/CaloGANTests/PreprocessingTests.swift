import CaloDetector
@testable import CaloGAN
import Foundation
import CaloNN
import CaloTensor
import XCTest
import _TestSupport

final class PreprocessingTests: XCTestCase {
    /// forward then inverse gives the cell energies back; inverse never gives negative energy.
    func testCellTransformsInvert() {
        var rng = TestRNG(seed: 3)
        let n = 50, cells = 7
        let energies = (0..<n).map { _ in rng.float(1000, 100_000) }
        var showers = (0..<(n * cells)).map { _ in max(0, rng.float(-200, 3000)) }
        showers[0] = 0
        for transform in [CellTransform.identity, .log(epsilon: 1e-6), .power(exponent: 0.5)] {
            let x = transform.forward(showers: showers, incidentMeV: energies, cells: cells)
            let back = transform.inverse(values: x, incidentMeV: energies, cells: cells)
            if let err = Tolerance.compare(back, showers, abs: 1e-3, rel: 1e-4) { XCTFail("\(transform): \(err)") }
            XCTAssertEqual(transform.forward(0), 0, "\(transform): an empty cell maps to 0")
            for v: Float in [-5, -1e-3, 0] { XCTAssertGreaterThanOrEqual(transform.inverse(v), 0, "\(transform)") }
        }
    }

    func testEnergyCondition() {
        let c = EnergyCondition(minimumMeV: 1000, maximumMeV: 100_000)
        XCTAssertEqual(c.value(1000), -1, accuracy: 1e-6)
        XCTAssertEqual(c.value(100_000), 1, accuracy: 1e-6)
        XCTAssertEqual(c.value(10_000), 0, accuracy: 1e-6)
        XCTAssertTrue(c.contains(50_000))
        XCTAssertFalse(c.contains(150_000))
        let single = EnergyCondition(energiesMeV: [5000, 5000])
        XCTAssertTrue(single.contains(5000))
    }

    /// Identical samples give chi2/NDF near 1 per bin at most; a shifted sample gives much more.
    func testTotalEnergyChi2() {
        var rng = TestRNG(seed: 5)
        func sample(_ n: Int, shift: Float) -> [(incident: Float, total: Float)] {
            (0..<n).map { _ in
                let e = rng.float(1000, 100_000)
                // Gaussian response 0.95 +- 0.02 via Box-Muller.
                let u1 = max(rng.float(0, 1), 1e-7), u2 = rng.float(0, 1)
                let g = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
                return (e, e * (0.95 + shift + 0.02 * g))
            }
        }
        let bins = TotalEnergyChi2.uniformBins(lowMeV: 1000, highMeV: 100_000)
        let same = TotalEnergyChi2.compute(reference: sample(5000, shift: 0), generated: sample(5000, shift: 0), energyBins: bins)
        let shifted = TotalEnergyChi2.compute(reference: sample(5000, shift: 0), generated: sample(5000, shift: 0.01), energyBins: bins)
        XCTAssertEqual(same.perBin.count, 5)
        // chi2/NDF of two samples of one distribution is ~1 +- sqrt(2/NDF) per bin.
        XCTAssertLessThan(same.sum, 5 * (1 + 3 * (2.0 / 29).squareRoot()), "\(same.perBin)")
        // A shift of half the width with ~1000 showers per bin: chi2 ~ N (shift/sigma)^2 / 2 = 125
        // over 29 degrees of freedom, i.e. about 4 per bin.
        XCTAssertGreaterThan(shifted.sum, 5 * 2.5, "\(shifted.perBin)")
    }

    /// Command-line forms of the list and transform hyperparameters, and their refusals.
    func testHyperparameterArguments() throws {
        XCTAssertEqual(try GANHyperparameters.widths(from: "256,512, 1024"), [256, 512, 1024])
        for bad in ["", "256,,512", "256,-1", "a,b"] {
            XCTAssertThrowsError(try GANHyperparameters.widths(from: bad), bad) { XCTAssertTrue("\($0)".contains("hidden widths"), "\($0)") }
        }
        XCTAssertEqual(try CellTransform(argument: "identity"), .identity)
        XCTAssertEqual(try CellTransform(argument: "log:1e-6"), .log(epsilon: 1e-6))
        XCTAssertEqual(try CellTransform(argument: "power:0.5"), .power(exponent: 0.5))
        for bad in ["log", "log:0", "power:2", "identity:1", "sqrt"] {
            XCTAssertThrowsError(try CellTransform(argument: bad), bad) { XCTAssertTrue("\($0)".contains("cell transform"), "\($0)") }
        }
    }

    /// Hyperparameters survive a JSON round trip, a switched-off moving average included.
    func testHyperparametersRoundTrip() throws {
        var h = GANHyperparameters()
        h.emaDecay = nil
        h.generatorHead = .shares
        h.cellTransform = .power(exponent: 0.5)
        h.criticHidden = [32, 16]
        let back = try JSONDecoder().decode(GANHyperparameters.self, from: try JSONEncoder().encode(h))
        XCTAssertEqual(back, h)
        XCTAssertEqual(try JSONDecoder().decode(GANHyperparameters.self, from: try JSONEncoder().encode(GANHyperparameters())), GANHyperparameters())
    }

    func testHyperparametersPartialFileAndChecks() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("calosim-hp-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{ "batchSize": 64, "emaDecay": null, "cellTransform": { "power": { "exponent": 0.5 } } }"#.utf8).write(to: url)
        let h = try GANHyperparameters.load(url)
        XCTAssertEqual(h.batchSize, 64)
        XCTAssertNil(h.emaDecay)
        XCTAssertEqual(h.cellTransform, .power(exponent: 0.5))
        XCTAssertEqual(h.criticIterations, 5)
        XCTAssertEqual(h.gradientPenaltyWeight, 10)
        try Data(#"{ "criticIterations": 0 }"#.utf8).write(to: url)
        XCTAssertThrowsError(try GANHyperparameters.load(url)) { XCTAssertTrue("\($0)".contains("criticIterations must be > 0"), "\($0)") }
        try Data("{ broken".utf8).write(to: url)
        XCTAssertThrowsError(try GANHyperparameters.load(url)) { XCTAssertTrue("\($0)".contains("not a valid hyperparameter file"), "\($0)") }
    }
}

final class GeneratorHeadTests: XCTestCase {
    /// Both heads give finite, non-negative cell energies; the layer head's cells in a layer sum
    /// to a positive layer energy (the normalised weights times the layer fraction).
    func testHeadsGiveNonNegativeCells() {
        for head in [GeneratorHead.direct, .layers, .shares, .physics] {
            var h = GANHyperparameters()
            h.generatorHead = head
            h.latentDimension = 3
            h.generatorHidden = [8]
            let g = ConditionalGenerator(hyperparameters: h, layerCells: [4, 2], seed: 7)
            var rng = TestRNG(seed: 1)
            let z = Tensor(shape: [16, 3], scalars: rng.floats(48, -2, 2))
            let c = Tensor(shape: [16, 1], scalars: rng.floats(16))
            let x = withoutGradients { g(noise: z, condition: c) }
            XCTAssertEqual(x.shape, [16, 6])
            let u = x.scalars.map { h.cellTransform.inverse($0) }
            XCTAssertTrue(u.allSatisfy { $0.isFinite && $0 >= 0 }, "\(head): \(u)")
            if head == .shares {
                // The layers share (1 - sigmoid(a - 5)) of the incident energy by softmax(b).
                let raw = withoutGradients { g.network(concatenate(lastAxis: [z, c])) }.scalars
                for i in 0..<16 {
                    let row = Array(raw[(9 * i)..<(9 * i + 9)])
                    let total = 1 - 1 / (1 + Foundation.exp(-(row[6] - 5)))
                    let e = [row[7], row[8]].map { Foundation.exp($0) }
                    let shares = e.map { $0 / (e[0] + e[1]) }
                    for (l, range) in [(0, 0..<4), (1, 4..<6)] where range.contains(where: { row[$0] > 0 }) {
                        let sum = range.map { u[6 * i + $0] }.reduce(0, +)
                        XCTAssertEqual(sum, total * shares[l], accuracy: 2e-3 * total * shares[l] + 1e-5, "shower \(i) layer \(l)")
                    }
                }
            }
            if head == .layers {
                // Each layer's cells sum to softplus(the layer output), unless every weight of the
                // layer is <= 0 (then the layer is empty).
                let raw = withoutGradients { g.network(concatenate(lastAxis: [z, c])) }.scalars
                for i in 0..<16 {
                    for (l, range) in [(0, 0..<4), (1, 4..<6)] {
                        let weights = range.map { raw[8 * i + $0] }
                        let sum = range.map { u[6 * i + $0] }.reduce(0, +)
                        let fraction = Foundation.log(1 + Foundation.exp(raw[8 * i + 6 + l]))
                        if weights.allSatisfy({ $0 <= 0 }) {
                            XCTAssertEqual(sum, 0)
                        } else {
                            XCTAssertEqual(sum, fraction, accuracy: 2e-3 * fraction + 1e-5, "shower \(i) layer \(l)")
                        }
                    }
                }
            }
        }
    }
}

final class CheckpointSelectionTests: XCTestCase {
    /// Lower chi2 wins; a saturated (equal) chi2 falls back to the Wasserstein distance.
    func testChi2ThenWasserstein() {
        XCTAssertTrue(GANTrainer.isBetter((5, 1), than: (10, 0.1)))
        XCTAssertTrue(GANTrainer.isBetter((10, 0.1), than: (.infinity, .infinity)))
        XCTAssertTrue(GANTrainer.isBetter((103.002, 0.2), than: (103.002, 0.3)))
        XCTAssertFalse(GANTrainer.isBetter((103.002, 0.4), than: (103.002, 0.3)))
        XCTAssertFalse(GANTrainer.isBetter((11, 0.01), than: (10, 0.3)))
    }
}
