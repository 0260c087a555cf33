/// A legend box in a panel corner: a sample swatch and a label per entry.
public struct Legend {
    public enum Swatch: Sendable {
        /// A filled box (the reference histogram).
        case filled(Color, outline: Color)
        /// A marker with an error bar (generated).
        case marker(Color)
        /// A line.
        case line(Color, dashed: Bool)
    }

    public var entries: [(Swatch, String)]

    public init(_ entries: [(Swatch, String)]) { self.entries = entries }

    /// Draws the legend with its top-right corner at (right, top); returns its height.
    @discardableResult
    public func draw(_ canvas: Canvas, right: Double, top: Double, fontSize: Double) -> Double {
        let rowHeight = fontSize * 1.5, swatch = fontSize * 1.8
        let widest = entries.map { canvas.measure($0.1, size: fontSize).width }.max() ?? 0
        let left = right - widest - swatch - 8
        for (i, (kind, label)) in entries.enumerated() {
            let cy = top + rowHeight * (Double(i) + 0.5)
            switch kind {
            case let .filled(fill, outline):
                canvas.fillRect(x: left, y: cy - fontSize * 0.45, width: swatch, height: fontSize * 0.9, color: fill)
                canvas.strokeRect(x: left, y: cy - fontSize * 0.45, width: swatch, height: fontSize * 0.9, color: outline, lineWidth: 1.5)
            case let .marker(c):
                canvas.line(left, cy, left + swatch, cy, color: c, width: 1.5)
                canvas.line(left + swatch / 2, cy - fontSize * 0.5, left + swatch / 2, cy + fontSize * 0.5, color: c, width: 1.5)
                canvas.fillCircle(x: left + swatch / 2, y: cy, radius: 3.5, color: c)
            case let .line(c, dashed):
                if dashed { canvas.setDash([6, 4]) }
                canvas.line(left, cy, left + swatch, cy, color: c, width: 2)
                if dashed { canvas.setDash([]) }
            }
            canvas.text(label, x: left + swatch + 8, y: cy, size: fontSize, valign: .centre)
        }
        return rowHeight * Double(entries.count)
    }
}
