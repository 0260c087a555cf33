import CaloNN
import CaloSupport
import CaloTensor

/// Losses of one generator iteration, for the training log.
public struct StepLosses: Sendable {
    /// Critic loss D(fake) - D(real) + lambda GP (last critic step).
    public var critic: Float
    /// Wasserstein estimate D(real) - D(fake).
    public var wasserstein: Float
    public var gradientPenalty: Float
    /// Generator loss -D(G(z)).
    public var generator: Float
}

/// One WGAN-GP generator iteration (Gulrajani et al., arXiv:1704.00028, algorithm 1):
/// `criticIterations` critic steps with the gradient penalty, then one generator step.
///
/// Randomness: critic step k of iteration t draws its batch, noise and interpolation weights
/// from Philox(seed, stream: 8 t + k); the generator step from stream 8 t + 7 (so n_critic <= 7).
struct WGANStep {
    let generator: ConditionalGenerator
    let critic: ConditionalCritic
    let generatorOptimizer: Adam
    let criticOptimizer: Adam
    let hyperparameters: GANHyperparameters
    let data: TrainingData.Split
    let cells: Int

    /// Rows of the training split for a batch, and their cells and conditions.
    private func batch(_ rng: inout Philox) -> (x: Tensor, c: Tensor) {
        let b = hyperparameters.batchSize
        var x = [Float](repeating: 0, count: b * cells), c = [Float](repeating: 0, count: b)
        for i in 0..<b {
            let row = Int(rng.next() % UInt64(data.count))
            c[i] = data.condition[row]
            x.withUnsafeMutableBufferPointer { dst in
                data.cells.withUnsafeBufferPointer { src in
                    dst.baseAddress!.advanced(by: i * cells).update(from: src.baseAddress!.advanced(by: row * cells), count: cells)
                }
            }
        }
        return (Tensor(shape: [b, cells], scalars: x), Tensor(shape: [b, 1], scalars: c))
    }

    func run(iteration t: Int) -> StepLosses {
        let h = hyperparameters
        let b = h.batchSize
        var losses = StepLosses(critic: 0, wasserstein: 0, gradientPenalty: 0, generator: 0)
        for k in 0..<h.criticIterations {
            var rng = Philox(seed: h.seed, stream: UInt64(8 * t + k))
            let (real, c) = batch(&rng)
            let z = Tensor.normal(shape: [b, h.latentDimension], generator: &rng)
            // Both samples in the critic's embedding (standardised cells and physics features);
            // the interpolates and the penalty live there.
            let (realY, fakeY) = withoutGradients {
                (critic.embed(real), critic.embed(generator(noise: z, condition: c)))
            }
            let eps = Tensor.uniform(shape: [b, 1], generator: &rng)
            let mixed = (eps * realY + (1 - eps) * fakeY).requiringGrad()
            let score = critic.score(embedded: mixed, condition: c)
            let slope = gradients(of: score.sum(), wrt: [mixed], createGraph: true)[0]
            let penalty = (slope.norm(axis: 1) - 1).squared().mean()
            // Real and fake scored in one pass (one sgemm per layer instead of two).
            let scores = critic.score(embedded: concatenate(rows: [realY, fakeY]), condition: concatenate(rows: [c, c]))
            let realScore = scores.sliced(rows: 0..<b).mean(), fakeScore = scores.sliced(rows: b..<(2 * b)).mean()
            let loss = fakeScore - realScore + h.gradientPenaltyWeight * penalty
            criticOptimizer.step(gradients(of: loss, wrt: critic.parameterValues))
            losses.critic = loss.scalar
            losses.wasserstein = realScore.scalar - fakeScore.scalar
            losses.gradientPenalty = penalty.scalar
        }
        var rng = Philox(seed: h.seed, stream: UInt64(8 * t + 7))
        var conditions = [Float](repeating: 0, count: b)
        for i in 0..<b { conditions[i] = data.condition[Int(rng.next() % UInt64(data.count))] }
        let c = Tensor(shape: [b, 1], scalars: conditions)
        let z = Tensor.normal(shape: [b, h.latentDimension], generator: &rng)
        let loss = -critic(generator(noise: z, condition: c), condition: c).mean()
        generatorOptimizer.step(gradients(of: loss, wrt: generator.parameterValues))
        losses.generator = loss.scalar
        return losses
    }
}
