import CaloPlot
import Foundation
import XCTest

/// Plots are valid PNGs of the stated size with the provenance text chunks.
/// Set CALOSIM_PLOT_DIR to keep the images for a look.
final class PlotTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        if let keep = ProcessInfo.processInfo.environment["CALOSIM_PLOT_DIR"] {
            folder = URL(fileURLWithPath: keep)
        } else {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("calosim-plot-tests-\(getpid())")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if ProcessInfo.processInfo.environment["CALOSIM_PLOT_DIR"] == nil {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    let metadata = PlotMetadata(title: "test plot", source: "reference: a.h5; generated: b.h5", modelID: "calogan-eminus",
                                seed: 42)

    func check(_ canvas: Canvas, name: String, width: Int, height: Int, line: UInt = #line) throws {
        let url = folder.appendingPathComponent(name)
        try canvas.writePNG(to: url, metadata: metadata)
        let png = try PNGInspector(data: try Data(contentsOf: url))
        XCTAssertEqual(png.width, width, "width of \(name)", line: line)
        XCTAssertEqual(png.height, height, "height of \(name)", line: line)
        XCTAssertEqual(png.text["Title"], "test plot", line: line)
        XCTAssert(png.text["Software"]?.hasPrefix("calosim ") == true, "Software chunk: \(png.text)", line: line)
        XCTAssertEqual(png.text["Source"], "reference: a.h5; generated: b.h5", line: line)
        XCTAssertEqual(png.text["Model"], "calogan-eminus", line: line)
        XCTAssertEqual(png.text["Seed"], "42", line: line)
    }

    func gaussianHistogram(mean: Double, sigma: Double, n: Double, edges: [Double]) -> HistogramData {
        let values = (0..<edges.count - 1).map { i -> Double in
            let c = 0.5 * (edges[i] + edges[i + 1])
            return exp(-0.5 * pow((c - mean) / sigma, 2)) * (edges[i + 1] - edges[i]) / (sigma * (2 * .pi).squareRoot())
        }
        return HistogramData(edges: edges, values: values, errors: values.map { ($0 / n).squareRoot() })
    }

    func testHistogramFigure() throws {
        let edges = (0...40).map { -4 + Double($0) * 0.2 }
        let panels = (0..<3).map { l in
            HistogramPanelData(title: "Layer \(l)", xLabel: "centroid x, layer \(l) [mm]",
                               reference: gaussianHistogram(mean: 0, sigma: 1, n: 10_000, edges: edges),
                               generated: gaussianHistogram(mean: 0.1 * Double(l), sigma: 1.05, n: 10_000, edges: edges),
                               annotations: ["S = 0.0012 (floor 0.0010)", "χ²/NDF = 1.07"])
        }
        try check(HistogramPlot.render(title: "Centroid in x", panels: panels), name: "histogram.png", width: 1860, height: 620)
        let logEdges = (0...30).map { pow(10, -2 + Double($0) * 0.15) }
        let spectrum = HistogramPanelData(title: "", xLabel: "cell energy [MeV]", yLabel: "fraction of cells per bin", logX: true,
                                          reference: gaussianHistogram(mean: 0, sigma: 200, n: 1e5, edges: logEdges),
                                          generated: gaussianHistogram(mean: 0, sigma: 150, n: 1e5, edges: logEdges))
        try check(HistogramPlot.render(title: "Cell spectrum", panels: [spectrum]), name: "spectrum.png", width: 620, height: 620)
    }

    func testHeatmapLineAndBarFigures() throws {
        let values = (0..<144).map { i -> Double in
            let r = Double(i / 12) - 5.5, c = Double(i % 12) - 5.5
            return 1000 * exp(-0.5 * (r * r + c * c) / 4)
        }
        let ref = HeatmapData(rows: 12, cols: 12, values: values, widthMM: 480, heightMM: 480)
        let gen = HeatmapData(rows: 12, cols: 12, values: values.map { $0 * 1.1 }, widthMM: 480, heightMM: 480)
        try check(Heatmap.renderComparison(title: "Layer 1: mean image", reference: ref, generated: gen, unit: "MeV"),
                  name: "heatmap.png", width: 1560, height: 472)
        let x = [1.0, 2, 5, 10, 20, 50, 100]
        let panel = LinePanelData(title: "Response", xLabel: "E_inc [GeV]", yLabel: "<E_tot / E_inc>", logX: true,
                                  series: [.reference("reference", x: x, y: x.map { 0.9 + 0.001 * $0 }, yError: x.map { _ in 0.002 }),
                                           .generated("generated", x: x, y: x.map { 0.905 + 0.001 * $0 }, yError: x.map { _ in 0.002 })],
                                  ratioRange: 0.97...1.03)
        try check(LinePlot.render(title: "Response", panels: [panel, panel]), name: "line.png", width: 1240, height: 620)
        let bars = [BarChart.Bar(label: "reference\nsimulator", value: 1772, color: Color.referenceFill, valueLabel: "1772 ms"),
                    BarChart.Bar(label: "generator\nbatch 1", value: 13.1, color: Color.generated, valueLabel: "13.1 ms (x135)"),
                    BarChart.Bar(label: "generator\nbatch 1024", value: 2.03, color: Color.generated, valueLabel: "2.03 ms (x873)")]
        try check(BarChart.render(title: "Time per shower", bars: bars, yLabel: "time per shower [ms]"),
                  name: "bars.png", width: 900, height: 620)
    }

    func testPixelsAreUnpremultipliedRGBA() {
        let canvas = Canvas(width: 4, height: 2)
        canvas.fillRect(x: 0, y: 0, width: 2, height: 2, color: Color(red: 1, green: 0, blue: 0))
        canvas.fillRect(x: 2, y: 0, width: 2, height: 2, color: Color(red: 0, green: 0, blue: 1, alpha: 0.5))
        let px = canvas.rgbaPixels()
        XCTAssertEqual(Array(px[0..<4]), [255, 0, 0, 255])
        // Half-transparent blue over white is opaque light blue.
        XCTAssertEqual(Array(px[8..<12]), [127, 127, 255, 255], "pixel 2: \(Array(px[8..<12]))")
    }

    func testAxisTicksAreNice() {
        let a = Axis(lo: 0, hi: 1, label: "x")
        XCTAssertEqual(a.majorTicks().map(\.value), [0, 0.2, 0.4, 0.6, 0.8, 1.0].map { $0 }, accuracy: 1e-12)
        let l = Axis(lo: 1e-3, hi: 10, isLogarithmic: true, label: "y")
        XCTAssertEqual(l.majorTicks().map(\.label), [.powerOfTen(-3), .powerOfTen(-2), .plain("0.1"), .plain("1"), .plain("10")])
    }
}

func XCTAssertEqual(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, "counts \(a) vs \(b)", file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, "\(a) vs \(b)", file: file, line: line) }
}
