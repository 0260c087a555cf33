import CaloDetector
import CaloGAN
import CaloSupport
import Foundation

extension TrainJob {
    /// What a user asks `calosim train` for: the data, the model folder, and each hyperparameter
    /// given on the command line (nil: from `config`, else the default). `makeJob()` merges and checks.
    public struct Request: Sendable {
        public var data: URL
        public var folder: URL
        /// A hyperparameter JSON file; the values below override it.
        public var config: URL?
        public var iterations: Int?
        public var checkpointEvery: Int?
        public var batchSize: Int?
        public var learningRate: Float?
        public var criticIterations: Int?
        public var gradientPenaltyWeight: Float?
        public var seed: UInt64?
        public var latentDimension: Int?
        /// Hidden widths as a list such as "256,512,1024".
        public var generatorHidden: String?
        public var criticHidden: String?
        public var leakySlope: Float?
        public var beta1: Float?
        public var beta2: Float?
        public var validationFraction: Float?
        public var emaDecay: Float?
        /// Save the raw generator weights (no moving average); contradicts `emaDecay`.
        public var noEMA = false
        public var generatorHead: GeneratorHead?
        /// "identity", "log:EPSILON" or "power:EXPONENT".
        public var cellTransform: String?
        /// The critic also sees each layer's peak shape (`GANHyperparameters.criticPeakFeatures`).
        public var criticPeakFeatures = false
        /// The critic also sees the layers' axis offsets (`GANHyperparameters.criticAxisFeatures`).
        public var criticAxisFeatures = false
        /// Continue from the last checkpoint in `folder`.
        public var resume = false
        /// Geometry for a data file that records none (a CaloChallenge file): a shipped name, a
        /// geometry JSON or a binning XML.
        public var geometry: String?
        public var threads = Threads.available
        public var progress: ProgressReporter.Mode = .automatic

        public init(data: URL, folder: URL) {
            self.data = data
            self.folder = folder
        }

        /// The job: a new run's hyperparameters merged from defaults, `config` and the values
        /// given, checked; or a resumed run, which may change only the resume overrides.
        public func makeJob() throws -> TrainJob {
            guard FileManager.default.fileExists(atPath: data.path) else {
                throw CalosimError.badFile(path: data.relativePath, reason: "no such file")
            }
            if noEMA, emaDecay != nil { throw CalosimError.badInput("--no-ema and --ema-decay contradict each other; give one") }
            if resume {
                if let fixed = fixedOptionsGiven.first {
                    throw CalosimError.badInput("\(fixed) cannot change when resuming: the run keeps its checkpoint's architecture, batch size, seed and data split (--iterations, --checkpoint-every, --learning-rate and --ema-decay/--no-ema may change)")
                }
                var job = TrainJob(data: data, folder: folder, hyperparameters: GANHyperparameters(), resume: true)
                job.resumeOverrides = ResumeOverrides(iterations: iterations, checkpointEvery: checkpointEvery, learningRate: learningRate,
                                                      emaDecay: noEMA ? .some(nil) : emaDecay.map { .some($0) })
                job.progress = progress
                job.geometry = try geometry.map { try Geometry.resolve($0) }
                return job
            }
            var job = TrainJob(data: data, folder: folder, hyperparameters: try hyperparameters(), resume: false)
            job.progress = progress
            job.geometry = try geometry.map { try Geometry.resolve($0) }
            return job
        }

        /// A new run's hyperparameters: the defaults, then `config`, then each value given.
        public func hyperparameters() throws -> GANHyperparameters {
            var h = try config.map { try GANHyperparameters.load($0) } ?? GANHyperparameters()
            if let v = iterations { h.iterations = v }
            if let v = checkpointEvery { h.checkpointEvery = v }
            if let v = batchSize { h.batchSize = v }
            if let v = learningRate { h.learningRate = v }
            if let v = criticIterations { h.criticIterations = v }
            if let v = gradientPenaltyWeight { h.gradientPenaltyWeight = v }
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
            if criticPeakFeatures { h.criticPeakFeatures = true }
            if criticAxisFeatures { h.criticAxisFeatures = true }
            try h.check()
            return h
        }

        /// Every training option given (those a resumed run may change too), by name.
        public var optionsGiven: [String] {
            let changeable: [(String, Bool)] = [
                ("--iterations", iterations != nil), ("--checkpoint-every", checkpointEvery != nil),
                ("--learning-rate", learningRate != nil), ("--ema-decay", emaDecay != nil), ("--no-ema", noEMA), ("--resume", resume),
            ]
            return fixedOptionsGiven + changeable.filter(\.1).map(\.0)
        }

        /// Values a resumed run may not change that were given, by their option names.
        public var fixedOptionsGiven: [String] {
            let given: [(String, Bool)] = [
                ("--config", config != nil), ("--batch-size", batchSize != nil), ("--critic-iterations", criticIterations != nil),
                ("--gradient-penalty", gradientPenaltyWeight != nil), ("--seed", seed != nil),
                ("--latent-dimension", latentDimension != nil), ("--generator-hidden", generatorHidden != nil),
                ("--critic-hidden", criticHidden != nil), ("--leaky-slope", leakySlope != nil), ("--beta1", beta1 != nil),
                ("--beta2", beta2 != nil), ("--validation-fraction", validationFraction != nil),
                ("--generator-head", generatorHead != nil), ("--cell-transform", cellTransform != nil),
                ("--critic-peak-features", criticPeakFeatures), ("--critic-axis-features", criticAxisFeatures),
            ]
            return given.filter(\.1).map(\.0)
        }

        /// Checks, then sets the engine's threads and trains.
        public func run() throws -> TrainJob.Summary {
            let job = try makeJob()
            EngineThreads.set(threads)
            return try job.run()
        }
    }
}
