import CaloSupport
import CaloValidation
import Foundation

extension ValidationJob {
    /// What a user asks `calosim validate` for: reference showers against either a generated
    /// file or a model (which generates one shower per reference energy), with the thresholds
    /// given (nil: from `thresholdsFile`, else the defaults).
    ///
    /// Without a reference, the held-out sample of `DefaultModelRecipe` (simulated into data/ when
    /// missing); without a generated file or a model, the shipped model.
    public struct Request: Sendable {
        public var reference: URL?
        public var generated: URL?
        public var model: URL?
        /// A recipe JSON file for the held-out sample (nil: the shipped model's recipe).
        public var recipe: URL?
        public var outputFolder: URL
        /// Geometry name or JSON file, for files without a geometry attribute.
        public var geometry: String?
        /// A thresholds JSON file; the values below override it.
        public var thresholdsFile: URL?
        public var maxSeparationStrict: Double?
        public var maxSeparation: Double?
        public var maxResponseDeviation: Double?
        public var maxResolutionDeviation: Double?
        public var maxAUC: Double?
        public var cellThresholdMeV: Float = 0.001
        public var bins: Int?
        /// Run the classifier two-sample test.
        public var classifier = true
        public var classifierEpochs: Int?
        /// Compute precision, recall, density and coverage.
        public var coverage = true
        /// With `model`: time the generator and the reference simulator.
        public var timing = true
        /// Seed of the classifier's split and initialisation.
        public var classifierSeed: UInt64 = 1
        /// Seed of the showers generated with `model`.
        public var generationSeed: UInt64 = 12_345
        public var trainingLog: URL?
        /// A timing table JSON file to plot.
        public var timings: URL?
        public var threads = Threads.available
        /// Stage messages on stderr.
        public var verbose = true

        public init(reference: URL?, outputFolder: URL) {
            self.reference = reference
            self.outputFolder = outputFolder
        }

        /// Refuses a missing input file or a limit out of range before any file is read.
        public func check() throws {
            guard generated == nil || model == nil else {
                throw CalosimError.badInput("give either --generated FILE or --model DIR, not both")
            }
            let files: [(String, URL?)] = [("--reference", reference), ("--generated", generated), ("--model", model),
                                           ("--thresholds", thresholdsFile), ("--training-log", trainingLog),
                                           ("--timings", timings), ("--recipe", recipe)]
            for (flag, url) in files {
                guard let url else { continue }
                guard FileManager.default.fileExists(atPath: url.path) else {
                    throw CalosimError.badInput("\(flag) \(url.relativePath): no such file")
                }
            }
            for (flag, value) in [("--max-separation-strict", maxSeparationStrict), ("--max-separation", maxSeparation),
                                  ("--max-response-deviation", maxResponseDeviation),
                                  ("--max-resolution-deviation", maxResolutionDeviation), ("--max-auc", maxAUC)] {
                if let v = value, !(v > 0) { throw CalosimError.badInput("\(flag) must be > 0 (got \(v))") }
            }
            if let b = bins, b < 2 { throw CalosimError.badInput("--bins must be >= 2 (got \(b))") }
            if let e = classifierEpochs, e < 1 { throw CalosimError.badInput("--classifier-epochs must be >= 1 (got \(e))") }
            guard cellThresholdMeV >= 0 else { throw CalosimError.badInput("--cell-threshold must be >= 0 MeV") }
        }

        /// The thresholds: defaults, then the file, then each limit given.
        public func thresholds() throws -> Thresholds {
            var t = try thresholdsFile.map { try Thresholds.load(file: $0) } ?? Thresholds()
            if let v = maxSeparationStrict { t.separationPowerStrict = v }
            if let v = maxSeparation { t.separationPower = v }
            if let v = maxResponseDeviation { t.responseDeviation = v }
            if let v = maxResolutionDeviation { t.resolutionDeviation = v }
            if let v = maxAUC { t.classifierAUC = v }
            return t
        }

        /// The job, with thresholds, classifier options and the timing table read.
        public func makeJob() throws -> ValidationJob {
            var job = ValidationJob(referenceURL: reference, generatedURL: generated, outputFolder: outputFolder)
            job.geometryName = geometry
            job.options.thresholds = try thresholds()
            job.options.cellThresholdMeV = cellThresholdMeV
            job.options.bins = bins
            job.options.threads = threads
            if classifier {
                var c = ClassifierOptions()
                c.seed = classifierSeed
                if let e = classifierEpochs { c.epochs = e }
                job.options.classifier = c
            } else {
                job.options.classifier = nil
            }
            if !coverage { job.options.coverage = nil }
            job.trainingLogURL = trainingLog
            if let url = timings {
                guard let data = FileManager.default.contents(atPath: url.path),
                      let table = try? JSONDecoder().decode(TimingTable.self, from: data) else {
                    throw CalosimError.badFile(path: url.relativePath, reason: "not a timing table JSON object")
                }
                job.timings = table
            }
            if verbose {
                job.log = { FileHandle.standardError.write(Data(("validate: " + $0 + "\n").utf8)) }
            }
            return job
        }

        /// Validates the generated file, or the model's showers at the reference energies; the
        /// held-out sample and the shipped model stand in for what is not given.
        public func run() throws -> ValidationJob.Output {
            try check()
            let request = try withDefaults()
            let job = try request.makeJob()
            guard let model = request.model else { return try job.run() }
            EngineThreads.set(threads)
            return try job.run(input: try job.loadInput(model: model, generationSeed: generationSeed,
                                                        referenceShowersToTime: timing ? 8 : 0, timeGenerator: timing))
        }
    }
}
