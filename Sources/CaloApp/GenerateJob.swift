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
    }

    public var generator: any ShowerGenerating
    public var energies: Energies
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

    /// Reads the incident energies (from the spectrum or the reference file), checking the range.
    public func incidentEnergies() throws -> [Float] {
        let values: [Float]
        switch energies {
        case .spectrum(let spectrum, let count):
            guard count > 0 else { throw CalosimError.badInput("--n must be > 0 (got \(count))") }
            values = (0..<count).map { Float(spectrum.energyMeV(seed: seed, index: UInt64($0))) }
        case .file(let url):
            try ShowerFileProbe.check([url])
            let reader = try ShowerFileReader(url: url)
            try generator.configuration.checkGeometry(reader.geometry, what: url.path)
            values = try reader.read(0..<reader.count).incidentEnergiesMeV
            guard !values.isEmpty else { throw CalosimError.badFile(path: url.path, reason: "holds no showers") }
            if let bad = values.firstIndex(where: { !($0.isFinite && $0 > 0) }) {
                throw CalosimError.badFile(path: url.path, reason: "incident energy of shower \(bad) is \(values[bad]) MeV")
            }
        }
        let condition = generator.configuration.condition
        if let outside = values.first(where: { !condition.contains($0) }) {
            let message = "energy \(outside / 1000) GeV is outside the model's trained range "
                + "\(condition.minimumMeV / 1000)-\(condition.maximumMeV / 1000) GeV; the generator extrapolates"
            if strict { throw CalosimError.badInput(message + " (refused with --strict)") }
            warn(message)
        }
        return values
    }

    /// Generates and writes the file in batches (bounded memory); nothing is left under the
    /// output name on failure.
    public func run() throws -> Summary {
        try BLAS.load()
        let start = ProgressReporter.now()
        let all = try incidentEnergies()
        let part = try shard?.range(of: all.count) ?? 0..<all.count
        let config = generator.configuration
        let geometry = try config.geometry()
        let metadata = ShowerFileMetadata(
            geometryJSON: geometry.json, producer: config.modelId, seed: seed, commandLine: commandLine,
            extra: ["model_id": config.modelId, "particle_pdg": String(config.particle?.pdgCode ?? Particle.notRecordedCode),
                    "first_shower": String(part.lowerBound)])
        let writer = try ShowerFileWriter(url: output, geometry: geometry, metadata: metadata, overwrite: overwrite,
                                          compressionLevel: compressionLevel)
        let reporter = ProgressReporter(label: "generate", total: part.count, unit: "showers", mode: progress)
        // Batch b is written on a second thread while batch b + 1 is generated (at most two
        // batches in memory); the writes stay in order, one at a time.
        let pending = PendingWrite(writer)
        do {
            let cellCount = geometry.cellCount
            var first = part.lowerBound / batchSize * batchSize
            while first < part.upperBound {
                let batch = first..<min(first + batchSize, all.count)
                let cells = generator.generate(incidentMeV: Array(all[batch]), seed: seed, firstIndex: first)
                let kept = batch.clamped(to: part)
                let n = kept.count
                try pending.wait()
                pending.start(ShowerBatch(incidentEnergiesMeV: Array(all[kept]),
                                          cellEnergiesMeV: Array(cells[((kept.lowerBound - first) * cellCount)..<((kept.upperBound - first) * cellCount)]),
                                          particles: Array(repeating: config.particle, count: n), cellCount: cellCount))
                first = batch.upperBound
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
