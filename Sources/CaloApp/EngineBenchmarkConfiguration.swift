import CaloBLAS
import CaloGAN
import CaloSupport

/// What `calosim bench engine` runs: `calosim train`'s WGAN-GP step (`WGANStep`) on the reference
/// conditional architecture of Gulrajani et al. (arXiv:1704.00028) at CaloGAN's 504 cells:
/// generator 65 -> 256 -> 512 -> 1024 -> 504 with a ReLU output (`GeneratorHead.direct`), critic
/// 505 -> 1024 -> 512 -> 256 -> 1 on the cells alone, LeakyReLU 0.2, Adam lr 1e-4, betas
/// (0.5, 0.9). The same computation is easily written in PyTorch, so the two can be timed in one
/// shell.
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
    /// The arithmetic of the generation rate (training is fp32).
    public var precision = InferencePrecision.fp32

    public init() {}

    /// The training hyperparameters of the reference architecture at these sizes, for a run of
    /// `steps` generator iterations.
    func hyperparameters(steps: Int) -> GANHyperparameters {
        var h = GANHyperparameters()
        h.latentDimension = latent
        h.generatorHidden = generatorHidden
        h.criticHidden = criticHidden
        h.leakySlope = 0.2
        h.gradientPenaltyWeight = penaltyWeight
        h.criticIterations = criticSteps
        h.batchSize = batch
        h.learningRate = 1e-4
        h.beta1 = 0.5
        h.beta2 = 0.9
        h.iterations = steps
        h.emaDecay = nil
        h.generatorHead = .direct
        h.cellTransform = .identity
        h.seed = seed
        return h
    }

    /// Rejects sizes the benchmark cannot run.
    public func validate() throws {
        for (name, v) in [("batch", batch), ("critic steps", criticSteps), ("iterations", iterations),
                          ("generation batch", generationBatch), ("generation showers", generationShowers), ("threads", threads)]
        where v < 1 {
            throw CalosimError.badInput("\(name) must be at least 1, got \(v)")
        }
    }
}
