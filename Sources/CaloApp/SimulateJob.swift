import CaloData
import CaloDetector
import CaloSim
import CaloSupport
import Foundation

/// `calosim simulate`: reference showers into an HDF5 dataset.
public struct SimulateJob: Sendable {
    public var geometry: Geometry
    /// The species: one, or a mixture drawn shower by shower.
    public var particles: ParticleMixture
    public var spectrum: EnergySpectrum
    public var count: Int
    public var seed: UInt64
    public var threads: Int
    public var output: URL
    public var overwrite: Bool
    /// Direction and impact point of the showers, fixed or drawn (normal incidence at the centre by default).
    public var arrival: ArrivalSpectrum = .normalAtCentre
    public var simulation: SimulationConfiguration = .init()
    public var commandLine: String = CommandLine.arguments.joined(separator: " ")
    public var progress: ProgressReporter.Mode = .automatic
    /// Deflate level of the output (0: none, 1: fast, the default).
    public var compressionLevel = 1
    /// Index of the first shower: a run of n showers from index k holds exactly showers k..<k+n
    /// of the run with the same seed, so a long run can be made in shards and merged.
    public var firstShower = 0
    /// Make the run shard by shard in a folder, skipping finished shards, then merge (nil: one file).
    public var shards: Shards?
    /// Zero stored cells below the geometry's readout threshold (`Geometry.storedEnergy`).
    public var applyReadoutThreshold = false

    public init(geometry: Geometry, particles: ParticleMixture, spectrum: EnergySpectrum, count: Int, seed: UInt64,
                threads: Int = Threads.available, output: URL, overwrite: Bool = false) {
        self.geometry = geometry
        self.particles = particles
        self.spectrum = spectrum
        self.count = count
        self.seed = seed
        self.threads = threads
        self.output = output
        self.overwrite = overwrite
    }

    /// A run of one species.
    public init(geometry: Geometry, particle: Particle, spectrum: EnergySpectrum, count: Int, seed: UInt64,
                threads: Int = Threads.available, output: URL, overwrite: Bool = false) {
        self.init(geometry: geometry, particles: .single(particle), spectrum: spectrum, count: count, seed: seed,
                  threads: threads, output: output, overwrite: overwrite)
    }

    /// What each shower draws: species, energy, direction and impact point.
    public var conditions: ConditionSpectrum { ConditionSpectrum(particles: particles, energy: spectrum, arrival: arrival) }

    /// Showers a run can index: the condition streams hold 2^62 (`StreamDomain.incidentEnergy`).
    public static let showerIndexLimit = Int(StreamDomain.incidentEnergy.capacity)

    /// What a finished run reports.
    public struct Summary: Sendable {
        public let showers: Int
        public let seconds: Double
        public let meanEscapedFraction: Double
        public let worstLedgerResidual: Double
        public var showersPerSecond: Double { Double(showers) / max(seconds, 1e-9) }
    }

    /// Checks the configuration; the CLI calls this in `validate()`.
    public func check() throws {
        guard count > 0 else { throw CalosimError.badInput("--n must be > 0 (got \(count))") }
        guard firstShower >= 0 else { throw CalosimError.badInput("--first-shower must be >= 0 (got \(firstShower))") }
        guard threads > 0 else { throw CalosimError.badInput("--threads must be > 0 (got \(threads))") }
        if let shards, shards.showersPerShard < 1 {
            throw CalosimError.badInput("--shard-size must be at least 1 (got \(shards.showersPerShard))")
        }
        for e in [spectrum.rangeMeV.lowerBound, spectrum.rangeMeV.upperBound] where !Primary.energyRangeMeV.contains(e) {
            throw CalosimError.badInput("energy \(e / 1000) GeV is outside 0.001 to 1000 GeV")
        }
        guard firstShower <= Self.showerIndexLimit - count else {
            throw CalosimError.badInput("--first-shower + --n must not exceed 2^62 (got \(firstShower) + \(count))")
        }
        try arrival.check(geometry: geometry)
        if applyReadoutThreshold && geometry.storedEnergy.readoutThresholdMeV == nil {
            throw CalosimError.badInput("geometry '\(geometry.name)' defines no readout threshold (storedEnergy.readoutThresholdMeV); drop --readout-threshold")
        }
    }

    /// Simulates and writes the file; nothing is left under the output name on failure. With
    /// `shards` set, the run is made shard by shard and merged (`run(shards:)`).
    public func run() throws -> Summary {
        try check()
        if let shards { return try run(shards: shards) }
        let simulator = try ShowerSimulator(geometry: geometry, configuration: simulation)
        let reporter = ProgressReporter(label: "simulate", total: count, unit: "showers", mode: progress)
        let start = ProgressReporter.now()
        let part = try write(first: firstShower, count: count, simulator: simulator, to: output, overwrite: overwrite,
                             reporter: reporter)
        reporter.finish()
        return Summary(showers: count, seconds: ProgressReporter.now() - start,
                       meanEscapedFraction: part.escapedSum / Double(count), worstLedgerResidual: part.worstResidual)
    }

    /// Sums over the showers of one written file.
    struct PartSums {
        var escapedSum = 0.0
        var worstResidual = 0.0
    }

    /// Simulates showers `first ..< first + n` of the run into `url` (written atomically).
    func write(first firstIndex: Int, count n: Int, simulator: ShowerSimulator, to url: URL, overwrite: Bool,
               reporter: ProgressReporter) throws -> PartSums {
        var extra = conditions.metadata
        extra["production_cut_mm"] = String(simulation.productionCutMM)
        extra["first_shower"] = String(firstIndex)
        let stored = geometry.storedEnergy, threshold = applyReadoutThreshold
        if stored != StoredEnergy() {
            extra["stored_energy"] = "scored / \(stored.samplingFraction)"
                + (threshold ? ", cells below \(stored.readoutThresholdMeV!) MeV set to 0" : ", no threshold")
        }
        let metadata = ShowerFileMetadata(geometryJSON: geometry.json, producer: "calosim simulate \(CalosimVersion.string)",
                                          seed: seed, commandLine: commandLine, extra: extra)
        let writer = try ShowerFileWriter(url: url, geometry: geometry, metadata: metadata, overwrite: overwrite,
                                          compressionLevel: compressionLevel, recordsArrival: true)
        let cells = geometry.cellCount
        let block = max(64, 128 * threads)  // showers per parallel block: big enough that the slowest shower does not idle the others for long
        var sums = PartSums()
        do {
            var first = 0
            while first < n {
                let m = min(block, n - first)
                let slots = IndexedSlots<(primary: Primary, result: ShowerResult)>(count: m)
                let base = firstIndex + first
                let (seed, spectrum) = (self.seed, conditions)
                Threads.parallelFor(m, threads: threads) { i in
                    let index = UInt64(base + i)
                    let primary = spectrum.primary(seed: seed, index: index)
                    slots.set(i, (primary, simulator.simulate(primary, seed: seed, showerIndex: index)))
                    reporter.advance()
                }
                var batch = ShowerBatch(cellCount: cells, capacity: m, recordsArrival: true)
                for i in 0..<m {
                    let (primary, result) = slots[i]
                    batch.append(cells: result.cells.lazy.map { stored.stored($0, applyThreshold: threshold) },
                                 conditions: ShowerConditions(primary))
                    sums.escapedSum += result.escaped / result.incident
                    sums.worstResidual = max(sums.worstResidual, abs(result.ledgerResidual))
                }
                try writer.append(batch)
                first += m
            }
            try writer.finish()
        } catch {
            writer.abort()
            throw error
        }
        return sums
    }
}

extension SimulateJob {
    /// Refuses an existing output (without `overwrite`) or an unwritable folder before any work.
    public func checkOutput() throws {
        try OutputCheck.check(output, overwrite: overwrite)
    }
}
