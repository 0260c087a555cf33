import CaloSupport
import Foundation

/// A grid of cell values to draw as an image: row 0 at the bottom (smallest y), column 0 at the left.
public struct HeatmapData: Sendable {
    public var rows: Int
    public var cols: Int
    /// Row-major values.
    public var values: [Double]
    /// Physical extent of the grid, mm (cells are drawn with their true aspect).
    public var widthMM: Double
    public var heightMM: Double
    /// The axes' ranges and labels when they are not x and y in mm centred on the axis (a
    /// polar layer's (r, alpha) image); the panel keeps the widthMM : heightMM aspect.
    public var axes: (x: ClosedRange<Double>, xLabel: String, y: ClosedRange<Double>, yLabel: String)?

    public init(rows: Int, cols: Int, values: [Double], widthMM: Double, heightMM: Double) {
        require(values.count == rows * cols, "HeatmapData: \(values.count) values for \(rows) x \(cols)")
        self.rows = rows
        self.cols = cols
        self.values = values
        self.widthMM = widthMM
        self.heightMM = heightMM
    }
}

/// Mean shower images: reference, generated (one logarithmic colour scale shared by both) and
/// their ratio (diverging scale 0.5-1.5), each with a colour bar.
public enum Heatmap {
    /// Cells below this fraction of the hottest one are drawn in the lowest colour.
    public static let dynamicRange = 1e-4

    public static func renderComparison(title: String, reference: HeatmapData, generated: HeatmapData,
                                        unit: String, referenceLabel: String = "reference",
                                        generatedLabel: String = "generated", panelSize: Int = 520) -> Canvas {
        require(reference.rows == generated.rows && reference.cols == generated.cols, "Heatmap: grids differ")
        let size = Double(panelSize) - 78 - 120
        let canvas = Canvas(width: panelSize * 3, height: Int(Layout.top + size + Layout.bottom))
        Layout.drawTitle(canvas, title)
        let peak = max(reference.values.max() ?? 1, generated.values.max() ?? 1, 1e-30)
        let scale = Axis(lo: peak * dynamicRange, hi: peak, isLogarithmic: true, label: "mean energy per cell [\(unit)]")
        let ratio = (0..<reference.values.count).map { i -> Double in
            reference.values[i] > 0 ? generated.values[i] / reference.values[i] : .nan
        }
        let ratioScale = Axis(lo: 0.5, hi: 1.5, label: "\(generatedLabel) / \(referenceLabel)")
        let maps: [(String, [Double], Axis, ColorMap)] = [
            (referenceLabel, reference.values, scale, .viridis),
            (generatedLabel, generated.values, scale, .viridis),
            ("ratio", ratio, ratioScale, .diverging),
        ]
        for (i, (name, values, axis, map)) in maps.enumerated() {
            var grid = HeatmapData(rows: reference.rows, cols: reference.cols, values: values,
                                   widthMM: reference.widthMM, heightMM: reference.heightMM)
            grid.axes = reference.axes
            draw(canvas, grid, x: Double(i * panelSize) + 78, y: Layout.top, size: size,
                 scale: axis, map: map, title: name)
        }
        return canvas
    }

    static func draw(_ canvas: Canvas, _ grid: HeatmapData, x: Double, y: Double, size: Double, scale: Axis,
                     map: ColorMap, title: String) {
        let aspect = grid.heightMM / grid.widthMM
        let w = aspect <= 1 ? size : size / aspect, h = aspect <= 1 ? size * aspect : size
        let panel = Panel(x: x, y: y, width: w, height: h,
                          xAxis: grid.axes.map { Axis(lo: $0.x.lowerBound, hi: $0.x.upperBound, label: $0.xLabel) }
                              ?? Axis(lo: -grid.widthMM / 2, hi: grid.widthMM / 2, label: "x [mm]"),
                          yAxis: grid.axes.map { Axis(lo: $0.y.lowerBound, hi: $0.y.upperBound, label: $0.yLabel) }
                              ?? Axis(lo: -grid.heightMM / 2, hi: grid.heightMM / 2, label: "y [mm]"),
                          fontSize: 13)
        let cw = w / Double(grid.cols), ch = h / Double(grid.rows)
        for r in 0..<grid.rows {
            for c in 0..<grid.cols {
                let v = grid.values[r * grid.cols + c]
                let color: Color
                if v.isNaN {
                    color = .lightGrey
                } else if scale.isLogarithmic && v <= 0 {
                    color = .white
                } else {
                    color = map.color(scale.fraction(v))
                }
                // Slightly oversized cells hide anti-aliasing seams between neighbours.
                canvas.fillRect(x: x + Double(c) * cw, y: y + h - Double(r + 1) * ch, width: cw + 0.6, height: ch + 0.6,
                                color: color)
            }
        }
        panel.drawFrame(canvas)
        canvas.text(title, x: x, y: y - 10, size: Layout.panelTitleFont, bold: true)
        // Colour bar.
        let barX = x + w + 14, barW = 16.0
        let steps = 100
        for s in 0..<steps {
            let t0 = Double(s) / Double(steps)
            canvas.fillRect(x: barX, y: y + h * (1 - t0 - 1 / Double(steps)), width: barW, height: h / Double(steps) + 0.6,
                            color: map.color(t0 + 0.5 / Double(steps)))
        }
        canvas.strokeRect(x: barX, y: y, width: barW, height: h, color: .black, lineWidth: 1)
        let bar = Panel(x: barX + barW, y: y, width: 0, height: h, xAxis: Axis(lo: 0, hi: 1, label: ""), yAxis: scale,
                        fontSize: 12)
        var widest = 0.0
        for (v, label) in scale.majorTicks(target: 4) {
            let py = bar.py(v)
            canvas.line(barX + barW - 4, py, barX + barW, py, color: .black)
            var left = bar
            left.x = barX + barW + 4 + 40
            // Labels to the right of the bar: right-aligned at a fixed column.
            widest = max(widest, left.drawTickLabel(canvas, label, x: barX + barW + 46, y: py, horizontal: false))
        }
        canvas.text(scale.label, x: barX + barW + 50, y: y + h / 2, size: 12, align: .centre, valign: .top,
                    angle: -.pi / 2)
    }
}
