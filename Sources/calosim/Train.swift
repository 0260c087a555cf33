import ArgumentParser
import CaloSupport

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the conditional WGAN-GP on a shower dataset (arrives with the GAN issue).",
        discussion: """
            Example: calosim train --data data/eminus.h5 --out models/eminus --iterations 200000
            Writes checkpoints every --checkpoint-every iterations (atomically), a training log
            (train_log.csv), and keeps the best checkpoint by the chi2/NDF of the total-energy
            histograms per energy bin on a held-out validation split. --resume continues a run.
            """)

    @Option(help: "Training showers (HDF5, calosim or CaloChallenge layout).")
    var data: String

    @Option(help: "Model folder to write (checkpoints, best model, log).")
    var out: String

    @Option(help: "Hyperparameters as a JSON file; command-line options override it.")
    var config: String?

    @Option(help: "Generator iterations.")
    var iterations: Int?

    @Flag(help: "Continue from the last checkpoint in --out.")
    var resume = false

    @OptionGroup var runOptions: RunOptions

    func run() throws {
        throw CalosimError.environment("calosim train is not available in this build yet (the GAN is being written)")
    }
}
