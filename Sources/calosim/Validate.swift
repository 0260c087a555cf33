import ArgumentParser
import CaloApp
import CaloSupport
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare generated showers with reference showers: PNG plots, report.md and metrics.json.",
        discussion: """
            Example: calosim validate --reference data/eminus.h5 --generated data/gan.h5 --out Validation/

            Prints one summary line; --check makes a failed threshold exit with status 2.

            Without --generated or --model it validates the shipped model; without --reference, against the \
            held-out sample of the shipped model's recipe (10,000 e- of 1-100 GeV, seed 1001), simulated into \
            data/heldout.h5 when missing (resumable, shard by shard). `calosim validate` alone writes Validation/.

            Default thresholds: separation power <= 0.02 for E_tot/E_inc, each layer energy and the shower depth \
            (the energy scale and longitudinal shape a fast simulation must reproduce), <= 0.05 for the other \
            CaloGAN observables (lateral shapes, sparsity); response within 1% and resolution within 10% per energy \
            bin (a calorimeter's calibration and energy resolution); classifier AUC <= 0.80 (0.5: indistinguishable).
            """)

    @Option(help: "Reference showers (HDF5; default: the held-out sample, data/heldout.h5).")
    var reference: String?

    @Option(help: "Generated showers (HDF5).")
    var generated: String?

    @Option(help: "Generator model folder: generate one shower per reference energy and time it (default: the shipped model).")
    var model: String?

    @Option(help: ArgumentHelp("A recipe JSON file for the default held-out sample (README, \"Test hooks\").", visibility: .hidden))
    var recipe: String?

    @Option(help: "Output folder for the plots, report.md and metrics.json.")
    var out: String = "Validation"

    @Option(help: "Geometry name or JSON file (needed for files without a geometry attribute).")
    var geometry: String?

    @Option(help: "Thresholds JSON file (keys: separationPowerStrict, separationPower, responseDeviation, resolutionDeviation, classifierAUC).")
    var thresholds: String?

    @Option(name: .customLong("max-separation-strict"), help: "Separation-power limit of E_tot/E_inc, layer energies, shower depth.")
    var maxSeparationStrict: Double?

    @Option(name: .customLong("max-separation"), help: "Separation-power limit of the other CaloGAN observables.")
    var maxSeparation: Double?

    @Option(name: .customLong("max-response-deviation"), help: "Largest relative response difference per energy bin.")
    var maxResponseDeviation: Double?

    @Option(name: .customLong("max-resolution-deviation"), help: "Largest relative resolution difference per energy bin.")
    var maxResolutionDeviation: Double?

    @Option(name: .customLong("max-auc"), help: "Largest classifier AUC.")
    var maxAUC: Double?

    @Option(name: .customLong("cell-threshold"), help: "Cell energy threshold in MeV for the sparsity and cell spectra.")
    var cellThreshold: Float = 0.001

    @Option(help: "Histogram bins (default: from the sample sizes, 10-50).")
    var bins: Int?

    @Flag(name: .customLong("no-classifier"), help: "Skip the classifier two-sample test.")
    var noClassifier = false

    @Flag(name: .customLong("no-coverage"), help: "Skip precision, recall, density and coverage.")
    var noCoverage = false

    @Flag(name: .customLong("no-timing"), help: "With --model: skip timing the generator and the reference simulator.")
    var noTiming = false

    @Option(name: .customLong("classifier-epochs"), help: "Training epochs of the classifier.")
    var classifierEpochs: Int?

    @Option(help: "Seed of the classifier's split and initialisation.")
    var seed: UInt64 = 1

    @Option(name: .customLong("training-log"), help: "A training log CSV to plot (step column first).")
    var trainingLog: String?

    @Option(help: "Timing table JSON to plot (referenceMsPerShower, generator: [{label, batchSize, msPerShower}], threads).")
    var timings: String?

    @Flag(help: "Exit with status 2 when a check fails (the report is still written).")
    var check = false

    @OptionGroup var common: RunOptions

    @Option(name: .customLong("generation-seed"), help: "Seed of the showers generated with --model.")
    var generationSeed: UInt64 = 12_345

    /// The options as the library's request.
    var request: ValidationJob.Request {
        func url(_ path: String?) -> URL? { path.map { URL(fileURLWithPath: $0) } }
        var r = ValidationJob.Request(reference: url(reference), outputFolder: URL(fileURLWithPath: out))
        r.recipe = url(recipe)
        r.generated = url(generated)
        r.model = url(model)
        r.geometry = geometry
        r.thresholdsFile = url(thresholds)
        r.maxSeparationStrict = maxSeparationStrict
        r.maxSeparation = maxSeparation
        r.maxResponseDeviation = maxResponseDeviation
        r.maxResolutionDeviation = maxResolutionDeviation
        r.maxAUC = maxAUC
        r.cellThresholdMeV = cellThreshold
        r.bins = bins
        r.classifier = !noClassifier
        r.classifierEpochs = classifierEpochs
        r.coverage = !noCoverage
        r.timing = !noTiming
        r.classifierSeed = seed
        r.generationSeed = generationSeed
        r.trainingLog = url(trainingLog)
        r.timings = url(timings)
        r.threads = common.threads
        r.verbose = !common.quiet
        return r
    }

    func validate() throws { try request.check() }

    func run() throws {
        let output = try request.run()
        print("validate: \(output.report.summaryLine); report in \((out as NSString).appendingPathComponent("report.md")) (\(String(format: "%.1f", output.seconds)) s)")
        if check && !output.report.passed { throw ExitCode(2) }
    }
}
