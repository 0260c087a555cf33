import CaloNN
import CaloSupport
import CaloTensor
import Foundation
import XCTest
import _TestSupport

final class AdamTests: XCTestCase {
    /// One step against values computed by hand from the formula (PyTorch's Adam).
    func testOneStepAgainstHandComputedValues() {
        let p = Parameter(Tensor(shape: [2], scalars: [1, -2]))
        let adam = Adam(parameters: [p], learningRate: 0.1, beta1: 0.5, beta2: 0.9, epsilon: 1e-8, weightDecay: 0.01)
        adam.step([Tensor(shape: [2], scalars: [0.5, 0.25])])
        // g = [0.5 + 0.01, 0.25 - 0.02]; m = 0.5 g; v = 0.1 g^2; m_hat = g, v_hat = g^2
        // p -= 0.1 * g / (|g| + 1e-8)  ->  p - 0.1 sign(g)
        XCTAssertEqual(adam.firstMoment(0), [0.255, 0.115])
        XCTAssertEqual(adam.secondMoment(0)[0], 0.1 * 0.51 * 0.51, accuracy: 1e-7)
        XCTAssertEqual(p.value.scalars[0], 0.9, accuracy: 1e-6)
        XCTAssertEqual(p.value.scalars[1], -2.1, accuracy: 1e-6)
        // Second step with g = [0.1, 0.1] (plus decay): explicit formula.
        adam.step([Tensor(shape: [2], scalars: [0.1, 0.1])])
        let g = 0.1 + 0.01 * 0.9
        let m = 0.5 * 0.255 + 0.5 * g, v = 0.9 * (0.1 * 0.51 * 0.51) + 0.1 * g * g
        let expected = 0.9 - 0.1 / (1 - 0.25) * m / ((v / (1 - 0.81)).squareRoot() + 1e-8)
        XCTAssertEqual(Double(p.value.scalars[0]), expected, accuracy: 1e-6)
    }

    /// The fused pass over many chunks and parameters matches a plain per-element loop.
    func testFusedStepMatchesScalarLoop() {
        var rng = TestRNG(seed: 3)
        let shapes = [[300, 70], [70], [5, 33]]
        let params = shapes.map { Parameter(randomTensor($0, &rng)) }
        let initial = params.map(\.value.scalars)
        let adam = Adam(parameters: params, learningRate: 1e-2, beta1: 0.5, beta2: 0.9)
        let grads = shapes.map { randomTensor($0, &rng) }
        adam.step(grads)
        for (i, p) in params.enumerated() {
            let expected = zip(initial[i], grads[i].scalars).map { w, g -> Float in
                let m = 0.5 * g, v = 0.1 * g * g
                return w - 1e-2 / 0.5 * m / ((v / 0.1).squareRoot() + 1e-8)
            }
            if let err = Tolerance.compare(p.value.scalars, expected, abs: 1e-6, rel: 1e-5) { XCTFail("parameter \(i): \(err)") }
        }
    }

    /// A small regression converges: an MLP fits y = sin(3x) on [-1, 1].
    func testRegressionConverges() {
        let model = Sequential.mlp(MLPConfig(sizes: [1, 32, 32, 1], hiddenActivation: .tanh), seed: 5)
        let adam = Adam(parameters: model.parameters, learningRate: 1e-2)
        let xs = (0..<64).map { Float($0) / 31.5 - 1 }
        let x = Tensor(shape: [64, 1], scalars: xs), y = Tensor(shape: [64, 1], scalars: xs.map { Foundation.sin(3 * $0) })
        func loss() -> Tensor { (model(x) - y).squared().mean() }
        let start = loss().scalar
        for _ in 0..<400 {
            adam.step(gradients(of: loss(), wrt: model.parameterValues))
        }
        let end = loss().scalar
        XCTAssertLessThan(end, 0.01 * start, "loss \(start) -> \(end)")
        XCTAssertLessThan(end, 2e-3)
    }

    func testSGDStep() {
        let p = Parameter(Tensor(shape: [2], scalars: [1, 2]))
        let sgd = SGD(parameters: [p], learningRate: 0.5, momentum: 0.9)
        sgd.step([Tensor(shape: [2], scalars: [1, -1])])
        XCTAssertEqual(p.value.scalars, [0.5, 2.5])
        sgd.step([Tensor(shape: [2], scalars: [1, -1])])
        XCTAssertEqual(p.value.scalars, [0.5 - 0.5 * 1.9, 2.5 + 0.5 * 1.9])
    }
}

func randomTensor(_ shape: [Int], _ rng: inout TestRNG, _ low: Float = -1, _ high: Float = 1) -> Tensor {
    Tensor(shape: shape, scalars: rng.floats(shape.reduce(1, *), low, high))
}
