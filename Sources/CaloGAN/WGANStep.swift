import CaloMPI
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
/// `criticIterations` critic steps with the gradient penalty, then one generator step. What
/// `calosim train` runs, and what `calosim bench engine` times.
///
/// Randomness: iteration t owns the elements t s ..< (t + 1) s of `StreamDomain.ganStep`,
/// s = max(8, n_critic + 1); critic step k draws its batch, noise and interpolation weights from
/// element t s + k, the generator step from t s + s - 1 (8 t + k and 8 t + 7 for n_critic <= 7).
///
/// Data parallelism: in a `ProcessGroup` of N ranks, every rank draws the whole batch of B rows
/// (rows, noise, weights) from the same stream element and computes the loss on its share, rows
/// r B/N ..< (r + 1) B/N; the gradients, summed over the ranks in one flat buffer per step (one
/// `sum`, with the losses) and divided by N, are the gradients of the whole batch's mean loss, so
/// N ranks step like one process, up to the order of the float sums.
public struct WGANStep {
    /// One step of an iteration.
    public enum Step: Sendable, Equatable {
        case critic(Int)
        case generator
    }

    /// A critic step's inputs in the critic's embedding: real and generated showers [B, E], their
    /// conditions [B, width] and the interpolation weights [B, 1].
    public struct CriticBatch {
        public var real: Tensor
        public var fake: Tensor
        public var condition: Tensor
        public var mix: Tensor
    }

    public let generator: ConditionalGenerator
    public let critic: ConditionalCritic
    public let generatorOptimizer: Adam
    public let criticOptimizer: Adam
    public let hyperparameters: GANHyperparameters
    public let data: TrainingData.Split
    /// The ranks sharing each batch (a single process by default).
    public let group: any ProcessGroup
    /// This rank's rows of each batch.
    public let rows: Range<Int>
    let cells: Int

    /// A step over `data` (cells in network space, `cells` per shower); the optimisers must hold
    /// the two networks' parameters; the batch size must be a multiple of `group.size`.
    public init(generator: ConditionalGenerator, critic: ConditionalCritic, generatorOptimizer: Adam, criticOptimizer: Adam,
                hyperparameters: GANHyperparameters, data: TrainingData.Split, cells: Int,
                group: any ProcessGroup = SingleProcess()) {
        require(data.count > 0 && data.cells.count == data.count * cells,
                     "WGANStep: \(data.cells.count) cell values for \(data.count) showers of \(cells) cells")
        require(generator.conditionWidth == data.conditionWidth && critic.conditionWidth == data.conditionWidth,
                "WGANStep: condition width \(data.conditionWidth) for networks of \(generator.conditionWidth) and \(critic.conditionWidth)")
        require(hyperparameters.batchSize % group.size == 0,
                "WGANStep: batch of \(hyperparameters.batchSize) over \(group.size) ranks")
        self.group = group
        rows = Self.share(batchSize: hyperparameters.batchSize, rank: group.rank, ranks: group.size)
        self.generator = generator
        self.critic = critic
        self.generatorOptimizer = generatorOptimizer
        self.criticOptimizer = criticOptimizer
        self.hyperparameters = hyperparameters
        self.data = data
        self.cells = cells
    }

    /// Rank `rank`'s rows of a batch of `batchSize` shared by `ranks`: b r/N ..< b (r + 1)/N.
    public static func share(batchSize b: Int, rank r: Int, ranks n: Int) -> Range<Int> {
        require(n > 0 && r >= 0 && r < n, "WGANStep.share: rank \(r) of \(n)")
        return (b * r / n)..<(b * (r + 1) / n)
    }

    /// Elements of `StreamDomain.ganStep` per iteration: max(8, n_critic + 1).
    public static func streamStride(criticIterations n: Int) -> Int { max(8, n + 1) }

    /// The element of `StreamDomain.ganStep` that `step` of iteration `t` draws from.
    public static func streamIndex(iteration t: Int, step: Step, criticIterations n: Int) -> UInt64 {
        let s = streamStride(criticIterations: n)
        switch step {
        case .critic(let k):
            require(k >= 0 && k < n, "WGANStep: critic step \(k) of \(n)")
            return UInt64(t * s + k)
        case .generator:
            return UInt64(t * s + s - 1)
        }
    }

    /// The generator of `step` in iteration `t`.
    public func randomGenerator(iteration t: Int, step: Step) -> Philox {
        let index = Self.streamIndex(iteration: t, step: step, criticIterations: hyperparameters.criticIterations)
        return StreamDomain.ganStep.generator(key: hyperparameters.seed, index: index)
    }

    /// Rows of the training split for a batch (all drawn, this rank's share kept), and their
    /// cells and conditions.
    private func batch(_ rng: inout Philox) -> (x: Tensor, c: Tensor) {
        let b = rows.count, w = data.conditionWidth
        var x = [Float](repeating: 0, count: b * cells), c = [Float](repeating: 0, count: b * w)
        for j in 0..<hyperparameters.batchSize {
            let row = Int(rng.next() % UInt64(data.count))
            guard rows.contains(j) else { continue }
            let i = j - rows.lowerBound
            for k in 0..<w { c[i * w + k] = data.condition[row * w + k] }
            x.withUnsafeMutableBufferPointer { dst in
                data.cells.withUnsafeBufferPointer { src in
                    dst.baseAddress!.advanced(by: i * cells).update(from: src.baseAddress!.advanced(by: row * cells), count: cells)
                }
            }
        }
        return (Tensor(shape: [b, cells], scalars: x), Tensor(shape: [b, w], scalars: c))
    }

    /// A critic batch drawn from `rng`: rows, noise, then interpolation weights. Both samples are
    /// in the critic's embedding (standardised cells and physics features); the interpolates and
    /// the penalty live there.
    public func criticBatch(_ rng: inout Philox) -> CriticBatch {
        let h = hyperparameters
        let (real, c) = batch(&rng)
        let z = share(Tensor.normal(shape: [h.batchSize, h.latentDimension], generator: &rng))
        let (realY, fakeY) = withoutGradients {
            (critic.embed(real, condition: c), critic.embed(generator(noise: z, condition: c), condition: c))
        }
        let eps = share(Tensor.uniform(shape: [h.batchSize, 1], generator: &rng))
        return CriticBatch(real: realY, fake: fakeY, condition: c, mix: eps)
    }

    /// The critic loss mean D(fake) - mean D(real) + lambda GP of a batch, the penalty
    /// GP = mean (||grad_y D(y, c)|| - 1)^2 at y = mix real + (1 - mix) fake (differentiable in
    /// the critic's weights), and the two mean scores.
    public func criticLoss(_ batch: CriticBatch) -> (loss: Tensor, penalty: Tensor, realScore: Tensor, fakeScore: Tensor) {
        let b = batch.real.shape[0]
        let (realY, fakeY, c, eps) = (batch.real, batch.fake, batch.condition, batch.mix)
        let mixed = (eps * realY + (1 - eps) * fakeY).requiringGrad()
        let score = critic.score(embedded: mixed, condition: c)
        let slope = gradients(of: score.sum(), wrt: [mixed], createGraph: true)[0]
        let penalty = (slope.norm(axis: 1) - 1).squared().mean()
        // Real and fake scored in one pass (one sgemm per layer instead of two).
        let scores = critic.score(embedded: concatenate(rows: [realY, fakeY]), condition: concatenate(rows: [c, c]))
        let realScore = scores.sliced(rows: 0..<b).mean(), fakeScore = scores.sliced(rows: b..<(2 * b)).mean()
        let loss = fakeScore - realScore + hyperparameters.gradientPenaltyWeight * penalty
        return (loss, penalty, realScore, fakeScore)
    }

    /// The generator loss -mean D(G(z, c), c), conditions and noise drawn from `rng`.
    public func generatorLoss(_ rng: inout Philox) -> Tensor {
        let h = hyperparameters
        let w = data.conditionWidth
        var conditions = [Float](repeating: 0, count: h.batchSize * w)
        for i in 0..<h.batchSize {
            let row = Int(rng.next() % UInt64(data.count))
            for k in 0..<w { conditions[i * w + k] = data.condition[row * w + k] }
        }
        let c = share(Tensor(shape: [h.batchSize, w], scalars: conditions))
        let z = share(Tensor.normal(shape: [h.batchSize, h.latentDimension], generator: &rng))
        return -critic(generator(noise: z, condition: c), condition: c).mean()
    }

    /// This rank's rows of a batch tensor [B, ...] (the tensor itself for a single process).
    func share(_ t: Tensor) -> Tensor {
        rows.count == t.shape[0] ? t : withoutGradients { t.sliced(rows: rows) }
    }

    /// Runs iteration `t`: every critic step, then the generator step.
    public func run(iteration t: Int) -> StepLosses {
        var losses = StepLosses(critic: 0, wasserstein: 0, gradientPenalty: 0, generator: 0)
        for k in 0..<hyperparameters.criticIterations {
            var rng = randomGenerator(iteration: t, step: .critic(k))
            let (loss, penalty, realScore, fakeScore) = criticLoss(criticBatch(&rng))
            var scalars = [loss.scalar, realScore.scalar - fakeScore.scalar, penalty.scalar]
            criticOptimizer.step(groupMean(gradients(of: loss, wrt: critic.parameterValues), scalars: &scalars))
            (losses.critic, losses.wasserstein, losses.gradientPenalty) = (scalars[0], scalars[1], scalars[2])
        }
        var rng = randomGenerator(iteration: t, step: .generator)
        let loss = generatorLoss(&rng)
        var scalars = [loss.scalar]
        generatorOptimizer.step(groupMean(gradients(of: loss, wrt: generator.parameterValues), scalars: &scalars))
        losses.generator = scalars[0]
        return losses
    }

    /// The mean over the ranks of `gradients` and of `scalars` (this rank's losses), through one
    /// `sum` of one flat buffer [gradients..., scalars...]; unchanged for a single process.
    func groupMean(_ gradients: [Tensor], scalars: inout [Float]) -> [Tensor] {
        guard group.size > 1 else { return gradients }
        var flat = [Float]()
        flat.reserveCapacity(gradients.reduce(scalars.count) { $0 + $1.count })
        for g in gradients { flat.append(contentsOf: g.scalars) }
        flat.append(contentsOf: scalars)
        group.sum(&flat)
        let scale = 1 / Float(group.size)
        var offset = 0
        let means = gradients.map { g -> Tensor in
            defer { offset += g.count }
            return Tensor(shape: g.shape, scalars: flat[offset..<(offset + g.count)].map { $0 * scale })
        }
        scalars = flat[offset...].map { $0 * scale }
        return means
    }
}
