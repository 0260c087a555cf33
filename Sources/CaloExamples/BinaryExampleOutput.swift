import CaloPlot
import CaloSupport
import Foundation

/// The report folder of a binary-classification example: its PNG figures, then `report.json`
/// (the figures of merit and the file list, `ExampleReport.json`), each written atomically.
enum BinaryExampleOutput {
    /// One PNG: file name, caption (stored in the PNG) and the drawing.
    struct Figure {
        var file: String
        var caption: String
        var draw: () -> Canvas
    }

    /// Renders and writes `figures` and `report.json` into `options.outputDirectory` (nothing
    /// when it is nil) and returns `report` with the files listed.
    static func write(_ report: ExampleReport, figures: [Figure], example: String, options: ExampleOptions) throws -> ExampleReport {
        guard let folder = options.outputDirectory else { return report }
        var report = report
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CalosimError.badOutput("cannot create the report folder \(folder.path): \(error.localizedDescription)")
        }
        let source = "calosim examples \(example) --seed \(options.seed)" + (options.quick ? " --quick" : "")
        for f in figures {
            try f.draw().writePNG(to: folder.appendingPathComponent(f.file),
                                  metadata: PlotMetadata(title: f.caption, source: source, seed: options.seed))
            report.files.append(f.file)
        }
        report.files.append("report.json")
        try AtomicFile.write(Data((report.json + "\n").utf8), to: folder.appendingPathComponent("report.json"))
        return report
    }

    /// A histogram as a density: bin centres and (fraction of the values) / (bin width) of
    /// `bins` equal bins over `range`; values outside go to the first or last bin, NaN nowhere.
    static func density(_ values: [Float], range: ClosedRange<Double>, bins: Int) -> (centres: [Double], density: [Double]) {
        precondition(bins >= 1 && range.upperBound > range.lowerBound, "density: \(bins) bins over \(range)")
        let width = (range.upperBound - range.lowerBound) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for v in values where v.isFinite {
            counts[min(bins - 1, max(0, Int((Double(v) - range.lowerBound) / width)))] += 1
        }
        let norm = 1 / (Double(max(values.count, 1)) * width)
        return ((0..<bins).map { range.lowerBound + (Double($0) + 0.5) * width }, counts.map { $0 * norm })
    }
}
