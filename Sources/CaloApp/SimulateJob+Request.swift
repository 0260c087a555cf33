import CaloDetector
import CaloSim
import CaloSupport
import Foundation

extension SimulateJob {
    /// What a user asks `calosim simulate` for, option by option; `makeJob()` resolves and checks it.
    public struct Request: Sendable {
        /// A shipped geometry's name or a geometry JSON file.
        public var geometry = Geometry.defaultName
        /// The species: one, or a mixture (`ParticleMixture(parsing:)`: "e-,gamma", "e-:2,gamma:1").
        public var particles: ParticleMixture = .single(.electron)
        public var energy = EnergyRequest()
        public var count = 0
        public var seed: UInt64 = 1
        public var output: URL
        public var overwrite = false
        /// Deflate level of the output, 0 (none) to 9.
        public var compressionLevel = 1
        public var firstShower = 0
        /// Only this part of the run of `count` showers (exclusive with `firstShower`).
        public var shard: Shard?
        /// Directions and impact points: fixed or ranges, degrees and mm.
        public var arrival = ArrivalRequest()
        public var productionCutMM = 0.7
        public var threads = Threads.available
        public var progress: ProgressReporter.Mode = .automatic
        /// Make the run shard by shard in this folder, skipping finished shards, then merge (nil: one file).
        public var shardsDirectory: URL?
        public var showersPerShard = 1000
        /// Apply the geometry's readout threshold to the stored cells.
        public var readoutThreshold = false

        public init(output: URL) { self.output = output }

        /// The job, checked: arrival, cut, energies, geometry, and an output that may be written.
        public func makeJob() throws -> SimulateJob {
            let arrivalSpectrum = try arrival.spectrum()
            guard productionCutMM > 0 else { throw CalosimError.badInput("--production-cut must be > 0 mm") }
            let spectrum = try energy.spectrum(allowedMeV: Primary.energyRangeMeV)
            var (first, n) = (firstShower, count)
            if let shard {
                guard firstShower == 0 else { throw CalosimError.badInput("--shard and --first-shower contradict each other; give one") }
                guard count > 0 else { throw CalosimError.badInput("--n must be > 0 (got \(count))") }
                let part = try shard.range(of: count)
                (first, n) = (part.lowerBound, part.count)
            }
            var job = SimulateJob(geometry: try Geometry.resolve(geometry), particles: particles, spectrum: spectrum,
                                  count: n, seed: seed, threads: threads, output: output, overwrite: overwrite)
            job.arrival = arrivalSpectrum
            job.simulation.productionCutMM = productionCutMM
            job.progress = progress
            job.compressionLevel = compressionLevel
            job.firstShower = first
            job.shards = shardsDirectory.map { SimulateJob.Shards(directory: $0, showersPerShard: showersPerShard) }
            job.applyReadoutThreshold = readoutThreshold
            try job.check()
            try job.checkOutput()
            return job
        }
    }
}
