/// The panel under a histogram: generated / reference per bin, with the reference's statistical
/// error as a grey band around 1 and the generated error on the points.
public enum RatioPanel {
    /// Default range of the ratio axis.
    public static let defaultRange = 0.5...1.5

    public static func draw(_ canvas: Canvas, panel: Panel, reference: HistogramData, generated: HistogramData,
                            logX: Bool, label: String = "gen. / ref.") {
        let range = panel.yAxis.lo...panel.yAxis.hi
        panel.clip(canvas)
        // Reference error band.
        for i in 0..<reference.values.count where reference.values[i] > 0 {
            let rel = reference.errors[i] / reference.values[i]
            let x0 = panel.px(reference.edges[i]), x1 = panel.px(reference.edges[i + 1])
            let y0 = panel.py(min(range.upperBound, 1 + rel)), y1 = panel.py(max(range.lowerBound, 1 - rel))
            canvas.fillRect(x: x0, y: y0, width: x1 - x0, height: y1 - y0, color: Color(hex: 0xBBBBBB, alpha: 0.6))
        }
        canvas.setDash([6, 4])
        canvas.line(panel.x, panel.py(1), panel.x + panel.width, panel.py(1), color: .black, width: 1)
        canvas.setDash([])
        let centres = generated.centres(logarithmic: logX)
        for i in 0..<generated.values.count where reference.values[i] > 0 && generated.values[i] > 0 {
            let r = generated.values[i] / reference.values[i]
            let e = generated.errors[i] / reference.values[i]
            let cx = panel.px(centres[i])
            if r > range.upperBound || r < range.lowerBound {
                // Off scale: a triangle at the edge pointing the way.
                let up = r > range.upperBound
                let yEdge = panel.py(up ? range.upperBound : range.lowerBound) + (up ? 3 : -3)
                let tip = yEdge + (up ? 0 : 0), base = yEdge + (up ? 9 : -9)
                canvas.fillPolygon([(cx, tip), (cx - 5, base), (cx + 5, base)], color: Color.generated)
                continue
            }
            canvas.line(cx, panel.py(r - e), cx, panel.py(r + e), color: Color.generated, width: 1.5)
            let x0 = panel.px(generated.edges[i]), x1 = panel.px(generated.edges[i + 1])
            canvas.line(x0, panel.py(r), x1, panel.py(r), color: Color.generated, width: 1.5)
        }
        canvas.restore()
        var frame = panel
        frame.yAxis.label = label
        frame.hidesTopYLabel = true
        frame.drawFrame(canvas)
    }

    /// Ratio points at x (no bins): a grey band of the reference's relative error and the points
    /// with their errors; off-scale points become triangles at the edge.
    public static func drawPoints(_ canvas: Canvas, panel: Panel, x: [Double], ratio: [Double], error: [Double],
                                  band: [Double], label: String = "gen. / ref.") {
        let range = panel.yAxis.lo...panel.yAxis.hi
        panel.clip(canvas)
        if x.count > 1 {
            var upper = [(Double, Double)](), lower = [(Double, Double)]()
            for i in 0..<x.count where band[i].isFinite {
                upper.append((panel.px(x[i]), panel.py(min(range.upperBound, 1 + band[i]))))
                lower.append((panel.px(x[i]), panel.py(max(range.lowerBound, 1 - band[i]))))
            }
            canvas.fillPolygon(upper + lower.reversed(), color: Color(hex: 0xBBBBBB, alpha: 0.6))
        } else if x.count == 1, band[0].isFinite {
            let top = panel.py(min(range.upperBound, 1 + band[0])), bottom = panel.py(max(range.lowerBound, 1 - band[0]))
            canvas.fillRect(x: panel.px(x[0]) - 14, y: top, width: 28, height: max(bottom - top, 1),
                            color: Color(hex: 0xBBBBBB, alpha: 0.6))
        }
        canvas.setDash([6, 4])
        canvas.line(panel.x, panel.py(1), panel.x + panel.width, panel.py(1), color: .black, width: 1)
        canvas.setDash([])
        for i in 0..<x.count where ratio[i].isFinite {
            let cx = panel.px(x[i]), r = ratio[i]
            if r > range.upperBound || r < range.lowerBound {
                let up = r > range.upperBound
                let yEdge = panel.py(up ? range.upperBound : range.lowerBound) + (up ? 3 : -3)
                canvas.fillPolygon([(cx, yEdge), (cx - 5, yEdge + (up ? 9 : -9)), (cx + 5, yEdge + (up ? 9 : -9))],
                                   color: Color.generated)
                continue
            }
            if error[i].isFinite {
                canvas.line(cx, panel.py(r - error[i]), cx, panel.py(r + error[i]), color: Color.generated, width: 1.5)
            }
            canvas.fillCircle(x: cx, y: panel.py(r), radius: 3.5, color: Color.generated)
        }
        canvas.restore()
        var frame = panel
        frame.yAxis.label = label
        frame.hidesTopYLabel = true
        frame.drawFrame(canvas)
    }

    /// The y axis of a ratio panel.
    public static func axis(range: ClosedRange<Double> = defaultRange, label: String = "gen. / ref.") -> Axis {
        Axis(lo: range.lowerBound, hi: range.upperBound, label: label)
    }
}
