import CaloBLAS
import CaloData
import CaloDetector
import CaloGAN
import CaloSupport
import Foundation

/// `calosim calibrate`: fits a model's response calibration (`ResponseCalibration`) against
/// reference showers (the training data) and writes it into the model's `model.json`.
///
/// The generated side: `copies` showers per reference energy from the uncalibrated weights,
/// seeded by `seed`. The model id gains "-rc"; the weights are untouched, and nothing changes
/// unless the whole fit succeeds (`model.json` is replaced atomically).
public struct CalibrateJob {
    public var model: URL
    public var data: URL
    public var rows = 16
    public var levels = 201
    public var copies = 3
    public var seed: UInt64 = 1
    public var progress: ProgressReporter.Mode = .automatic

    /// The fewest reference showers per row of the table.
    public static let minimumShowersPerRow = 20

    public struct Summary: Sendable {
        public var modelId: String
        public var referenceShowers: Int
        public var generatedShowers: Int
        public var rows: Int
        public var seconds: Double
    }

    public init(model: URL, data: URL) {
        self.model = model
        self.data = data
    }

    /// Checks the numbers a user gives before any file is read.
    public func checkOptions() throws {
        guard rows >= 1 else { throw CalosimError.badInput("--rows must be >= 1 (got \(rows))") }
        guard levels >= 3 else { throw CalosimError.badInput("--levels must be >= 3 (got \(levels))") }
        guard copies >= 1 else { throw CalosimError.badInput("--copies must be >= 1 (got \(copies))") }
    }

    public func run() throws -> Summary {
        try checkOptions()
        try BLAS.load()
        let start = ProgressReporter.now()
        let generator = try TrainedGenerator(folder: model, calibrated: false)
        var configuration = generator.configuration
        // A file that records no geometry (a CaloChallenge file) is read in the model's.
        let modelGeometry = try configuration.geometry()
        try ShowerFileProbe.check([data], geometry: modelGeometry)
        let reader = try ShowerFileReader(url: data, expectedGeometry: modelGeometry)
        try configuration.checkGeometry(reader.geometry, what: data.lastPathComponent)
        let batch = try reader.readAll()
        try TrainingData.checkValues(batch, path: data.path, use: "calibrate")
        if let other = batch.particles.first(where: { $0 != configuration.particle }) {
            func describe(_ p: Particle?) -> String { p.map { "\($0.name) (PDG \($0.pdgCode))" } ?? "showers of unrecorded species" }
            throw CalosimError.mismatch("model was trained on \(describe(configuration.particle)), \(data.lastPathComponent) holds \(describe(other))")
        }
        guard batch.count >= rows * Self.minimumShowersPerRow else {
            throw CalosimError.badFile(path: data.path, reason:
                "holds \(batch.count) showers; \(rows) rows need at least \(rows * Self.minimumShowersPerRow)")
        }
        let reference = ResponseCalibration.Sample(incidentMeV: batch.incidentEnergiesMeV, cells: batch.cellEnergiesMeV,
                                                   cellCount: batch.cellCount)

        let energies = batch.incidentEnergiesMeV, n = energies.count, chunk = 8192
        var generated = ResponseCalibration.Sample(incidentMeV: [], escape: [])
        let reporter = ProgressReporter(label: "calibrate", total: n * copies, unit: "showers", mode: progress)
        for copy in 0..<copies {
            var first = 0
            while first < n {
                let slice = Array(energies[first..<min(n, first + chunk)])
                let cells = generator.generate(incidentMeV: slice, seed: seed, firstIndex: copy * n + first)
                let part = ResponseCalibration.Sample(incidentMeV: slice, cells: cells, cellCount: configuration.cellCount)
                generated.incidentMeV += part.incidentMeV
                generated.escape += part.escape
                first += slice.count
                reporter.advance(by: slice.count)
            }
        }
        reporter.finish()

        let base = configuration.responseCalibration?.provenance.baseModelId ?? configuration.modelId
        let provenance = ResponseCalibration.Provenance(
            baseModelId: base, weightsFingerprint: try TrainedGenerator.weightsFingerprint(folder: model),
            referenceData: data.relativePath, referenceShowers: n, generatedPerShower: copies, seed: seed)
        let calibration = ResponseCalibration(reference: reference, generated: generated, rows: rows, levels: levels,
                                              provenance: provenance)
        configuration.responseCalibration = calibration
        configuration.modelId = base + "-rc"
        try configuration.save(folder: model)
        return Summary(modelId: configuration.modelId, referenceShowers: n, generatedShowers: generated.count,
                       rows: calibration.lnEnergyNodes.count, seconds: ProgressReporter.now() - start)
    }
}
