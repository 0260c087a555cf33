import CaloBLAS
import CaloGAN
import CaloSim
import CaloSupport
import Foundation

extension GenerateJob {
    /// What a user asks `calosim generate` for; `check()` refuses bad values before any model is
    /// read, `makeJob()` loads the model.
    public struct Request: Sendable {
        /// The model folder; nil: the model shipped for the default geometry.
        public var model: URL?
        /// Incident energies from `energy` and `count`, unless `energiesFrom` is given.
        public var energy = EnergyRequest()
        public var count: Int?
        /// Only this part of the run (of `count` showers, or of the file's energies).
        public var shard: Shard?
        /// One shower per incident energy of this HDF5 file.
        public var energiesFrom: URL?
        /// One shower per reference shower of this HDF5 file, at its full conditions.
        public var conditionsFrom: URL?
        /// Species, direction and impact point (with `energy` or `energiesFrom`).
        public var conditions = ConditionRequest()
        public var seed: UInt64 = 1
        public var strict = false
        public var output: URL
        public var overwrite = false
        public var compressionLevel = 0
        public var batchSize = 10_000
        public var threads = Threads.available
        /// The arithmetic of inference (fp32, the default, is the reference).
        public var precision = InferencePrecision.fp32
        public var progress: ProgressReporter.Mode = .automatic

        public init(output: URL) { self.output = output }

        /// The model folder to load: `model`, else the shipped one.
        public func modelFolder() throws -> URL {
            if let model { return model }
            guard let shipped = TrainedGenerator.shippedModelFolder() else {
                throw CalosimError.environment("no model shipped in Resources/Models yet; pass --model DIR (from 'calosim train')")
            }
            return shipped
        }

        /// Where the energies come from, checked.
        public func energies() throws -> GenerateJob.Energies {
            if let file = conditionsFrom {
                guard energy.energyGeV == nil, energy.rangeGeV == nil, count == nil, energiesFrom == nil, conditions.isEmpty else {
                    throw CalosimError.badInput("--conditions-from replaces --energy, --energy-range, --n, --energies-from, --particle, --theta, --phi and --impact")
                }
                return .conditionsFile(file)
            }
            if let file = energiesFrom {
                guard energy.energyGeV == nil, energy.rangeGeV == nil, count == nil else {
                    throw CalosimError.badInput("--energies-from replaces --energy, --energy-range and --n")
                }
                return .file(file)
            }
            guard let n = count else { throw CalosimError.badInput("give --n (the number of showers)") }
            guard n > 0 else { throw CalosimError.badInput("--n must be > 0 (got \(n))") }
            return .spectrum(try energy.spectrum(allowedMeV: Primary.energyRangeMeV), count: n)
        }

        /// Checks the model's description (`model.json`, not the weights), the sizes, the
        /// energies, the directions and impact points (inside the model's readout, as `simulate`
        /// asks) and the output path, in that order.
        public func check() throws {
            let configuration = try ModelConfiguration.load(folder: try modelFolder())
            guard batchSize > 0 else { throw CalosimError.badInput("--batch-size must be > 0") }
            guard (0...9).contains(compressionLevel) else {
                throw CalosimError.badInput("--compression must be 0 to 9 (got \(compressionLevel))")
            }
            if case .spectrum(_, let n) = try energies(), let shard { _ = try shard.range(of: n) }
            try conditions.draw().arrival.check(geometry: try configuration.geometry())
            _ = try precision.resolved()
            try OutputCheck.check(output, overwrite: overwrite)
        }

        /// Checks, loads the model and sets the engine's threads.
        public func makeJob() throws -> GenerateJob {
            try check()
            EngineThreads.set(threads)
            let generator = try TrainedGenerator(folder: try modelFolder(), precision: precision)
            var job = GenerateJob(generator: generator, energies: try energies(), seed: seed, output: output, overwrite: overwrite)
            job.draw = try conditions.draw()
            job.strict = strict
            job.shard = shard
            job.batchSize = batchSize
            job.compressionLevel = compressionLevel
            job.progress = progress
            return job
        }
    }
}
