import CaloBLAS
import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// What `calosim bench engine` runs: the reference conditional WGAN-GP of anchors.md
/// (generator 65 -> 256 -> 512 -> 1024 -> 504 with a ReLU output, critic 505 -> 1024 -> 512 ->
/// 256 -> 1, LeakyReLU 0.2, Adam lr 1e-4, betas (0.5, 0.9)), the same computation as
/// `shared/bench/torch_cwgan.py`, so the two can be compared in one run.
public struct EngineBenchmarkConfiguration: Sendable {
    public var batch = 128
    public var criticSteps = 5
    /// Timed generator iterations (each: `criticSteps` critic steps with penalty + 1 generator step).
    public var iterations = 20
    public var warmupIterations = 3
    public var generationBatch = 10_000
    public var generationShowers = 100_000
    /// Threads for OpenBLAS and for the engine's kernels.
    public var threads = 2
    public var cells = 504
    public var latent = 64
    public var generatorHidden = [256, 512, 1024]
    public var criticHidden = [1024, 512, 256]
    public var penaltyWeight: Float = 10
    public var seed: UInt64 = 1
    /// Also time sgemm alone for the shapes of the networks.
    public var measureSgemm = true

    public init() {}

    /// Rejects sizes the benchmark cannot run.
    public func validate() throws {
        for (name, v) in [("batch", batch), ("critic steps", criticSteps), ("iterations", iterations),
                          ("generation batch", generationBatch), ("generation showers", generationShowers), ("threads", threads)]
        where v < 1 {
            throw CalosimError.badInput("\(name) must be at least 1, got \(v)")
        }
    }
}

/// The measured figures.
public struct EngineBenchmarkResult: Codable, Sendable {
    /// One sgemm shape: op(A) [m, k] x op(B) [k, n].
    public struct SgemmFigure: Codable, Sendable {
        public var role: String
        public var m: Int, n: Int, k: Int
        public var transposeA: Bool, transposeB: Bool
        public var gflops: Double
    }

    /// Checks run before anything is timed.
    public struct Validation: Codable, Sendable {
        public var criticLoss: Double
        public var generatorLoss: Double
        public var gradientPenalty: Double
        /// |<grad_W penalty, v> - finite difference| / |finite difference| along a random direction v.
        public var penaltyGradientRelativeError: Double
        /// Largest relative error of sgemm against the triple loop on a test product.
        public var sgemmRelativeError: Double
    }

    public var kernel: String
    public var threads: Int
    public var batch: Int
    public var criticSteps: Int
    public var iterations: Int
    public var generatorParameters: Int
    public var criticParameters: Int
    public var secondsPerIteration: Double
    public var generationBatch: Int
    public var showersPerSecond: Double
    /// New buffers taken from the system per timed iteration (0 when the pool serves everything).
    public var bufferAllocationsPerIteration: Double
    public var validation: Validation
    public var sgemm: [SgemmFigure]

    /// A table for the terminal.
    public var text: String {
        var lines = [
            "tensor engine: conditional WGAN-GP, batch \(batch), \(criticSteps) critic steps + 1 generator step",
            "  BLAS kernel \(kernel), \(threads) threads; G \(generatorParameters) parameters, D \(criticParameters)",
            String(format: "  checks: critic loss %.4f, generator loss %.4f, penalty %.4f, penalty gradient rel. error %.2e, sgemm rel. error %.2e",
                   validation.criticLoss, validation.generatorLoss, validation.gradientPenalty,
                   validation.penaltyGradientRelativeError, validation.sgemmRelativeError),
            String(format: "  training:   %.4f s per generator iteration (%d timed)", secondsPerIteration, iterations),
            String(format: "  generation: %.0f showers/s at batch %d", showersPerSecond, generationBatch),
            String(format: "  buffers newly allocated per iteration: %.2f", bufferAllocationsPerIteration),
        ]
        if !sgemm.isEmpty {
            lines.append("  sgemm GFLOPS (op(A)[m,k] x op(B)[k,n]):")
            for f in sgemm {
                lines.append(String(format: "    %-28@ m=%5d n=%5d k=%5d %@  %7.1f", f.role as NSString, f.m, f.n, f.k,
                                    "\(f.transposeA ? "T" : "N")\(f.transposeB ? "T" : "N")" as NSString, f.gflops))
            }
        }
        return lines.joined(separator: "\n")
    }
}

public enum EngineBenchmark {
    /// Validates the computation, then times training iterations, generation and sgemm.
    public static func run(_ config: EngineBenchmarkConfiguration, log: (String) -> Void = { _ in }) throws -> EngineBenchmarkResult {
        try config.validate()
        do { try BLAS.load() } catch { throw CalosimError.environment("\(error)") }
        BLAS.threads = config.threads
        TensorConfiguration.threads = config.threads

        let sgemmError = checkSgemm()
        guard sgemmError < 1e-4 else { throw CalosimError.environment("sgemm disagrees with the triple loop (rel. error \(sgemmError))") }
        let gan = BenchmarkGAN(config)
        log("checking the computation")
        let check = gan.validate()
        guard check.criticLoss.isFinite, check.generatorLoss.isFinite, check.gradientPenalty.isFinite else {
            throw CalosimError.environment("benchmark losses are not finite: \(check)")
        }
        guard check.penaltyGradientRelativeError < 0.05 else {
            throw CalosimError.environment("penalty gradient disagrees with finite differences (rel. error \(check.penaltyGradientRelativeError))")
        }
        let validation = EngineBenchmarkResult.Validation(
            criticLoss: check.criticLoss, generatorLoss: check.generatorLoss, gradientPenalty: check.gradientPenalty,
            penaltyGradientRelativeError: check.penaltyGradientRelativeError, sgemmRelativeError: Double(sgemmError))

        log("warming up")
        for _ in 0..<config.warmupIterations { gan.iteration() }
        log("timing \(config.iterations) iterations")
        let allocationsBefore = BufferPool.shared.freshAllocations
        let t0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<config.iterations { gan.iteration() }
        let secondsPerIteration = Double(DispatchTime.now().uptimeNanoseconds - t0) * 1e-9 / Double(config.iterations)
        let allocations = Double(BufferPool.shared.freshAllocations - allocationsBefore) / Double(config.iterations)

        log("timing generation")
        _ = gan.generate(count: config.generationBatch, stream: 0)
        let t1 = DispatchTime.now().uptimeNanoseconds
        var done = 0, batchIndex = 1
        while done < config.generationShowers {
            let n = min(config.generationBatch, config.generationShowers - done)
            _ = gan.generate(count: n, stream: UInt64(batchIndex))
            done += n
            batchIndex += 1
        }
        let showersPerSecond = Double(config.generationShowers) / (Double(DispatchTime.now().uptimeNanoseconds - t1) * 1e-9)

        var figures: [EngineBenchmarkResult.SgemmFigure] = []
        if config.measureSgemm {
            log("timing sgemm")
            figures = sgemmShapes(config).map { role, m, n, k, ta, tb in
                .init(role: role, m: m, n: n, k: k, transposeA: ta, transposeB: tb,
                      gflops: timeSgemm(m: m, n: n, k: k, transposeA: ta, transposeB: tb))
            }
        }
        return EngineBenchmarkResult(
            kernel: BLAS.coreName ?? "unknown", threads: config.threads, batch: config.batch, criticSteps: config.criticSteps,
            iterations: config.iterations, generatorParameters: gan.generator.parameterCount,
            criticParameters: gan.critic.parameterCount, secondsPerIteration: secondsPerIteration,
            generationBatch: config.generationBatch, showersPerSecond: showersPerSecond,
            bufferAllocationsPerIteration: allocations, validation: validation, sgemm: figures)
    }

    /// Largest relative error of sgemm against the triple loop on an odd-shaped product.
    static func checkSgemm() -> Float {
        let (m, n, k) = (37, 29, 67)
        var g = Philox(seed: 3, stream: 0)
        let a = Tensor.uniform(shape: [k, m], low: -1, high: 1, generator: &g)
        let b = Tensor.uniform(shape: [n, k], low: -1, high: 1, generator: &g)
        let fast = matmul(a, b, transposeA: true, transposeB: true).scalars
        let slow = Reference.matmul(a.scalars, b.scalars, m: m, n: n, k: k, transposeA: true, transposeB: true)
        return zip(fast, slow).map { abs($0 - $1) / max(abs($1), 1) }.max() ?? 0
    }

    /// The sgemm calls of one training step (forward NT, input gradient NN, weight gradient TN)
    /// and of generation.
    static func sgemmShapes(_ c: EngineBenchmarkConfiguration) -> [(String, Int, Int, Int, Bool, Bool)] {
        var shapes: [(String, Int, Int, Int, Bool, Bool)] = []
        let g = [c.latent + 1] + c.generatorHidden + [c.cells], d = [c.cells + 1] + c.criticHidden + [1]
        for (name, sizes) in [("G", g), ("D", d)] {
            for i in 0..<(sizes.count - 1) where sizes[i + 1] > 1 {
                let (fin, fout) = (sizes[i], sizes[i + 1])
                shapes.append(("\(name)\(i) forward", c.batch, fout, fin, false, true))
                shapes.append(("\(name)\(i) input gradient", c.batch, fin, fout, false, false))
                shapes.append(("\(name)\(i) weight gradient", fout, fin, c.batch, true, false))
            }
        }
        for i in 0..<(g.count - 1) { shapes.append(("G\(i) generation", c.generationBatch, g[i + 1], g[i], false, true)) }
        return shapes
    }

    /// GFLOPS of one shape, repeated for about 50 ms after a warm-up call.
    static func timeSgemm(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> Double {
        let a = [Float](repeating: 0.5, count: m * k), b = [Float](repeating: 0.25, count: k * n)
        var c = [Float](repeating: 0, count: m * n)
        func once() {
            BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a, lda: transposeA ? m : k,
                       b: b, ldb: transposeB ? k : n, c: &c, ldc: n)
        }
        once()
        let flops = 2.0 * Double(m) * Double(n) * Double(k)
        let reps = max(3, min(2000, Int(0.05 * 200e9 / flops)))
        let t0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<reps { once() }
        return flops * Double(reps) / Double(DispatchTime.now().uptimeNanoseconds - t0)
    }
}

/// The benchmark's conditional WGAN-GP on random data (4096 showers), step for step as in
/// `torch_cwgan.py`. D scores [fake; real] in one batch of 2B rows (same loss as two calls).
final class BenchmarkGAN {
    let config: EngineBenchmarkConfiguration
    let generator: Sequential
    let critic: Sequential
    let generatorOptimizer: Adam
    let criticOptimizer: Adam
    let real: Tensor
    let condition: Tensor
    private var sampler: Philox
    private var draws: UInt64 = 0

    init(_ config: EngineBenchmarkConfiguration) {
        self.config = config
        generator = Sequential.mlp(MLPConfig(sizes: [config.latent + 1] + config.generatorHidden + [config.cells],
                                             hiddenActivation: .leakyReLU(slope: 0.2), outputActivation: .relu), seed: config.seed)
        critic = Sequential.mlp(MLPConfig(sizes: [config.cells + 1] + config.criticHidden + [1],
                                          hiddenActivation: .leakyReLU(slope: 0.2)), seed: config.seed + 1)
        generatorOptimizer = Adam(parameters: generator.parameters, learningRate: 1e-4, beta1: 0.5, beta2: 0.9)
        criticOptimizer = Adam(parameters: critic.parameters, learningRate: 1e-4, beta1: 0.5, beta2: 0.9)
        real = Tensor.uniform(shape: [4096, config.cells], seed: config.seed, stream: 1 << 40)
        condition = Tensor.uniform(shape: [4096, 1], seed: config.seed, stream: 1 << 40 + 1)
        sampler = Philox(seed: config.seed, stream: 1 << 41)
    }

    private func nextStream() -> UInt64 {
        draws += 1
        return draws
    }

    /// Row indices of a minibatch.
    private func indices() -> [Int] { (0..<config.batch).map { _ in Int(sampler.next32() % 4096) } }

    /// A critic batch: real showers, their conditions, generated showers, interpolation weights.
    private func criticBatch() -> (x: Tensor, c: Tensor, fake: Tensor, mix: Tensor) {
        let rows = indices()
        let x = real.gathering(rows: rows), c = condition.gathering(rows: rows)
        let z = Tensor.normal(shape: [config.batch, config.latent], seed: config.seed, stream: nextStream())
        let fake = withoutGradients { generator(concatenate(lastAxis: [z, c])) }
        let mix = Tensor.uniform(shape: [config.batch, 1], seed: config.seed, stream: nextStream())
        return (x, c, fake, mix)
    }

    /// ((||grad_xh D(xh, c)|| - 1)^2).mean() at xh = mix x + (1 - mix) fake, differentiable in D's weights.
    func penalty(x: Tensor, c: Tensor, fake: Tensor, mix: Tensor) -> Tensor {
        let xh = (mix * x + (1 - mix) * fake).requiringGrad()
        let score = critic(concatenate(lastAxis: [xh, c]))
        let g = gradients(of: score.sum(), wrt: [xh], createGraph: true)[0]
        return (g.norm(axis: 1) - 1).squared().mean()
    }

    /// mean D(fake) - mean D(real) + lambda * penalty, and the penalty.
    func criticLoss(x: Tensor, c: Tensor, fake: Tensor, mix: Tensor) -> (loss: Tensor, penalty: Tensor) {
        let b = config.batch
        let gp = penalty(x: x, c: c, fake: fake, mix: mix)
        let scores = critic(concatenate(lastAxis: [concatenate(rows: [fake, x]), concatenate(rows: [c, c])]))
        let loss = scores.sliced(rows: 0..<b).mean() - scores.sliced(rows: b..<(2 * b)).mean() + gp * config.penaltyWeight
        return (loss, gp)
    }

    private func criticGradients() -> [Tensor] {
        let batch = criticBatch()
        let loss = criticLoss(x: batch.x, c: batch.c, fake: batch.fake, mix: batch.mix).loss
        return gradients(of: loss, wrt: critic.parameterValues)
    }

    private func generatorLoss() -> Tensor {
        let c = condition.gathering(rows: indices())
        let z = Tensor.normal(shape: [config.batch, config.latent], seed: config.seed, stream: nextStream())
        let fake = generator(concatenate(lastAxis: [z, c]))
        return -critic(concatenate(lastAxis: [fake, c])).mean()
    }

    /// One generator iteration: `criticSteps` critic updates, then one generator update.
    func iteration() {
        for _ in 0..<config.criticSteps { criticOptimizer.step(criticGradients()) }
        generatorOptimizer.step(gradients(of: generatorLoss(), wrt: generator.parameterValues))
    }

    /// `count` showers at condition 0.5, in inference mode.
    func generate(count: Int, stream: UInt64) -> Tensor {
        withoutGradients {
            let z = Tensor.normal(shape: [count, config.latent], seed: config.seed ^ 0x6E6E, stream: stream)
            return generator(concatenate(lastAxis: [z, Tensor(shape: [count, 1], repeating: 0.5)]))
        }
    }

    /// Losses of one step, and the penalty's gradient in D's weights against a central difference
    /// along a random direction.
    ///
    /// The penalty jumps wherever a LeakyReLU unit changes sign (its input gradient is a product of
    /// weights and masks), so differences are taken with the masks of the base point frozen: the
    /// penalty is then a polynomial in the weights, equal to the real one at the base point and with
    /// the same gradient there. The frozen penalty is computed by explicit matrix products, apart
    /// from the autodiff engine.
    func validate() -> (criticLoss: Double, generatorLoss: Double, gradientPenalty: Double, penaltyGradientRelativeError: Double) {
        let batch = criticBatch()
        let (loss, gp) = criticLoss(x: batch.x, c: batch.c, fake: batch.fake, mix: batch.mix)
        let generatorLossValue = Double(generatorLoss().scalar)
        let layers = critic.layers.compactMap { $0.layer as? Linear }
        let weights = layers.map(\.weight)
        let saved = weights.map(\.value)
        let xh = batch.mix * batch.x + (1 - batch.mix) * batch.fake
        // LeakyReLU slopes (1 or 0.2) of every hidden unit at the base point.
        var slopes: [Tensor] = []
        withoutGradients {
            var a = concatenate(lastAxis: [xh, batch.c])
            for layer in layers.dropLast() {
                a = layer(a)
                slopes.append(select(a.isGreater(than: 0), Tensor.ones(a.shape), Tensor(shape: a.shape, repeating: layer.fusedSlope ?? 1)))
            }
        }
        func frozenPenalty(_ w: [Tensor]) -> Tensor {
            var g = matmul(Tensor.ones([batch.x.shape[0], 1]), w[w.count - 1])
            for i in stride(from: w.count - 2, through: 0, by: -1) { g = matmul(g * slopes[i], w[i]) }
            return (g.sliced(lastAxis: 0..<batch.x.shape[1]).norm(axis: 1) - 1).squared().mean()
        }
        let analytic = gradients(of: penalty(x: batch.x, c: batch.c, fake: batch.fake, mix: batch.mix), wrt: saved)
        let directions = saved.enumerated().map { i, w in Tensor.normal(shape: w.shape, seed: 77, stream: UInt64(i)) }
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

extension EngineBenchmarkResult {
    /// The result as one line of JSON (keys sorted).
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
