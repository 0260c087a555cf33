import CaloDetector
@testable import CaloGAN
import CaloNN
import CaloTensor
import Foundation
import XCTest
import _TestSupport

/// The `.physics` generator head, its data-driven start, and the critic's physics features.
final class PhysicsHeadTests: XCTestCase {
    private func hyperparameters() -> GANHyperparameters {
        var h = GANHyperparameters()
        h.generatorHead = .physics
        h.latentDimension = 3
        h.generatorHidden = [8]
        h.criticHidden = [8]
        return h
    }

    /// Each layer's cells sum to (1 - sigmoid(a)) softmax(b)_l, cells with r <= 0 are exactly 0,
    /// and within a layer the cells follow w = exp(r) - 1.
    func testHeadBookkeeping() {
        let h = hyperparameters()
        let g = ConditionalGenerator(hyperparameters: h, layerCells: [4, 2], seed: 7)
        var rng = TestRNG(seed: 2)
        let z = Tensor(shape: [16, 3], scalars: rng.floats(48, -2, 2)), c = Tensor(shape: [16, 1], scalars: rng.floats(16))
        let u = withoutGradients { g.cellFractions(noise: z, condition: c) }.scalars
        let raw = withoutGradients { g.network(concatenate(lastAxis: [z, c])) }.scalars
        var zeros = 0
        for i in 0..<16 {
            let row = Array(raw[(9 * i)..<(9 * i + 9)])
            let escaping = 1 / (1 + Foundation.exp(-row[6]))
            let e = [row[7], row[8]].map { Foundation.exp($0) }
            for (l, range) in [(0, 0..<4), (1, 4..<6)] {
                let weights = range.map { Foundation.exp(max(row[$0], 0)) - 1 }
                let sum = range.map { u[6 * i + $0] }.reduce(0, +)
                let expected = (1 - escaping) * e[l] / (e[0] + e[1])
                for c in range where row[c] <= 0 {
                    XCTAssertEqual(u[6 * i + c], 0, "shower \(i) cell \(c)")
                    zeros += 1
                }
                guard weights.contains(where: { $0 > 1e-3 }) else { continue }
                XCTAssertEqual(sum, expected, accuracy: 1e-3 * expected, "shower \(i) layer \(l)")
                let wSum = weights.reduce(0, +)
                for (k, c) in range.enumerated() {
                    XCTAssertEqual(u[6 * i + c], expected * weights[k] / wSum, accuracy: 1e-3 * expected + 1e-7)
                }
            }
        }
        XCTAssertGreaterThan(zeros, 0, "the test should see some empty cells")
    }

    /// After the data-driven start the generator's mean shower has the data's mean escaping
    /// fraction and layer shares.
    func testInitialisationStartsAtTheMeanShower() {
        let h = hyperparameters()
        let layerCells = [4, 2], cells = 6, n = 400
        var rng = TestRNG(seed: 9)
        var x = [Float](), escapes = [Double](), shares0 = [Double]()
        for _ in 0..<n {
            let escape = rng.float(0.002, 0.006), share0 = rng.float(0.2, 0.4)
            var w0 = (0..<4).map { _ in rng.float(0.1, 1) }, w1 = (0..<2).map { _ in rng.float(0.1, 1) }
            let s0 = w0.reduce(0, +), s1 = w1.reduce(0, +)
            w0 = w0.map { $0 / s0 * share0 * (1 - escape) }
            w1 = w1.map { $0 / s1 * (1 - share0) * (1 - escape) }
            x += (w0 + w1).map { h.cellTransform.forward($0) }
            escapes.append(Double(escape))
            shares0.append(Double(share0))
        }
        let g = ConditionalGenerator(hyperparameters: h, layerCells: layerCells, seed: 4)
        GeneratorInitialisation.apply(to: g, cells: x, count: n, layerCells: layerCells, transform: h.cellTransform)
        let z = Tensor(shape: [n, 3], scalars: rng.floats(3 * n, -1, 1)), c = Tensor(shape: [n, 1], scalars: rng.floats(n))
        let u = withoutGradients { g.cellFractions(noise: z, condition: c) }.scalars
        var escape = 0.0, share0 = 0.0
        for i in 0..<n {
            let l0 = Double(u[(cells * i)..<(cells * i + 4)].reduce(0, +)), l1 = Double(u[(cells * i + 4)..<(cells * i + 6)].reduce(0, +))
            escape += 1 - l0 - l1
            share0 += l0 / (l0 + l1)
        }
        let dataEscape = escapes.reduce(0, +) / Double(n), dataShare = shares0.reduce(0, +) / Double(n)
        XCTAssertEqual(escape / Double(n), dataEscape, accuracy: 0.1 * dataEscape)
        XCTAssertEqual(share0 / Double(n), dataShare, accuracy: 0.03)
    }

    static let geometry = TrainingTests.tinyGeometry

    /// Features of a hand-built shower: 0.3 in each of the two outer cells of layer 0's first row
    /// (x = -20 and +20 mm, y = -10 mm), 0.396 in layer 1's last cell (x = y = +10 mm).
    func testCriticFeaturesOfAHandBuiltShower() throws {
        let h = hyperparameters()
        let geometry = try Geometry(json: Self.geometry)
        let critic = ConditionalCritic(hyperparameters: h, geometry: geometry, seed: 1)
        var u = [Float](repeating: 0, count: 10)
        u[0] = 0.3
        u[2] = 0.3
        u[9] = 0.396
        let x = Tensor(shape: [1, 10], scalars: u.map { h.cellTransform.forward($0) })
        let f = withoutGradients { critic.features(x) }.scalars
        // [L0, L1, T, ln esc, ln s0, ln s1, cx0, cx1, cy0, cy1, wx0, wx1, wy0, wy1] (100 mm units)
        let expected: [Float] = [0.6, 0.396, 0.996, Foundation.log(0.004 + 1e-5), Foundation.log(0.6 / 0.996 + 1e-6),
                                 Foundation.log(0.396 / 0.996 + 1e-6), 0, 0.1, -0.1, 0.1, 0.2, 0.001, 0.001, 0.001]
        XCTAssertEqual(f.count, expected.count)
        for (k, (a, b)) in zip(f, expected).enumerated() {
            XCTAssertEqual(a, b, accuracy: k == 3 ? 1e-2 : 2e-4, "feature \(k)")
        }
    }

    /// The embedding standardises: columns of embedded training cells have mean 0 and rms 1
    /// (at most 1 where the floor applies).
    func testNormalisationStandardises() throws {
        let h = hyperparameters()
        let critic = ConditionalCritic(hyperparameters: h, geometry: try Geometry(json: Self.geometry), seed: 1)
        var rng = TestRNG(seed: 4)
        let n = 300
        var x = [Float]()
        for _ in 0..<n {
            var u = (0..<10).map { _ in rng.float(0, 0.1) }
            u[5] = 0  // an always-empty cell: the floor applies
            x += u.map { h.cellTransform.forward($0) }
        }
        let c = [Float](repeating: 0.5, count: n)
        critic.normalization = CriticNormalization.fit(critic: critic, cells: x, conditions: c, count: n)
        let y = withoutGradients { critic.embed(Tensor(shape: [n, 10], scalars: x), condition: Tensor(shape: [n, 1], scalars: c)) }
        let columns = y.shape[1]
        XCTAssertEqual(columns, 10 + ConditionalCritic.featureCount(layers: 2))
        let mean = withoutGradients { y.mean(axis: 0) }.scalars
        let rms = withoutGradients { y.squared().mean(axis: 0) }.scalars.map { $0.squareRoot() }
        for j in 0..<columns {
            XCTAssertEqual(mean[j], 0, accuracy: 1e-3, "column \(j)")
            if j == 5 { XCTAssertEqual(rms[j], 0, accuracy: 1e-6) } else { XCTAssertEqual(rms[j], 1, accuracy: 1e-2, "column \(j)") }
        }
    }
}
