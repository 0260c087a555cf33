import Foundation

/// Reference-versus-generated histograms, one panel per layer side by side, each with a ratio
/// panel below: the reference as a filled histogram, the generated sample as a line with
/// error bars (HEP style).
public enum HistogramPlot {
    /// Renders a figure of `panels.count` panels, each `panelWidth` x `panelHeight` px (with
    /// margins), at most `columns` per row.
    public static func render(title: String, panels: [HistogramPanelData], panelWidth: Int = 620,
                              panelHeight: Int = 620, columns: Int = 4) -> Canvas {
        let (canvas, cells) = Layout.grid(title: title, count: panels.count, panelWidth: panelWidth,
                                          panelHeight: panelHeight, columns: columns)
        for (data, cell) in zip(panels, cells) {
            draw(canvas, data, x: cell.x, y: cell.y, width: cell.width, mainHeight: cell.plotHeight * 0.72,
                 ratioHeight: cell.plotHeight * 0.28 - 6)
        }
        return canvas
    }

    static func draw(_ canvas: Canvas, _ data: HistogramPanelData, x: Double, y: Double, width: Double,
                     mainHeight: Double, ratioHeight: Double) {
        let ref = data.reference, gen = data.generated
        let xAxis = Axis(lo: ref.edges.first!, hi: ref.edges.last!, isLogarithmic: data.logX && ref.edges.first! > 0,
                         label: data.xLabel)
        let positive = (ref.values + gen.values).filter { $0 > 0 }
        let top = max(positive.max() ?? 1, 1e-300)
        let bottom = positive.min() ?? top
        let logY = data.logY ?? (top / bottom > 1e3)
        let headroom = Layout.headroom(lines: max(2, data.annotations.count), panelHeight: mainHeight)
        let yAxis: Axis
        if logY {
            let lo = max(bottom * 0.5, top * 1e-7)
            let decades = log10(top / lo)
            yAxis = Axis(lo: lo, hi: top * pow(10, decades * headroom / (1 - headroom)), isLogarithmic: true, label: data.yLabel)
        } else {
            yAxis = Axis(lo: 0, hi: top / (1 - headroom) * 1.05, label: data.yLabel)
        }
        let main = Panel(x: x, y: y, width: width, height: mainHeight, xAxis: xAxis, yAxis: yAxis, fontSize: Layout.tickFont)
        let baseline = main.py(yAxis.lo)

        main.clip(canvas)
        // Reference: filled step histogram with an outline.
        var outline = [(Double, Double)]()
        for i in 0..<ref.values.count {
            let v = ref.values[i] > 0 ? main.py(ref.values[i]) : baseline
            outline += [(main.px(ref.edges[i]), v), (main.px(ref.edges[i + 1]), v)]
        }
        let closed = [(outline.first!.0, baseline)] + outline + [(outline.last!.0, baseline)]
        canvas.fillPolygon(closed, color: Color.referenceFill)
        canvas.polyline(closed, color: Color.referenceLine, width: 1.5)
        // Generated: a step line with vertical error bars at the bin centres.
        var steps = [(Double, Double)]()
        for i in 0..<gen.values.count {
            let v = gen.values[i] > 0 ? main.py(gen.values[i]) : baseline
            steps += [(main.px(gen.edges[i]), v), (main.px(gen.edges[i + 1]), v)]
        }
        canvas.polyline(steps, color: Color.generated, width: 2)
        let centres = gen.centres(logarithmic: xAxis.isLogarithmic)
        for i in 0..<gen.values.count where gen.values[i] > 0 && gen.errors[i] > 0 {
            let lo = gen.values[i] - gen.errors[i]
            let yLo = lo > 0 ? main.py(lo) : baseline
            canvas.line(main.px(centres[i]), yLo, main.px(centres[i]), main.py(gen.values[i] + gen.errors[i]),
                        color: Color.generated, width: 1.5)
        }
        canvas.restore()
        main.drawFrame(canvas, showXLabels: false)
        if !data.title.isEmpty {
            canvas.text(data.title, x: x, y: y - 10, size: Layout.panelTitleFont, bold: true)
        }
        Legend([(.filled(Color.referenceFill, outline: Color.referenceLine), data.referenceLabel),
                (.marker(Color.generated), data.generatedLabel)])
            .draw(canvas, right: x + width - 12, top: y + 10, fontSize: Layout.annotationFont)
        Layout.drawAnnotations(canvas, data.annotations, panel: main)

        let ratio = Panel(x: x, y: y + mainHeight + 6, width: width, height: ratioHeight, xAxis: xAxis,
                          yAxis: RatioPanel.axis(), fontSize: Layout.tickFont)
        RatioPanel.draw(canvas, panel: ratio, reference: ref, generated: gen, logX: xAxis.isLogarithmic)
    }
}
