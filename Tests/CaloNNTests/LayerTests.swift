import CaloNN
import CaloSupport
import CaloTensor
import Foundation
import XCTest
import _TestSupport

final class LayerTests: XCTestCase {
    func testInitialisationIsSeededAndScaled() {
        var g1 = Philox(seed: 3, stream: 0), g2 = Philox(seed: 3, stream: 0)
        let a = Linear(inputSize: 400, outputSize: 300, initialization: .he, generator: &g1)
        let b = Linear(inputSize: 400, outputSize: 300, initialization: .he, generator: &g2)
        XCTAssertEqual(a.weight.value.scalars, b.weight.value.scalars, "same seed, same weights")
        let w = a.weight.value.scalars
        let variance = w.reduce(0.0) { $0 + Double($1 * $1) } / Double(w.count)
        XCTAssertEqual(variance, 2.0 / 400, accuracy: 0.05 * 2.0 / 400, "He: var = 2 / fanIn")
        var g3 = Philox(seed: 3, stream: 0)
        let glorot = Linear(inputSize: 400, outputSize: 300, initialization: .glorot, generator: &g3).weight.value.scalars
        let limit = Float((6.0 / 700).squareRoot())
        XCTAssertLessThanOrEqual(glorot.map { Swift.abs($0) }.max()!, limit)
        XCTAssertGreaterThan(glorot.map { Swift.abs($0) }.max()!, 0.99 * limit)
        XCTAssertEqual(a.bias.value.scalars, [Float](repeating: 0, count: 300))
        // PyTorch's default: weights and biases within 1/sqrt(fanIn), variance 1/(3 fanIn)
        // (sample variance of 120,000 uniforms: relative error sqrt(0.8 / n) = 0.26 %; 3 sigma 0.8 %).
        var g4 = Philox(seed: 3, stream: 0)
        let lecun = Linear(inputSize: 400, outputSize: 300, initialization: .lecunUniform, generator: &g4)
        let lw = lecun.weight.value.scalars, lb = lecun.bias.value.scalars
        XCTAssertLessThanOrEqual((lw + lb).map { Swift.abs($0) }.max()!, 0.05)
        XCTAssertGreaterThan(lw.map { Swift.abs($0) }.max()!, 0.99 * 0.05)
        let lecunVariance = lw.reduce(0.0) { $0 + Double($1 * $1) } / Double(lw.count)
        XCTAssertEqual(lecunVariance, 1.0 / 1200, accuracy: 0.008 / 1200)
        XCTAssertGreaterThan(lb.map { Swift.abs($0) }.max()!, 0.9 * 0.05, "biases are drawn too")
    }

    /// The fused MLP equals the same network written op by op.
    func testMLPMatchesUnfusedComposition() {
        let config = MLPConfig(sizes: [6, 9, 4, 3], hiddenActivation: .leakyReLU(slope: 0.2), outputActivation: .relu)
        let model = Sequential.mlp(config, seed: 4)
        XCTAssertEqual(model.namedParameters.map(\.name), ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        var rng = TestRNG(seed: 1)
        let x = randomTensor([5, 6], &rng)
        var h = x
        let p = model.parameterValues
        for i in 0..<3 {
            h = matmul(h, p[2 * i], transposeB: true) + p[2 * i + 1]
            h = i < 2 ? h.leakyReLU(slope: 0.2) : h.relu()
        }
        if let err = Tolerance.compare(model(x).scalars, h.scalars, abs: 1e-5, rel: 1e-5) { XCTFail("MLP: \(err)") }
        XCTAssertEqual(model.parameterCount, 6 * 9 + 9 + 9 * 4 + 4 + 4 * 3 + 3)
    }

    func testLayerNorm() {
        var rng = TestRNG(seed: 2)
        let norm = LayerNorm(size: 7)
        let x = randomTensor([3, 7], &rng, -2, 3)
        let y = norm(x).scalars
        for r in 0..<3 {
            let row = y[(r * 7)..<(r * 7 + 7)]
            let mean = row.reduce(0, +) / 7
            let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 7
            XCTAssertEqual(mean, 0, accuracy: 1e-5)
            XCTAssertEqual(variance, 1, accuracy: 1e-3)
        }
        let config = MLPConfig(sizes: [4, 6, 2], layerNorm: true)
        let model = Sequential.mlp(config, seed: 1)
        XCTAssertEqual(model.namedParameters.map(\.name), ["0.weight", "0.bias", "1.weight", "1.bias", "3.weight", "3.bias"])
        let grads = gradients(of: model(randomTensor([3, 4], &rng)).squared().sum(), wrt: model.parameterValues)
        XCTAssertTrue(grads.allSatisfy { $0.scalars.allSatisfy(\.isFinite) })
    }
}
