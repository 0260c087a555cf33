import CaloBLAS
import CaloTensor
import XCTest
import _TestSupport

/// A WGAN-GP critic step on a two-layer critic D(x, c) = W2 lrelu(W1 [x, c] + b1) + b2: the gradient
/// penalty's and the whole critic loss's gradients with respect to the weights against finite
/// differences (the penalty's gradient goes through a recorded backward pass).
final class PenaltyTests: XCTestCase {
    override func setUp() { XCTAssertNoThrow(try BLAS.load()) }

    struct Batch {
        let real, fake, condition, mix: Tensor
    }

    func critic(_ x: Tensor, _ c: Tensor, _ w: [Tensor]) -> Tensor {
        let h = linear(concatenate(lastAxis: [x, c]), weight: w[0], bias: w[1], leakyReLUSlope: 0.2)
        return linear(h, weight: w[2], bias: w[3])
    }

    func penalty(_ batch: Batch, _ w: [Tensor]) -> Tensor {
        let xh = (batch.mix * batch.real + (1 - batch.mix) * batch.fake).detached.requiringGrad()
        let g = gradients(of: critic(xh, batch.condition, w).sum(), wrt: [xh], createGraph: true)[0]
        return (g.norm(axis: 1) - 1).squared().mean()
    }

    func makeBatch(_ rng: inout TestRNG) -> Batch {
        Batch(real: randomTensor([6, 5], &rng), fake: randomTensor([6, 5], &rng), condition: randomTensor([6, 1], &rng, 0, 1),
              mix: randomTensor([6, 1], &rng, 0, 1))
    }

    func makeWeights(_ rng: inout TestRNG) -> [Tensor] {
        [randomTensor([8, 6], &rng), randomTensor([8], &rng, -0.1, 0.1), randomTensor([1, 8], &rng), randomTensor([1], &rng)]
    }

    func testPenaltyGradientAgainstFiniteDifferences() {
        var rng = TestRNG(seed: 41)
        let batch = makeBatch(&rng), weights = makeWeights(&rng)
        let p = penalty(batch, weights.map { $0.detached })
        XCTAssertGreaterThan(p.scalar, 0.01, "the penalty should not vanish for this critic")
        checkGradients(weights, step: 1e-3, abs: 2e-3, rel: 5e-3, "gradient penalty wrt critic weights") { w in
            self.penalty(batch, w)
        }
    }

    func testCriticLossGradientAgainstFiniteDifferences() {
        var rng = TestRNG(seed: 42)
        let batch = makeBatch(&rng), weights = makeWeights(&rng)
        checkGradients(weights, step: 1e-3, abs: 2e-3, rel: 5e-3, "critic loss wrt weights") { w in
            let both = self.critic(concatenate(rows: [batch.fake, batch.real]),
                                   concatenate(rows: [batch.condition, batch.condition]), w)
            return both.sliced(rows: 0..<6).mean() - both.sliced(rows: 6..<12).mean() + self.penalty(batch, w) * 10
        }
    }

    /// The recorded input gradient is exact: D is piecewise linear, so <grad, v> equals the
    /// directional difference exactly away from kinks.
    func testInputGradientIsExact() {
        var rng = TestRNG(seed: 44)
        let batch = makeBatch(&rng), weights = makeWeights(&rng)
        let pre = linear(concatenate(lastAxis: [batch.real, batch.condition]), weight: weights[0], bias: weights[1])
        let margin = pre.scalars.map { Swift.abs($0) }.min()!
        XCTAssertGreaterThan(margin, 5e-3, "test data too close to a kink for the difference step")
        let x = batch.real.requiringGrad()
        let g = gradients(of: critic(x, batch.condition, weights).sum(), wrt: [x], createGraph: true)[0]
        let v = randomTensor(x.shape, &rng)
        let h: Float = 5e-4  // moves a pre-activation by at most 6h < margin: no kink crossed
        let plus = critic(batch.real + v * h, batch.condition, weights).sum().scalar
        let minus = critic(batch.real - v * h, batch.condition, weights).sum().scalar
        XCTAssertEqual((g * v).sum().scalar, (plus - minus) / (2 * h), accuracy: 2e-3)
    }
}
