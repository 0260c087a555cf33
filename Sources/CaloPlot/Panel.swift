import Foundation

/// A rectangle of a canvas holding one plot: maps data to pixels, draws the frame with inward
/// ticks on all four sides (HEP style), tick labels and axis labels.
public struct Panel {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public var xAxis: Axis
    public var yAxis: Axis
    /// Font size of tick labels, px; axis labels are 1.15 times larger.
    public var fontSize: Double
    /// Leave out a y tick label at the very top edge (a ratio panel under a main panel, whose
    /// lowest label would collide with it).
    public var hidesTopYLabel = false

    public init(x: Double, y: Double, width: Double, height: Double, xAxis: Axis, yAxis: Axis, fontSize: Double = 15) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.fontSize = fontSize
    }

    /// Pixel x of a data x.
    public func px(_ v: Double) -> Double { x + xAxis.fraction(v) * width }
    /// Pixel y of a data y.
    public func py(_ v: Double) -> Double { y + height - yAxis.fraction(v) * height }

    /// Restricts drawing to the panel until `canvas.restore()`.
    public func clip(_ canvas: Canvas) {
        canvas.save()
        canvas.clip(x: x, y: y, width: width, height: height)
    }

    /// Frame, ticks and labels. `showXLabels` false for a panel with a ratio panel below it.
    public func drawFrame(_ canvas: Canvas, showXLabels: Bool = true, showXTitle: Bool = true, grid: Bool = false) {
        let major = 9.0, minor = 5.0
        if grid {
            for (v, _) in xAxis.majorTicks() { canvas.line(px(v), y, px(v), y + height, color: Color(hex: 0xEEEEEE)) }
            for (v, _) in yAxis.majorTicks() { canvas.line(x, py(v), x + width, py(v), color: Color(hex: 0xEEEEEE)) }
        }
        for (v, label) in xAxis.majorTicks() {
            let p = px(v)
            canvas.line(p, y + height, p, y + height - major, color: .black, width: 1.2)
            canvas.line(p, y, p, y + major, color: .black, width: 1.2)
            if showXLabels { drawTickLabel(canvas, label, x: p, y: y + height + 6, horizontal: true) }
        }
        for v in xAxis.minorTicks() {
            let p = px(v)
            canvas.line(p, y + height, p, y + height - minor, color: .black, width: 1)
            canvas.line(p, y, p, y + minor, color: .black, width: 1)
        }
        var widest = 0.0
        for (v, label) in yAxis.majorTicks() {
            let p = py(v)
            canvas.line(x, p, x + major, p, color: .black, width: 1.2)
            canvas.line(x + width, p, x + width - major, p, color: .black, width: 1.2)
            if hidesTopYLabel && p < y + fontSize * 0.6 { continue }
            widest = max(widest, drawTickLabel(canvas, label, x: x - 6, y: p, horizontal: false))
        }
        for v in yAxis.minorTicks() {
            let p = py(v)
            canvas.line(x, p, x + minor, p, color: .black, width: 1)
            canvas.line(x + width, p, x + width - minor, p, color: .black, width: 1)
        }
        canvas.strokeRect(x: x, y: y, width: width, height: height, color: .black, lineWidth: 1.5)
        let titleSize = fontSize * 1.15
        if showXLabels && showXTitle {
            canvas.text(xAxis.label, x: x + width, y: y + height + 6 + fontSize * 1.3 + titleSize + 4, size: titleSize,
                        align: .right, valign: .baseline)
        }
        canvas.text(yAxis.label, x: x - 6 - widest - 10, y: y, size: titleSize, align: .right, valign: .baseline,
                    angle: -.pi / 2)
    }

    /// Draws a tick label; returns its width.
    @discardableResult
    func drawTickLabel(_ canvas: Canvas, _ label: Axis.TickLabel, x: Double, y: Double, horizontal: Bool) -> Double {
        switch label {
        case .plain(let s):
            if horizontal {
                canvas.text(s, x: x, y: y, size: fontSize, align: .centre, valign: .top)
            } else {
                canvas.text(s, x: x, y: y, size: fontSize, align: .right, valign: .centre)
            }
            return canvas.measure(s, size: fontSize).width
        case .powerOfTen(let k):
            let base = canvas.measure("10", size: fontSize).width
            let expSize = fontSize * 0.7
            let exponent = String(k).replacingOccurrences(of: "-", with: "\u{2212}")
            let ew = canvas.measure(exponent, size: expSize).width
            let total = base + ew + 1
            let left = horizontal ? x - total / 2 : x - total
            let baseline = horizontal ? y + fontSize * 0.8 + fontSize * 0.25 : y + fontSize * 0.36
            canvas.text("10", x: left, y: baseline, size: fontSize)
            canvas.text(exponent, x: left + base + 1, y: baseline - fontSize * 0.45, size: expSize)
            return total
        }
    }
}
