import Foundation

/// Vertical bars with a value label on each, on a linear or logarithmic y axis (timings).
public enum BarChart {
    public struct Bar: Sendable {
        public var label: String
        public var value: Double
        public var color: Color
        /// Text printed above the bar ("1772 ms").
        public var valueLabel: String

        public init(label: String, value: Double, color: Color, valueLabel: String) {
            self.label = label
            self.value = value
            self.color = color
            self.valueLabel = valueLabel
        }
    }

    public static func render(title: String, bars: [Bar], yLabel: String, logY: Bool = true,
                              annotations: [String] = [], width: Int = 900, height: Int = 620) -> Canvas {
        let canvas = Canvas(width: width, height: height)
        Layout.drawTitle(canvas, title)
        let positive = bars.map(\.value).filter { $0 > 0 }
        let top = positive.max() ?? 1, bottom = positive.min() ?? top
        let yAxis: Axis
        if logY {
            let lo = pow(10, floor(log10(bottom)) - 0.0)
            let decades = log10(top / lo)
            yAxis = Axis(lo: lo, hi: top * pow(10, max(0.5, decades * 0.25)), isLogarithmic: true, label: yLabel)
        } else {
            yAxis = Axis(lo: 0, hi: top * 1.25, label: yLabel)
        }
        let x0 = Layout.left, w = Double(width) - Layout.left - Layout.right
        let h = Double(height) - Layout.top - Layout.bottom - 30
        let panel = Panel(x: x0, y: Layout.top, width: w, height: h,
                          xAxis: Axis(lo: 0, hi: Double(max(bars.count, 1)), label: ""), yAxis: yAxis,
                          fontSize: Layout.tickFont)
        let slot = w / Double(max(bars.count, 1))
        for (v, _) in yAxis.majorTicks() {
            canvas.line(panel.x, panel.py(v), panel.x + panel.width, panel.py(v), color: Color(hex: 0xE8E8E8), width: 1)
        }
        for (i, bar) in bars.enumerated() where bar.value > 0 {
            let bx = x0 + slot * (Double(i) + 0.18), bw = slot * 0.64
            let by = panel.py(bar.value)
            canvas.fillRect(x: bx, y: by, width: bw, height: panel.y + h - by, color: bar.color)
            canvas.strokeRect(x: bx, y: by, width: bw, height: panel.y + h - by, color: bar.color.mixed(with: .black, 0.3))
            canvas.text(bar.valueLabel, x: bx + bw / 2, y: by - 6, size: 13, align: .centre)
        }
        // Frame without x ticks: categories instead.
        var frame = panel
        frame.xAxis = Axis(lo: 0, hi: 1, label: "")
        drawYFrame(canvas, frame)
        for (i, bar) in bars.enumerated() {
            let cx = x0 + slot * (Double(i) + 0.5)
            for (k, line) in bar.label.split(separator: "\n").enumerated() {
                canvas.text(String(line), x: cx, y: panel.y + h + 8 + Double(k) * 17, size: 14, align: .centre, valign: .top)
            }
        }
        Layout.drawAnnotations(canvas, annotations, panel: panel)
        return canvas
    }

    static func drawYFrame(_ canvas: Canvas, _ p: Panel) {
        var widest = 0.0
        for (v, label) in p.yAxis.majorTicks() {
            let y = p.py(v)
            canvas.line(p.x, y, p.x + 9, y, color: .black, width: 1.2)
            widest = max(widest, p.drawTickLabel(canvas, label, x: p.x - 6, y: y, horizontal: false))
        }
        for v in p.yAxis.minorTicks() { canvas.line(p.x, p.py(v), p.x + 5, p.py(v), color: .black) }
        canvas.strokeRect(x: p.x, y: p.y, width: p.width, height: p.height, color: .black, lineWidth: 1.5)
        canvas.text(p.yAxis.label, x: p.x - 6 - widest - 10, y: p.y, size: p.fontSize * 1.15, align: .right, angle: -.pi / 2)
    }
}
