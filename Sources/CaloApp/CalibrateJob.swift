import CaloBLAS
import CaloData
import CaloDetector
import CaloGAN
import CaloSupport
import Foundation

/// `calosim calibrate`: fits a model's response calibration (`ResponseCalibration`) against
/// reference showers (the training data) and writes it into the model's `model.json`.
///
/// The generated side: `copies` showers per reference shower, at its conditions (species,
/// energy, direction, impact point), from the uncalibrated weights, seeded by `seed`. A model of
/// several species gets one calibration per species (`SpeciesCalibration`), each fitted on that
/// species' showers alone. The model id gains "-rc"; the weights are untouched, and nothing
/// changes unless the whole fit succeeds (`model.json` is replaced atomically).
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
        // The reference side, chunk by chunk: each shower's conditions and escaping fraction
        // (the cells are not kept, so a file larger than memory calibrates).
        var recorded = [ShowerConditions](), incident = [Double](), escape = [Double]()
        for range in reader.batches(size: TrainingData.readChunkShowers) {
            let chunk = try reader.read(range)
            try TrainingData.checkValues(chunk, path: data.path, use: "calibrate", firstIndex: range.lowerBound)
            let sample = ResponseCalibration.Sample(incidentMeV: chunk.incidentEnergiesMeV, cells: chunk.cellEnergiesMeV,
                                                    cellCount: chunk.cellCount)
            incident += sample.incidentMeV
            escape += sample.escape
            recorded += chunk.conditions
        }
        let species = configuration.condition.particles
        if species == nil, let other = recorded.lazy.map(\.particle).first(where: { $0 != configuration.particle }) {
            func describe(_ p: Particle?) -> String { p.map { "\($0.name) (PDG \($0.pdgCode))" } ?? "showers of unrecorded species" }
            throw CalosimError.mismatch("model was trained on \(describe(configuration.particle)), \(data.lastPathComponent) holds \(describe(other))")
        }
        let conditions = recorded.map { c -> ShowerConditions in
            var c = c
            if species == nil { c.particle = configuration.particle }
            return c
        }
        if let bad = conditions.firstIndex(where: { if case .untrained = configuration.domain(of: $0) { true } else { false } }),
           case .untrained(let why) = configuration.domain(of: conditions[bad]) {
            throw CalosimError.mismatch("\(data.lastPathComponent), shower \(bad): \(why)")
        }
        // The showers of each calibration: all of them, or each species' own.
        let groups: [(particle: Particle?, rows: [Int])] = species.map { list in
            list.map { p in (p, conditions.indices.filter { conditions[$0].particle == p }) }
        } ?? [(nil, Array(conditions.indices))]
        for group in groups where group.rows.count < rows * Self.minimumShowersPerRow {
            throw CalosimError.badFile(path: data.path, reason:
                "holds \(group.rows.count) \(group.particle.map { $0.name + " " } ?? "")showers; \(rows) rows need at least \(rows * Self.minimumShowersPerRow)")
        }

        let n = conditions.count, chunk = 8192
        // Escaping fraction of generated shower copy * n + i (the cells are not kept).
        var generatedEscape = [Double]()
        generatedEscape.reserveCapacity(n * copies)
        let reporter = ProgressReporter(label: "calibrate", total: n * copies, unit: "showers", mode: progress)
        for copy in 0..<copies {
            var first = 0
            while first < n {
                let slice = Array(conditions[first..<min(n, first + chunk)])
                let cells = generator.generate(conditions: slice, seed: seed, firstIndex: copy * n + first)
                generatedEscape += ResponseCalibration.Sample(incidentMeV: slice.map(\.incidentEnergyMeV), cells: cells,
                                                              cellCount: configuration.cellCount).escape
                first += slice.count
                reporter.advance(by: slice.count)
            }
        }
        reporter.finish()

        let base = configuration.responseCalibration?.provenance.baseModelId
            ?? configuration.speciesCalibrations?.first?.calibration.provenance.baseModelId ?? configuration.modelId
        let fingerprint = try TrainedGenerator.weightsFingerprint(folder: model)
        let allReference = ResponseCalibration.Sample(incidentMeV: incident, escape: escape)
        var fitted: [(particle: Particle?, calibration: ResponseCalibration)] = []
        for group in groups {
            let reference = group.rows.count == n ? allReference
                : ResponseCalibration.Sample(incidentMeV: group.rows.map { allReference.incidentMeV[$0] },
                                             escape: group.rows.map { allReference.escape[$0] })
            let generatedRows = (0..<copies).flatMap { copy in group.rows.map { copy * n + $0 } }
            let generated = ResponseCalibration.Sample(incidentMeV: generatedRows.map { Double(conditions[$0 % n].incidentEnergyMeV) },
                                                       escape: generatedRows.map { generatedEscape[$0] })
            let provenance = ResponseCalibration.Provenance(
                baseModelId: base, weightsFingerprint: fingerprint, referenceData: data.relativePath,
                referenceShowers: group.rows.count, generatedPerShower: copies, seed: seed)
            fitted.append((group.particle, ResponseCalibration(reference: reference, generated: generated, rows: rows,
                                                               levels: levels, provenance: provenance)))
        }
        if species != nil {
            configuration.speciesCalibrations = fitted.map { SpeciesCalibration(particle: $0.particle!, calibration: $0.calibration) }
        } else {
            configuration.responseCalibration = fitted[0].calibration
        }
        configuration.modelId = base + "-rc"
        try configuration.save(folder: model)
        let generatedCount = n * copies
        return Summary(modelId: configuration.modelId, referenceShowers: n, generatedShowers: generatedCount,
                       rows: fitted.map(\.calibration.lnEnergyNodes.count).max()!, seconds: ProgressReporter.now() - start)
    }
}
