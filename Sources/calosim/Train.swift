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

            Writes checkpoints every --checkpoint-every iterations (atomically), a training log \
            (train_log.csv), and keeps the best checkpoint (best/) by the chi2/NDF of the \
            total-energy histograms per energy bin on a held-out validation split. --resume \
            continues a killed run from its last checkpoint, with its stored hyperparameters; it may \
            extend --iterations and change --checkpoint-every, --learning-rate and --ema-decay / \
            --no-ema (a fine-tuning phase), nothing else.

            Data parallel: mpirun -np N calosim train ... --threads T trains on N ranks; \
            --batch-size is the global batch (a multiple of N), each rank reads --data itself, \
            rank 0 writes the folder, and the checkpoint does not depend on N.

            Without --data and --out: reproduces the default model in the working directory (the training \
            set into data/, shard by shard, the model into models/calogan-eminus, then its calibration), \
            after saying what it will do and how long that takes here; run it again to continue.
            """)

    @Option(help: "Training showers (HDF5: calosim's, or CaloChallenge's with --geometry).")
    var data: String?

    @Option(help: "Geometry of a data file that records none (a CaloChallenge file): a shipped name, a JSON file or a binning XML.")
    var geometry: String?

    @Option(help: "Model folder to write (checkpoints, best model, log).")
    var out: String?

    @Option(help: ArgumentHelp("A recipe JSON file replacing the default model's numbers (README, \"Test hooks\").", visibility: .hidden))
    var recipe: String?

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
    @Option(name: .customLong("generator-head"), help: "Generator output head (physics is the default).") var generatorHead: GeneratorHead?
    @Option(name: .customLong("cell-transform"), help: "identity, log:EPSILON (default log:1e-6) or power:EXPONENT.") var cellTransform: String?

    @Flag(name: .customLong("critic-peak-features"),
          help: "The critic also sees how concentrated each layer's energy is and how its hottest cell stands above the next.")
    var criticPeakFeatures = false

    @Flag(name: .customLong("critic-axis-features"),
          help: "The critic also sees how far each layer's centroid lies from where the shower's direction and impact point put it.")
    var criticAxisFeatures = false

    @Flag(help: "Continue from the last checkpoint in --out.")
    var resume = false

    @OptionGroup var runOptions: RunOptions

    /// The options as the library's request.
    var request: TrainJob.Request {
        var r = TrainJob.Request(data: URL(fileURLWithPath: data ?? ""), folder: URL(fileURLWithPath: out ?? ""))
        r.config = config.map { URL(fileURLWithPath: $0) }
        r.iterations = iterations
        r.checkpointEvery = checkpointEvery
        r.batchSize = batchSize
        r.learningRate = learningRate
        r.criticIterations = criticIterations
        r.gradientPenaltyWeight = gradientPenalty
        r.seed = seed
        r.latentDimension = latentDimension
        r.generatorHidden = generatorHidden
        r.criticHidden = criticHidden
        r.leakySlope = leakySlope
        r.beta1 = beta1
        r.beta2 = beta2
        r.validationFraction = validationFraction
        r.emaDecay = emaDecay
        r.noEMA = noEMA
        r.generatorHead = generatorHead
        r.cellTransform = cellTransform
        r.criticPeakFeatures = criticPeakFeatures
        r.criticAxisFeatures = criticAxisFeatures
        r.resume = resume
        r.geometry = geometry
        r.threads = runOptions.threads
        r.progress = runOptions.progressMode
        return r
    }

    /// No --data and no --out: the default model.
    var defaultModel: DefaultModelJob.Request? {
        guard data == nil && out == nil else { return nil }
        var r = DefaultModelJob.Request()
        r.recipe = recipe.map { URL(fileURLWithPath: $0) }
        r.threads = runOptions.threads
        r.progress = runOptions.progressMode
        return r
    }

    func validate() throws {
        if let d = defaultModel {
            if let given = request.optionsGiven.first {
                throw CalosimError.badInput("\(given) needs --data and --out; without them train reproduces the default model, whose recipe is fixed")
            }
            _ = try d.makeJob()
            return
        }
        guard data != nil, out != nil else { throw CalosimError.badInput("give both --data and --out, or neither to reproduce the default model") }
        guard recipe == nil else { throw CalosimError.badInput("--recipe is for the default model (no --data, no --out)") }
        _ = try request.makeJob()
    }

    func run() throws {
        if let d = defaultModel {
            try d.makeJob().run()
            return
        }
        let result = try request.run()
        guard result.rank == 0 else { return }
        print(String(format: "trained to %@ in %.1f s; best validation chi2 %.4g at iteration %d", out ?? "", result.seconds,
                     result.bestChi2, result.bestIteration))
        if result.launchedByMPI {
            print(String(format: "MPI: %d ranks; %.2f ms per iteration, of which %.2f ms in %d MPI_Allreduce of %d floats (%d bytes) per rank",
                         result.ranks, 1000 * result.secondsPerIteration, 1000 * result.sumSecondsPerIteration,
                         result.sumsPerIteration, result.floatsPerIteration, 4 * result.floatsPerIteration))
        }
    }
}
