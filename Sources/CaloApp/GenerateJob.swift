import CaloBLAS
import CaloData
import CaloDetector
import CaloGAN
import CaloSupport
import Foundation

/// `calosim generate`: fast-MC showers from a trained generator into an HDF5 dataset.
public struct GenerateJob {
    /// Where incident energies come from.
    public enum Energies {
        case spectrum(EnergySpectrum, count: Int)
        /// One shower per incident energy of a reference file.
        case file(URL)
        /// One shower per reference shower of a file, at its full conditions (species, energy,
        /// direction, impact point); `draw` does not apply.
        case conditionsFile(URL)
    }

    public var generator: any ShowerGenerating
    public var energies: Energies
    /// Species, direction and impact point of each shower (with `.spectrum` and `.file`).
    public var draw = ConditionDraw()
    public var seed: UInt64
    public var output: URL
    public var overwrite: Bool
    /// Refuse energies outside the trained range instead of warning.
    public var strict = false
    /// Only this part of the run. Its showers are the whole run's, bit for bit: the part
    /// generates the whole run's batches of `batchSize` that overlap it (the float sums of a
    /// matrix product depend on its row count) and keeps its rows, at most two batches more work.
    public var shard: Shard?
    public var batchSize = 10_000
    /// The fewest showers of a batch after the first: a last batch of fewer joins the one
    /// before, so that with any `batchSize` of at least this many every shower gets the bytes it
    /// gets in one batch (fp32 through OpenBLAS, which sums products of 1 to 4 rows in another
    /// order; `BLAS.minimumTileRows`).
    public static let smallestBatch = 8

    /// The batches of a run of `count` showers: `size` showers each from the first, a last
    /// batch of fewer than `smallestBatch` joining the one before (lazily, for any `count`).
    public static func batches(count: Int, size: Int) -> some Sequence<Range<Int>> {
        require(size > 0, "GenerateJob.batches: size \(size)")
        return sequence(state: 0) { (first: inout Int) -> Range<Int>? in
            guard first < count else { return nil }
            let rest = count - first
            let n = rest - size < smallestBatch ? rest : size
            defer { first += n }
            return first..<first + n
        }
    }
    /// Deflate level of the output (0: none). Off by default: compressing 200 MB per 100k showers
    /// costs more than generating them.
    public var compressionLevel = 0
    public var commandLine: String = CommandLine.arguments.joined(separator: " ")
    public var progress: ProgressReporter.Mode = .automatic
    /// Where warnings go (stderr by default).
    public var warn: (String) -> Void = { FileHandle.standardError.write(Data(("warning: " + $0 + "\n").utf8)) }

    public init(generator: any ShowerGenerating, energies: Energies, seed: UInt64, output: URL, overwrite: Bool) {
        self.generator = generator
        self.energies = energies
        self.seed = seed
        self.output = output
        self.overwrite = overwrite
    }

    public struct Summary: Sendable {
        public let showers: Int
        public let seconds: Double
        public var showersPerSecond: Double { Double(showers) / max(seconds, 1e-9) }
    }

    /// Every shower's conditions (energies from the spectrum or the reference file, the rest from
    /// `draw`, or all from a conditions file), checked against the model: a species it never saw,
    /// or a direction or impact point it was not trained to vary, is refused; a value outside a
    /// trained range is a warning (refused with `strict`). Also whether the output records the
    /// arrival (the model or the request has one other than normal incidence at the centre).
    public func showerConditions() throws -> (conditions: [ShowerConditions], recordsArrival: Bool) {
        let config = generator.configuration
        var conditions: [ShowerConditions]
        var recordsArrival = !draw.isNormalAtCentre || config.condition.thetaRadians != nil || config.condition.impactXMM != nil
        switch energies {
        case .spectrum(let spectrum, let count):
            guard count > 0 else { throw CalosimError.badInput("--n must be > 0 (got \(count))") }
            conditions = (0..<count).map {
                draw.conditions(energyMeV: Float(spectrum.energyMeV(seed: seed, index: UInt64($0))), defaultParticle: config.defaultParticle,
                                seed: seed, index: UInt64($0))
            }
        case .file(let url):
            let recorded = try Self.reference(url, config).conditions
            conditions = recorded.enumerated().map {
                draw.conditions(energyMeV: $1.incidentEnergyMeV, defaultParticle: config.defaultParticle, seed: seed, index: UInt64($0))
            }
        case .conditionsFile(let url):
            let (recorded, fileRecordsArrival) = try Self.reference(url, config)
            if config.trainedParticles.count > 1, let i = recorded.firstIndex(where: { $0.particle == nil }) {
                throw CalosimError.badFile(path: url.path, reason:
                    "records no particle for shower \(i); the model needs each shower's species (\(config.trainedParticles.map(\.name).joined(separator: ", ")))")
            }
            if !fileRecordsArrival, config.condition.thetaRadians != nil || config.condition.impactXMM != nil {
                throw CalosimError.badFile(path: url.path, reason:
                    "records no incident direction or impact point; the model is conditioned on them (use --energies-from with --theta, --impact)")
            }
            recordsArrival = recordsArrival || fileRecordsArrival
            conditions = recorded.map { c in
                var c = c
                if c.particle == nil { c.particle = config.particle }
                return c
            }
        }
        var warned = false
        for (i, c) in conditions.enumerated() {
            switch config.domain(of: c) {
            case .inside:
                continue
            case .untrained(let why):
                if case .conditionsFile(let url) = energies { throw CalosimError.badFile(path: url.path, reason: "shower \(i): \(why)") }
                throw CalosimError.badInput(why)
            case .extrapolates(let why):
                if strict { throw CalosimError.badInput(why + " (refused with --strict)") }
                if !warned { warn(why) }
                warned = true
            }
        }
        return (conditions, recordsArrival)
    }

    /// The conditions of a reference file's showers (not their cells), read in the model's
    /// geometry, with positive energies; and whether the file records arrivals.
    private static func reference(_ url: URL, _ config: ModelConfiguration) throws -> (conditions: [ShowerConditions], recordsArrival: Bool) {
        // A file that records no geometry (a CaloChallenge file) is read in the model's.
        let modelGeometry = try config.geometry()
        try ShowerFileProbe.check([url], geometry: modelGeometry)
        let reader = try ShowerFileReader(url: url, expectedGeometry: modelGeometry)
        try config.checkGeometry(reader.geometry, what: url.path)
        let conditions = try reader.readConditions()
        guard !conditions.isEmpty else { throw CalosimError.badFile(path: url.path, reason: "holds no showers") }
        if let bad = conditions.firstIndex(where: { !($0.incidentEnergyMeV.isFinite && $0.incidentEnergyMeV > 0) }) {
            throw CalosimError.badFile(path: url.path, reason: "incident energy of shower \(bad) is \(conditions[bad].incidentEnergyMeV) MeV")
        }
        return (conditions, reader.recordsArrival)
    }

    /// The incident energies of `showerConditions()`, MeV.
    public func incidentEnergies() throws -> [Float] {
        try showerConditions().conditions.map(\.incidentEnergyMeV)
    }

    /// Generates and writes the file in batches (bounded memory); nothing is left under the
    /// output name on failure.
    public func run() throws -> Summary {
        try BLAS.load()
        let start = ProgressReporter.now()
        let (all, recordsArrival) = try showerConditions()
        let part = try shard?.range(of: all.count) ?? 0..<all.count
        let config = generator.configuration
        let species = Set(all[part].map(\.particle))
        let geometry = try config.geometry()
        let metadata = ShowerFileMetadata(
            geometryJSON: geometry.json, producer: config.modelId, seed: seed, commandLine: commandLine,
            extra: ["model_id": config.modelId,
                    "particle_pdg": String((species.count == 1 ? species.first! : nil)?.pdgCode ?? Particle.notRecordedCode),
                    "first_shower": String(part.lowerBound)])
        let writer = try ShowerFileWriter(url: output, geometry: geometry, metadata: metadata, overwrite: overwrite,
                                          compressionLevel: compressionLevel, recordsArrival: recordsArrival)
        let reporter = ProgressReporter(label: "generate", total: part.count, unit: "showers", mode: progress)
        // Batch b is written on a second thread while batch b + 1 is generated (at most two
        // batches in memory); the writes stay in order, one at a time.
        let pending = PendingWrite(writer)
        do {
            let cellCount = geometry.cellCount
            // The whole run's batches; a part generates those that overlap it.
            for batch in Self.batches(count: all.count, size: batchSize) where batch.upperBound > part.lowerBound {
                if batch.lowerBound >= part.upperBound { break }
                let first = batch.lowerBound
                let cells = generator.generate(conditions: Array(all[batch]), seed: seed, firstIndex: first)
                let kept = batch.clamped(to: part)
                let n = kept.count
                var showers = ShowerBatch(cellCount: cellCount, capacity: n, recordsArrival: recordsArrival)
                for i in kept {
                    showers.append(cells: cells[((i - first) * cellCount)..<((i - first + 1) * cellCount)], conditions: all[i])
                }
                try pending.wait()
                pending.start(showers)
                reporter.advance(by: n)
            }
            try pending.wait()
            try writer.finish()
        } catch {
            try? pending.wait()
            writer.abort()
            throw error
        }
        reporter.finish()
        return Summary(showers: part.count, seconds: ProgressReporter.now() - start)
    }
}

/// One batch being appended to the output on a background thread; `wait()` blocks until it is
/// written and rethrows its error.
private final class PendingWrite: @unchecked Sendable {
    private let writer: ShowerFileWriter
    private let queue = DispatchQueue(label: "calosim.generate.write")
    private let group = DispatchGroup()
    private var error: Error?

    init(_ writer: ShowerFileWriter) { self.writer = writer }

    /// Appends `batch` on the background thread (call `wait()` first).
    func start(_ batch: ShowerBatch) {
        queue.async(group: group) {
            do { try self.writer.append(batch) } catch { self.error = error }
        }
    }

    /// Waits for the batch in flight; throws what its write threw.
    func wait() throws {
        group.wait()
        if let error {
            self.error = nil
            throw error
        }
    }
}
