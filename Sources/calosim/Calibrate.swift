import ArgumentParser
import CaloApp
import CaloSupport
import Foundation

struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a trained model's response calibration against its training data.",
        discussion: """
            Example: calosim calibrate --model models/eminus --data data/eminus.h5

            Maps the generator's escaping fraction (1 - sum of cells / E) onto the data's, \
            quantile by quantile in bins of incident energy, and stores the map in model.json \
            (the model id gains "-rc"). The cell patterns stay the generator's.
            """)

    @Option(help: "Model folder (from 'calosim train').")
    var model: String

    @Option(help: "Reference showers, normally the training data (HDF5).")
    var data: String

    @Option(help: "Rows of the table: equal-count bins of incident energy.")
    var rows: Int = 16

    @Option(help: "Probabilities per row.")
    var levels: Int = 201

    @Option(help: "Generated showers per reference shower.")
    var copies: Int = 3

    @Option(help: "Random seed of the generated showers.")
    var seed: UInt64 = 1

    @OptionGroup var runOptions: RunOptions

    func makeJob() -> CalibrateJob {
        var job = CalibrateJob(model: URL(fileURLWithPath: model), data: URL(fileURLWithPath: data))
        job.rows = rows
        job.levels = levels
        job.copies = copies
        job.seed = seed
        job.progress = runOptions.progressMode
        return job
    }

    func validate() throws { try makeJob().checkOptions() }

    func run() throws {
        EngineThreads.set(runOptions.threads)
        let s = try makeJob().run()
        print(String(format: "calibrated %@ against %d reference and %d generated showers (%d rows) in %.1f s",
                     s.modelId, s.referenceShowers, s.generatedShowers, s.rows, s.seconds))
    }
}
