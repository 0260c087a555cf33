import CaloSupport

/// Shared sizes of the figures (pixels), so that every plot of a report looks alike.
public enum Layout {
    /// Space left of a panel for tick labels and the y label.
    public static let left = 100.0
    public static let right = 28.0
    /// Above the panels: figure title and panel titles.
    public static let top = 78.0
    /// Below the lowest panel: tick labels and the x label.
    public static let bottom = 72.0
    public static let tickFont = 15.0
    public static let titleFont = 20.0
    public static let panelTitleFont = 16.0
    public static let annotationFont = 14.0

    /// Draws the figure title centred at the top.
    public static func drawTitle(_ canvas: Canvas, _ title: String) {
        canvas.text(title, x: Double(canvas.width) / 2, y: 32, size: titleFont, align: .centre, bold: true)
    }

    /// Annotation lines from the upper-left corner of a panel.
    public static func drawAnnotations(_ canvas: Canvas, _ lines: [String], panel: Panel) {
        for (i, line) in lines.enumerated() {
            canvas.text(line, x: panel.x + 14, y: panel.y + 14 + annotationFont * (1.45 * Double(i) + 1),
                        size: annotationFont, color: Color(hex: 0x333333))
        }
    }

    /// The height the legend and annotations need in a panel's upper part, as a fraction of it.
    public static func headroom(lines: Int, panelHeight: Double) -> Double {
        min(0.5, (Double(lines) * annotationFont * 1.5 + 28) / panelHeight)
    }

    /// Where one panel of a grid goes: its upper-left corner, width and plot height (main plus
    /// ratio panel), in pixels.
    public struct GridCell {
        public let x: Double, y: Double, width: Double, plotHeight: Double
    }

    /// A titled figure of `count` panels of `panelWidth` x `panelHeight` px, at most `columns`
    /// per row, and the frame of each panel in order.
    public static func grid(title: String, count: Int, panelWidth: Int, panelHeight: Int, columns: Int) -> (Canvas, [GridCell]) {
        require(count > 0 && columns > 0, "Layout.grid: \(count) panels in \(columns) columns")
        let perRow = min(columns, count), rows = (count + perRow - 1) / perRow
        let rowHeight = panelHeight - Int(top) + 44
        let canvas = Canvas(width: panelWidth * perRow, height: panelHeight + (rows - 1) * rowHeight)
        drawTitle(canvas, title)
        let cells = (0..<count).map { i in
            GridCell(x: Double((i % perRow) * panelWidth) + left, y: top + Double((i / perRow) * rowHeight),
                     width: Double(panelWidth) - left - right, plotHeight: Double(panelHeight) - top - bottom)
        }
        return (canvas, cells)
    }
}
