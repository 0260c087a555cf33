import CaloGAN
import CaloNN
import CaloSupport
import CaloTensor

/// The engine benchmark's GAN: `calosim train`'s `WGANStep` on the reference architecture
/// (`EngineBenchmarkConfiguration`) and a random training set of 4096 showers, cells and
/// conditions uniform in [0, 1) (`StreamDomain.benchmarkData`).
final class BenchmarkGAN {
    let config: EngineBenchmarkConfiguration
    let generator: ConditionalGenerator
    let critic: ConditionalCritic
    let step: WGANStep
    private var iterationsRun = 0

    static let showers = 4096

    init(_ config: EngineBenchmarkConfiguration) throws {
        self.config = config
        let h = config.hyperparameters(steps: config.warmupIterations + config.iterations)
        try h.check()
        generator = ConditionalGenerator(hyperparameters: h, layerCells: [config.cells], seed: h.seed)
        critic = ConditionalCritic(hyperparameters: h, cells: config.cells, seed: h.seed &+ 1)
        var cellRNG = StreamDomain.benchmarkData.generator(key: h.seed, index: 0)
        var conditionRNG = StreamDomain.benchmarkData.generator(key: h.seed, index: 1)
        let cells = (0..<(Self.showers * config.cells)).map { _ in cellRNG.uniformFloat() }
        let conditions = (0..<Self.showers).map { _ in conditionRNG.uniformFloat() }
        let data = TrainingData.Split(cells: cells, condition: conditions, incidentMeV: Array(repeating: 1, count: Self.showers),
                                      totalMeV: Array(repeating: 1, count: Self.showers))
        step = WGANStep(generator: generator, critic: critic,
                        generatorOptimizer: Adam(parameters: generator.parameters, learningRate: h.learningRate, beta1: h.beta1, beta2: h.beta2),
                        criticOptimizer: Adam(parameters: critic.parameters, learningRate: h.learningRate, beta1: h.beta1, beta2: h.beta2),
                        hyperparameters: h, data: data, cells: config.cells)
    }

    /// One generator iteration: `criticSteps` critic updates, then one generator update.
    func iteration() {
        _ = step.run(iteration: iterationsRun)
        iterationsRun += 1
    }

    /// `count` showers at condition 0.5 through `plan` (the generator's MLP planned for
    /// inference), as [count, plan.outputStride]: the `.direct` head's ReLU outputs with the
    /// identity cell transform are the cells.
    func generate(count: Int, stream: UInt64, plan: MLPInference) -> [Float] {
        let z = Tensor.normal(shape: [count, config.latent], seed: config.seed ^ 0x6E6E, stream: stream)
        let width = config.latent + 1
        var input = [Float](repeating: 0.5, count: count * width)
        z.withUnsafeBufferPointer { zs in
            input.withUnsafeMutableBufferPointer { x in
                for k in 0..<count { (x.baseAddress! + k * width).update(from: zs.baseAddress! + k * config.latent, count: config.latent) }
            }
        }
        var out = [Float](repeating: 0, count: count * plan.outputStride)
        out.withUnsafeMutableBufferPointer { o in plan.forward(input, rows: count, into: o.baseAddress!, threads: config.threads) }
        return out
    }

    /// `count` showers at condition 0.5, in inference mode.
    func generate(count: Int, stream: UInt64) -> Tensor {
        withoutGradients {
            let z = Tensor.normal(shape: [count, config.latent], seed: config.seed ^ 0x6E6E, stream: stream)
            return generator(noise: z, condition: Tensor(shape: [count, 1], repeating: 0.5))
        }
    }

    /// Losses of the first step, and the penalty's gradient in the critic's weights against a
    /// central difference along a random direction (`StreamDomain.penaltyCheck`).
    ///
    /// The penalty jumps wherever a LeakyReLU unit changes sign (its input gradient is a product of
    /// weights and masks), so differences are taken with the masks of the base point frozen: the
    /// penalty is then a polynomial in the weights, equal to the real one at the base point and with
    /// the same gradient there. The frozen penalty is computed by explicit matrix products, apart
    /// from the autodiff engine.
    func validate() -> (criticLoss: Double, generatorLoss: Double, gradientPenalty: Double, penaltyGradientRelativeError: Double) {
        var criticRNG = step.randomGenerator(iteration: 0, step: .critic(0))
        let batch = step.criticBatch(&criticRNG)
        let (loss, gp, _, _) = step.criticLoss(batch)
        var generatorRNG = step.randomGenerator(iteration: 0, step: .generator)
        let generatorLossValue = Double(step.generatorLoss(&generatorRNG).scalar)
        let layers = critic.network.layers.compactMap { $0.layer as? Linear }
        let saved = layers.map(\.weight.value)
        let width = batch.real.shape[1]
        let xh = batch.mix * batch.real + (1 - batch.mix) * batch.fake
        // LeakyReLU slopes (1 or the fused slope) of every hidden unit at the base point.
        var slopes: [Tensor] = []
        withoutGradients {
            var a = concatenate(lastAxis: [xh, batch.condition])
            for layer in layers.dropLast() {
                a = layer(a)
                slopes.append(select(a.isGreater(than: 0), Tensor.ones(a.shape), Tensor(shape: a.shape, repeating: layer.fusedSlope ?? 1)))
            }
        }
        func frozenPenalty(_ w: [Tensor]) -> Tensor {
            var g = matmul(Tensor.ones([batch.real.shape[0], 1]), w[w.count - 1])
            for i in stride(from: w.count - 2, through: 0, by: -1) { g = matmul(g * slopes[i], w[i]) }
            return (g.sliced(lastAxis: 0..<width).norm(axis: 1) - 1).squared().mean()
        }
        let analytic = gradients(of: step.criticLoss(batch).penalty, wrt: saved)
        var directionRNG = StreamDomain.penaltyCheck.generator(key: EngineBenchmark.checkSeed, index: 0)
        let directions = saved.map { Tensor.normal(shape: $0.shape, generator: &directionRNG) }
        var projected = 0.0
        for (g, v) in zip(analytic, directions) { projected += Double((g * v).sum().scalar) }
        let h: Float = 1e-3
        let numeric = withoutGradients {
            let plus = frozenPenalty(zip(saved, directions).map { $0.detached + $1 * h }).scalar
            let minus = frozenPenalty(zip(saved, directions).map { $0.detached - $1 * h }).scalar
            return (Double(plus) - Double(minus)) / Double(2 * h)
        }
        let base = withoutGradients { frozenPenalty(saved.map(\.detached)).scalar }
        var error = abs(projected - numeric) / max(abs(numeric), 1e-6)
        if abs(base - gp.scalar) > 1e-3 * max(1, abs(gp.scalar)) { error = .infinity }
        return (Double(loss.scalar), generatorLossValue, Double(gp.scalar), error)
    }
}
