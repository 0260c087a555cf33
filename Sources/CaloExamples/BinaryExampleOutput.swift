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
}
