import CaloSupport
import Foundation

/// One data series of a line plot: points with optional errors, drawn as a line, markers,
/// or a filled band (the reference).
public struct Series: Sendable {
    public enum Style: Sendable { case line, markers, lineAndMarkers, band }
    public var label: String
    public var x: [Double]
    public var y: [Double]
    public var yError: [Double]?
    public var color: Color
    public var style: Style
    public var dashed: Bool

    public init(label: String, x: [Double], y: [Double], yError: [Double]? = nil, color: Color, style: Style = .line,
                dashed: Bool = false) {
        require(x.count == y.count && (yError?.count ?? y.count) == y.count,
                     "Series \(label): \(x.count) x, \(y.count) y, \(yError?.count ?? -1) errors")
        self.label = label
        self.x = x
        self.y = y
        self.yError = yError
        self.color = color
        self.style = style
        self.dashed = dashed
    }

    /// A reference series: a light band of +- error around a darker line.
    public static func reference(_ label: String, x: [Double], y: [Double], yError: [Double]?) -> Series {
        Series(label: label, x: x, y: y, yError: yError, color: Color.referenceLine, style: .band)
    }

    /// A generated series: red markers with error bars joined by a line.
    public static func generated(_ label: String, x: [Double], y: [Double], yError: [Double]?) -> Series {
        Series(label: label, x: x, y: y, yError: yError, color: Color.generated, style: .lineAndMarkers)
    }
}

/// One panel of a line plot.
public struct LinePanelData: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX: Bool
    public var logY: Bool
    public var series: [Series]
    /// Draw series[1] / series[0] (same x) in a ratio panel over this range.
    public var ratioRange: ClosedRange<Double>?
    public var annotations: [String]
    /// Fixed axis ranges (nil: from the data).
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    /// Extra straight lines (x0, y0, x1, y1) drawn dashed grey, e.g. the diagonal of a ROC plot.
    public var guides: [(Double, Double, Double, Double)]

    public init(title: String = "", xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false,
                series: [Series], ratioRange: ClosedRange<Double>? = nil, annotations: [String] = [],
                xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                guides: [(Double, Double, Double, Double)] = []) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logX = logX
        self.logY = logY
        self.series = series
        self.ratioRange = ratioRange
        self.annotations = annotations
        self.xRange = xRange
        self.yRange = yRange
        self.guides = guides
    }
}

/// Series against x, one panel per entry side by side, each with an optional ratio panel.
public enum LinePlot {
    /// Renders the panels in a grid of at most `columns` per row.
    public static func render(title: String, panels: [LinePanelData], panelWidth: Int = 620,
                              panelHeight: Int = 620, columns: Int = 3) -> Canvas {
        let (canvas, cells) = Layout.grid(title: title, count: panels.count, panelWidth: panelWidth,
                                          panelHeight: panelHeight, columns: columns)
        for (data, cell) in zip(panels, cells) {
            draw(canvas, data, x: cell.x, y: cell.y, width: cell.width,
                 mainHeight: data.ratioRange == nil ? cell.plotHeight : cell.plotHeight * 0.72,
                 ratioHeight: cell.plotHeight * 0.28 - 6)
        }
        return canvas
    }

    static func range(_ values: [Double], log: Bool) -> (Double, Double) {
        let v = values.filter { $0.isFinite && (!log || $0 > 0) }
        return (v.min() ?? (log ? 1 : 0), v.max() ?? (log ? 10 : 1))
    }

    static func draw(_ canvas: Canvas, _ data: LinePanelData, x: Double, y: Double, width: Double,
                     mainHeight: Double, ratioHeight: Double) {
        let allX = data.series.flatMap(\.x)
        let allY = data.series.flatMap { s in
            s.y.enumerated().flatMap { i, v in [v + (s.yError?[i] ?? 0), v - (s.yError?[i] ?? 0), v] }
        }
        var (xlo, xhi) = range(allX, log: data.logX)
        if let r = data.xRange { (xlo, xhi) = (r.lowerBound, r.upperBound) } else if !data.logX {
            let pad = (xhi - xlo) * 0.04
            (xlo, xhi) = (xlo - pad, xhi + pad)
        } else {
            (xlo, xhi) = (xlo / 1.15, xhi * 1.15)
        }
        var (ylo, yhi) = range(allY, log: data.logY)
        let headroom = Layout.headroom(lines: data.series.count + data.annotations.count, panelHeight: mainHeight)
        if let r = data.yRange {
            (ylo, yhi) = (r.lowerBound, r.upperBound)
        } else if data.logY {
            ylo = max(ylo, yhi * 1e-8) / 1.5
            let decades = log10(yhi / ylo)
            yhi *= pow(10, decades * headroom / (1 - headroom))
        } else {
            let span = max(yhi - ylo, abs(yhi) * 0.02, 1e-12)
            ylo = ylo >= 0 && ylo < span * 0.5 ? 0 : ylo - 0.08 * span
            yhi = ylo + (yhi - ylo) / (1 - headroom) * 1.04
        }
        let xAxis = Axis(lo: xlo, hi: xhi, isLogarithmic: data.logX, label: data.xLabel)
        let main = Panel(x: x, y: y, width: width, height: mainHeight, xAxis: xAxis,
                         yAxis: Axis(lo: ylo, hi: yhi, isLogarithmic: data.logY, label: data.yLabel),
                         fontSize: Layout.tickFont)
        main.clip(canvas)
        for g in data.guides {
            canvas.setDash([6, 4])
            canvas.line(main.px(g.0), main.py(g.1), main.px(g.2), main.py(g.3), color: .grey, width: 1)
            canvas.setDash([])
        }
        for s in data.series { drawSeries(canvas, s, main) }
        canvas.restore()
        let hasRatio = data.ratioRange != nil && data.series.count >= 2
        main.drawFrame(canvas, showXLabels: !hasRatio, grid: false)
        if !data.title.isEmpty { canvas.text(data.title, x: x, y: y - 10, size: Layout.panelTitleFont, bold: true) }
        Legend(data.series.map { s -> (Legend.Swatch, String) in
            switch s.style {
            case .band: return (.filled(s.color.with(alpha: 0.3), outline: s.color), s.label)
            case .markers, .lineAndMarkers: return (.marker(s.color), s.label)
            case .line: return (.line(s.color, dashed: s.dashed), s.label)
            }
        }).draw(canvas, right: x + width - 12, top: y + 10, fontSize: Layout.annotationFont)
        Layout.drawAnnotations(canvas, data.annotations, panel: main)
        if hasRatio, let r = data.ratioRange {
            let ref = data.series[0], gen = data.series[1]
            let ratio = Panel(x: x, y: y + mainHeight + 6, width: width, height: ratioHeight, xAxis: xAxis,
                              yAxis: RatioPanel.axis(range: r), fontSize: Layout.tickFont)
            let n = min(ref.y.count, gen.y.count)
            RatioPanel.drawPoints(canvas, panel: ratio, x: Array(gen.x.prefix(n)),
                                  ratio: (0..<n).map { ref.y[$0] != 0 ? gen.y[$0] / ref.y[$0] : .nan },
                                  error: (0..<n).map { ref.y[$0] != 0 ? (gen.yError?[$0] ?? 0) / abs(ref.y[$0]) : .nan },
                                  band: (0..<n).map { ref.y[$0] != 0 ? (ref.yError?[$0] ?? 0) / abs(ref.y[$0]) : .nan })
        }
    }

    static func drawSeries(_ canvas: Canvas, _ s: Series, _ p: Panel) {
        let pts = (0..<s.x.count).map { (p.px(s.x[$0]), p.py(s.y[$0])) }
        switch s.style {
        case .band where s.x.count == 1:
            // One point: a box of +- error around a short line, as wide as a marker row.
            let (cx, cy) = pts[0]
            let e = s.yError?[0] ?? 0
            let top = p.py(s.y[0] + e), bottom = p.py(max(s.y[0] - e, p.yAxis.isLogarithmic ? p.yAxis.lo : -.infinity))
            canvas.fillRect(x: cx - 14, y: top, width: 28, height: max(bottom - top, 1), color: s.color.with(alpha: 0.3))
            canvas.line(cx - 14, cy, cx + 14, cy, color: s.color, width: 2)
        case .band:
            if let e = s.yError, s.x.count > 1 {
                let upper = (0..<s.x.count).map { (p.px(s.x[$0]), p.py(s.y[$0] + e[$0])) }
                let lower = (0..<s.x.count).map { i -> (Double, Double) in
                    let v = s.y[i] - e[i]
                    return (p.px(s.x[i]), v > 0 || !p.yAxis.isLogarithmic ? p.py(v) : p.py(p.yAxis.lo))
                }
                canvas.fillPolygon((upper + lower.reversed()).filter { $0.0.isFinite && $0.1.isFinite },
                                   color: s.color.with(alpha: 0.3))
            }
            canvas.polyline(pts, color: s.color, width: 2)
        case .line, .lineAndMarkers, .markers:
            if s.style != .markers {
                if s.dashed { canvas.setDash([6, 4]) }
                canvas.polyline(pts, color: s.color, width: s.style == .line ? 2 : 1.2)
                if s.dashed { canvas.setDash([]) }
            }
            if s.style != .line {
                for i in 0..<s.x.count where pts[i].0.isFinite && pts[i].1.isFinite {
                    if let e = s.yError?[i], e > 0 {
                        let lo = s.y[i] - e
                        let yLo = lo > 0 || !p.yAxis.isLogarithmic ? p.py(lo) : p.y + p.height
                        canvas.line(pts[i].0, yLo, pts[i].0, p.py(s.y[i] + e), color: s.color, width: 1.5)
                    }
                    canvas.fillCircle(x: pts[i].0, y: pts[i].1, radius: 4, color: s.color)
                }
            }
        }
    }
}
