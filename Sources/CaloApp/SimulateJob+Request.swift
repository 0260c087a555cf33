import CaloDetector
import CaloSim
import CaloSupport
import Foundation

extension SimulateJob {
    /// What a user asks `calosim simulate` for, option by option; `makeJob()` resolves and checks it.
    public struct Request: Sendable {
        /// A shipped geometry's name or a geometry JSON file.
        public var geometry = Geometry.defaultName
        public var particle: Particle = .electron
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
        /// Impact point on the front face as "X,Y" in mm.
        public var impactMM = "0,0"
        /// Incidence angle to the beam axis, degrees (tilted in x-z).
        public var angleDegrees = 0.0
        public var productionCutMM = 0.7
        public var threads = Threads.available
        public var progress: ProgressReporter.Mode = .automatic

        public init(output: URL) { self.output = output }

        /// The job, checked: impact point, cut, energies, geometry, and an output that may be written.
        public func makeJob() throws -> SimulateJob {
            let (x, y) = try Self.impactPoint(impactMM)
            guard productionCutMM > 0 else { throw CalosimError.badInput("--production-cut must be > 0 mm") }
            let spectrum = try energy.spectrum(allowedMeV: Primary.energyRangeMeV)
            var (first, n) = (firstShower, count)
            if let shard {
                guard firstShower == 0 else { throw CalosimError.badInput("--shard and --first-shower contradict each other; give one") }
                guard count > 0 else { throw CalosimError.badInput("--n must be > 0 (got \(count))") }
                let part = try shard.range(of: count)
                (first, n) = (part.lowerBound, part.count)
            }
            var job = SimulateJob(geometry: try Geometry.resolve(geometry), particle: particle, spectrum: spectrum,
                                  count: n, seed: seed, threads: threads, output: output, overwrite: overwrite)
            job.impactXMM = x
            job.impactYMM = y
            job.thetaRadians = angleDegrees * .pi / 180
            job.simulation.productionCutMM = productionCutMM
            job.progress = progress
            job.compressionLevel = compressionLevel
            job.firstShower = first
            try job.check()
            try job.checkOutput()
            return job
        }

        /// "X,Y" (mm, blanks allowed) as two numbers.
        public static func impactPoint(_ text: String) throws -> (xMM: Double, yMM: Double) {
            let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let x = parts[0], let y = parts[1] else {
                throw CalosimError.badInput("--impact must be X,Y in mm (got '\(text)')")
            }
            return (x, y)
        }
    }
}
