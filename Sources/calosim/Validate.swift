import ArgumentParser
import CaloApp
import CaloSupport
import CaloValidation
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare generated showers with reference showers: PNG plots, report.md and metrics.json.",
        discussion: """
            Example: calosim validate --reference data/eminus.h5 --generated data/gan.h5 --out Validation/

            Prints one summary line; --check makes a failed threshold exit with status 2.

            Default thresholds: separation power <= 0.02 for E_tot/E_inc, each layer energy and the shower depth \
            (the energy scale and longitudinal shape a fast simulation must reproduce), <= 0.05 for the other \
            CaloGAN observables (lateral shapes, sparsity); response within 1% and resolution within 10% per energy \
            bin (a calorimeter's calibration and energy resolution); classifier AUC <= 0.80 (0.5: indistinguishable).
            """)

    @Option(help: "Reference showers (HDF5).")
    var reference: String

    @Option(help: "Generated showers (HDF5).")
    var generated: String?

    @Option(help: "Generator model folder: generate one shower per reference energy and time it.")
    var model: String?

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

    func validate() throws {
        guard (generated == nil) != (model == nil) else {
            throw CalosimError.badInput("give either --generated FILE or --model DIR")
        }
        for (flag, path) in [("--reference", reference)] + [("--generated", generated), ("--model", model), ("--thresholds", thresholds),
                             ("--training-log", trainingLog), ("--timings", timings)].compactMap({ f, p in p.map { (f, $0) } }) {
            guard FileManager.default.fileExists(atPath: path) else { throw CalosimError.badInput("\(flag) \(path): no such file") }
        }
        for (flag, value) in [("--max-separation-strict", maxSeparationStrict), ("--max-separation", maxSeparation),
                              ("--max-response-deviation", maxResponseDeviation),
                              ("--max-resolution-deviation", maxResolutionDeviation), ("--max-auc", maxAUC)] {
            if let v = value, !(v > 0) { throw CalosimError.badInput("\(flag) must be > 0 (got \(v))") }
        }
        if let b = bins, b < 2 { throw CalosimError.badInput("--bins must be >= 2 (got \(b))") }
        if let e = classifierEpochs, e < 1 { throw CalosimError.badInput("--classifier-epochs must be >= 1 (got \(e))") }
        guard cellThreshold >= 0 else { throw CalosimError.badInput("--cell-threshold must be >= 0 MeV") }
    }

    func makeJob() throws -> ValidationJob {
        var job = ValidationJob(referenceURL: URL(fileURLWithPath: reference),
                                generatedURL: generated.map { URL(fileURLWithPath: $0) },
                                outputFolder: URL(fileURLWithPath: out))
        job.geometryName = geometry
        var t = try thresholds.map { try Thresholds.load(file: URL(fileURLWithPath: $0)) } ?? Thresholds()
        if let v = maxSeparationStrict { t.separationPowerStrict = v }
        if let v = maxSeparation { t.separationPower = v }
        if let v = maxResponseDeviation { t.responseDeviation = v }
        if let v = maxResolutionDeviation { t.resolutionDeviation = v }
        if let v = maxAUC { t.classifierAUC = v }
        job.options.thresholds = t
        job.options.cellThresholdMeV = cellThreshold
        job.options.bins = bins
        job.options.threads = common.threads
        if noClassifier {
            job.options.classifier = nil
        } else {
            var c = ClassifierOptions()
            c.seed = seed
            if let e = classifierEpochs { c.epochs = e }
            job.options.classifier = c
        }
        job.trainingLogURL = trainingLog.map { URL(fileURLWithPath: $0) }
        if let path = timings {
            guard let data = FileManager.default.contents(atPath: path),
                  let table = try? JSONDecoder().decode(TimingTable.self, from: data) else {
                throw CalosimError.badFile(path: path, reason: "not a timing table JSON object")
            }
            job.timings = table
        }
        if !common.quiet {
            job.log = { FileHandle.standardError.write(Data(("validate: " + $0 + "\n").utf8)) }
        }
        return job
    }

    @Option(name: .customLong("generation-seed"), help: "Seed of the showers generated with --model.")
    var generationSeed: UInt64 = 12_345

    func run() throws {
        let job = try makeJob()
        let output: ValidationJob.Output
        if let model {
            EngineThreads.set(common.threads)
            output = try job.run(input: try job.loadInput(model: URL(fileURLWithPath: model), generationSeed: generationSeed))
        } else {
            output = try job.run()
        }
        print("validate: \(output.report.summaryLine); report in \((out as NSString).appendingPathComponent("report.md")) (\(String(format: "%.1f", output.seconds)) s)")
        if check && !output.report.passed { throw ExitCode(2) }
    }
}
