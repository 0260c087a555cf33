import ArgumentParser
import CaloApp
import CaloGAN
import CaloSupport
import Foundation

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the conditional WGAN-GP on a shower dataset.",
        discussion: """
            Example: calosim train --data data/eminus.h5 --out models/eminus --iterations 200000
            Writes checkpoints every --checkpoint-every iterations (atomically), a training log
            (train_log.csv), and keeps the best checkpoint (best/) by the chi2/NDF of the
            total-energy histograms per energy bin on a held-out validation split. --resume
            continues a killed run from its last checkpoint, with its stored hyperparameters; it may
            extend --iterations and change --checkpoint-every, --learning-rate and --ema-decay /
            --no-ema (a fine-tuning phase), nothing else.
            """)

    @Option(help: "Training showers (HDF5, calosim layout).")
    var data: String

    @Option(help: "Model folder to write (checkpoints, best model, log).")
    var out: String

    @Option(help: "Hyperparameters as a JSON file; the options below override it.")
    var config: String?

    @Option(help: "Generator iterations.") var iterations: Int?
    @Option(name: .customLong("checkpoint-every"), help: "Checkpoint interval, iterations.") var checkpointEvery: Int?
    @Option(name: .customLong("batch-size"), help: "Batch size.") var batchSize: Int?
    @Option(name: .customLong("learning-rate"), help: "Adam learning rate.") var learningRate: Float?
    @Option(name: .customLong("critic-iterations"), help: "Critic steps per generator step (n_critic).") var criticIterations: Int?
    @Option(name: .customLong("gradient-penalty"), help: "Gradient penalty weight lambda.") var gradientPenalty: Float?
    @Option(help: "Random seed.") var seed: UInt64?
    @Option(name: .customLong("latent-dimension"), help: "Length of the noise vector z.") var latentDimension: Int?
    @Option(name: .customLong("generator-hidden"), help: "Generator hidden widths, e.g. 256,512,1024.") var generatorHidden: String?
    @Option(name: .customLong("critic-hidden"), help: "Critic hidden widths, e.g. 1024,512,256.") var criticHidden: String?
    @Option(name: .customLong("leaky-slope"), help: "LeakyReLU slope for negative inputs.") var leakySlope: Float?
    @Option(help: "Adam beta1.") var beta1: Float?
    @Option(help: "Adam beta2.") var beta2: Float?
    @Option(name: .customLong("validation-fraction"), help: "Fraction of the data held out for best-checkpoint selection.")
    var validationFraction: Float?
    @Option(name: .customLong("ema-decay"), help: "Decay of the moving average of the generator weights (0 < d < 1).") var emaDecay: Float?
    @Flag(name: .customLong("no-ema"), help: "Save the raw generator weights (no moving average).") var noEMA = false
    @Option(name: .customLong("generator-head"), help: "physics (default), shares, layers or direct.") var generatorHead: GeneratorHead?
    @Option(name: .customLong("cell-transform"), help: "identity, log:EPSILON (default log:1e-6) or power:EXPONENT.") var cellTransform: String?

    @Flag(help: "Continue from the last checkpoint in --out.")
    var resume = false

    @OptionGroup var runOptions: RunOptions

    func makeJob() throws -> TrainJob {
        guard FileManager.default.fileExists(atPath: data) else {
            throw CalosimError.badFile(path: data, reason: "no such file")
        }
        if noEMA, emaDecay != nil { throw CalosimError.badInput("--no-ema and --ema-decay contradict each other; give one") }
        if resume {
            if let fixed = fixedOptionsGiven.first {
                throw CalosimError.badInput("\(fixed) cannot change when resuming: the run keeps its checkpoint's architecture, batch size, seed and data split (--iterations, --checkpoint-every, --learning-rate and --ema-decay/--no-ema may change)")
            }
            var job = TrainJob(data: URL(fileURLWithPath: data), folder: URL(fileURLWithPath: out), hyperparameters: GANHyperparameters(),
                               resume: true)
            job.resumeOverrides = ResumeOverrides(iterations: iterations, checkpointEvery: checkpointEvery, learningRate: learningRate,
                                                  emaDecay: noEMA ? .some(nil) : emaDecay.map { .some($0) })
            job.progress = runOptions.progressMode
            return job
        }
        var h = try config.map { try GANHyperparameters.load(URL(fileURLWithPath: $0)) } ?? GANHyperparameters()
        if let v = iterations { h.iterations = v }
        if let v = checkpointEvery { h.checkpointEvery = v }
        if let v = batchSize { h.batchSize = v }
        if let v = learningRate { h.learningRate = v }
        if let v = criticIterations { h.criticIterations = v }
        if let v = gradientPenalty { h.gradientPenaltyWeight = v }
        if let v = seed { h.seed = v }
        if let v = latentDimension { h.latentDimension = v }
        if let v = generatorHidden { h.generatorHidden = try GANHyperparameters.widths(from: v) }
        if let v = criticHidden { h.criticHidden = try GANHyperparameters.widths(from: v) }
        if let v = leakySlope { h.leakySlope = v }
        if let v = beta1 { h.beta1 = v }
        if let v = beta2 { h.beta2 = v }
        if let v = validationFraction { h.validationFraction = v }
        if let v = emaDecay { h.emaDecay = v }
        if noEMA { h.emaDecay = nil }
        if let v = generatorHead { h.generatorHead = v }
        if let v = cellTransform { h.cellTransform = try CellTransform(argument: v) }
        try h.check()
        var job = TrainJob(data: URL(fileURLWithPath: data), folder: URL(fileURLWithPath: out), hyperparameters: h, resume: false)
        job.progress = runOptions.progressMode
        return job
    }

    /// Options a resumed run may not change, by the name the user typed.
    private var fixedOptionsGiven: [String] {
        let given: [(String, Bool)] = [
            ("--config", config != nil), ("--batch-size", batchSize != nil), ("--critic-iterations", criticIterations != nil),
            ("--gradient-penalty", gradientPenalty != nil), ("--seed", seed != nil), ("--latent-dimension", latentDimension != nil),
            ("--generator-hidden", generatorHidden != nil), ("--critic-hidden", criticHidden != nil),
            ("--leaky-slope", leakySlope != nil), ("--beta1", beta1 != nil), ("--beta2", beta2 != nil),
            ("--validation-fraction", validationFraction != nil), ("--generator-head", generatorHead != nil),
            ("--cell-transform", cellTransform != nil),
        ]
        return given.filter(\.1).map(\.0)
    }

    func validate() throws { _ = try makeJob() }

    func run() throws {
        EngineThreads.set(runOptions.threads)
        let result = try makeJob().run()
        print(String(format: "trained to %@ in %.1f s; best validation chi2 %.4g at iteration %d", out, result.seconds,
                     result.bestChi2, result.bestIteration))
    }
}

extension GeneratorHead: ExpressibleByArgument {}
