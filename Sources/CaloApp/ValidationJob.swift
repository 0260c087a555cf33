import CaloBLAS
import CaloData
import CaloDetector
import CaloPlot
import CaloSupport
import CaloValidation
import Foundation

/// `calosim validate`: compares generated showers with reference showers and writes PNG plots,
/// `report.md` and `metrics.json` into a folder.
///
/// Two entry points: `run()` reads two HDF5 files chunk by chunk (memory bounded whatever their
/// size, `ValidationOptions.showerMemoryBytes`); `run(input:)` takes samples already made (what
/// `--model` uses: generate one shower per reference energy, time it, then call this).
public struct ValidationJob {
    public var referenceURL: URL?
    public var generatedURL: URL?
    /// Output folder (created if missing); existing report files in it are replaced.
    public var outputFolder: URL
    /// Geometry name or path; nil takes it from the files.
    public var geometryName: String?
    public var options = ValidationOptions()
    public var timings: TimingTable?
    public var trainingLogURL: URL?
    public var modelID: String?
    /// Seed of the generated sample (from its file when read from one).
    public var seed: UInt64?
    /// Showers of a file read at once.
    public var chunkShowers = ShowerFileSample.defaultChunkShowers
    /// Stage messages (stderr unless quiet).
    public var log: @Sendable (String) -> Void = { _ in }

    public init(referenceURL: URL?, generatedURL: URL?, outputFolder: URL) {
        self.referenceURL = referenceURL
        self.generatedURL = generatedURL
        self.outputFolder = outputFolder
    }

    /// What was written.
    public struct Output: Sendable {
        public var report: ValidationReport
        public var files: [URL]
        public var seconds: Double
    }

    /// Opens both files and checks that they belong together: same geometry, energies present.
    /// The cells are read later, `chunkShowers` showers at a time (`ShowerFileSample`).
    public func loadInput() throws -> ValidationInput {
        guard let referenceURL, let generatedURL else {
            throw CalosimError.badInput("validate needs --reference and --generated files")
        }
        let expected = try geometryName.map { try Geometry.resolve($0) }
        try ShowerFileProbe.check([referenceURL], geometry: geometryName)
        let reference = try ShowerFileReader(url: referenceURL, expectedGeometry: expected)
        try ShowerFileProbe.check([generatedURL], geometry: expected ?? reference.geometry)
        let generated = try ShowerFileReader(url: generatedURL, expectedGeometry: expected ?? reference.geometry)
        guard reference.geometry.sameReadout(as: generated.geometry) else {
            throw ValidationInputError.geometryMismatch(
                reference: "'\(reference.geometry.name)' (\(reference.cellCount) cells, \(referenceURL.path))",
                generated: "'\(generated.geometry.name)' (\(generated.cellCount) cells, \(generatedURL.path))")
        }
        log("reading \(reference.count) reference and \(generated.count) generated showers, \(chunkShowers) at a time")
        let log = try trainingLogURL.map { try TrainingCurves.load(file: $0) }
        let model = modelID ?? generated.metadata.extra["model_id"]
        let provenance = Provenance(reference: referenceURL.relativePath, generated: generatedURL.relativePath, modelID: model,
                                    seed: seed ?? generated.metadata.seed,
                                    referenceLabel: "reference", generatedLabel: model == nil ? "generated" : "GAN")
        return ValidationInput(geometry: reference.geometry,
                               reference: try ShowerFileSample(reader: reference, chunkShowers: chunkShowers),
                               generated: try ShowerFileSample(reader: generated, chunkShowers: chunkShowers),
                               provenance: provenance, timings: timings, trainingLog: log)
    }

    /// Reads the files, validates, and writes the report.
    public func run() throws -> Output {
        try run(input: try loadInput())
    }

    /// Validates samples in memory and writes plots, report.md and metrics.json.
    public func run(input: ValidationInput) throws -> Output {
        let start = Date()
        let options = self.options
        if options.classifier != nil { try BLAS.load() }
        let report = try Validator.run(input, options: options, log: log)
        let figures = ValidationFigures.all(report)
        let drawStart = Date()
        try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        let source = "reference: \(input.provenance.reference); generated: \(input.provenance.generated)"
        let folder = outputFolder
        let failures = IndexedSlots<String?>(count: figures.count)
        Threads.parallelFor(figures.count, threads: options.threads) { i in
            let f = figures[i]
            let metadata = PlotMetadata(title: f.caption, source: source, modelID: input.provenance.modelID,
                                        seed: input.provenance.seed, extra: [("Geometry", input.geometry.name)])
            do {
                try f.render().writePNG(to: folder.appendingPathComponent(f.file), metadata: metadata)
                failures.set(i, nil)
            } catch {
                failures.set(i, "\(f.file): \(error)")
            }
        }
        if let first = failures.values.lazy.compactMap({ $0 }).first { throw CalosimError.badOutput("cannot write a plot: \(first)") }
        log("plots: \(figures.count) PNG files in \(String(format: "%.1f", Date().timeIntervalSince(drawStart))) s")
        let markdown = ReportWriter.markdown(report, figures: figures.map(\.reportFigure))
        let reportURL = outputFolder.appendingPathComponent("report.md")
        let metricsURL = outputFolder.appendingPathComponent("metrics.json")
        try AtomicFile.write(Data(markdown.utf8), to: reportURL)
        try AtomicFile.write(try ReportWriter.json(report), to: metricsURL)
        let files = figures.map { outputFolder.appendingPathComponent($0.file) } + [reportURL, metricsURL]
        return Output(report: report, files: files, seconds: Date().timeIntervalSince(start))
    }
}
