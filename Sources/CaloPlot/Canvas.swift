import CaloSupport
import Foundation
import _CCairo

/// A raster drawing surface on Cairo (ARGB32, anti-aliased), in pixel coordinates with y down.
///
/// Text uses Cairo's toy API with the "sans-serif" face (DejaVu Sans on Debian).
public final class Canvas {
    public let width: Int
    public let height: Int
    let surface: OpaquePointer
    let cr: OpaquePointer

    /// Horizontal text anchor.
    public enum HAlign: Sendable { case left, centre, right }
    /// Vertical text anchor: `baseline` is where the text sits; `centre` on the x-height middle.
    public enum VAlign: Sendable { case top, centre, baseline, bottom }

    /// A white canvas of `width` x `height` pixels.
    public init(width: Int, height: Int) {
        require(width > 0 && height > 0 && width <= 16384 && height <= 16384, "Canvas: \(width) x \(height)")
        self.width = width
        self.height = height
        surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))
        cr = cairo_create(surface)
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_BEST)
        cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        setColor(.white)
        cairo_paint(cr)
    }

    deinit {
        cairo_destroy(cr)
        cairo_surface_destroy(surface)
    }

    // MARK: State

    public func setColor(_ c: Color) { cairo_set_source_rgba(cr, c.red, c.green, c.blue, c.alpha) }
    public func setLineWidth(_ w: Double) { cairo_set_line_width(cr, w) }
    public func setDash(_ pattern: [Double]) {
        cairo_set_dash(cr, pattern, Int32(pattern.count), 0)
    }
    public func save() { cairo_save(cr) }
    public func restore() { cairo_restore(cr) }

    /// Limits drawing to a rectangle until `restore()` (call `save()` first).
    public func clip(x: Double, y: Double, width w: Double, height h: Double) {
        cairo_rectangle(cr, x, y, w, h)
        cairo_clip(cr)
    }

    // MARK: Shapes

    public func line(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, color: Color, width w: Double = 1) {
        setColor(color)
        setLineWidth(w)
        cairo_move_to(cr, x0, y0)
        cairo_line_to(cr, x1, y1)
        cairo_stroke(cr)
    }

    /// A polyline through the points; NaN points break it.
    public func polyline(_ points: [(Double, Double)], color: Color, width w: Double = 1.5) {
        setColor(color)
        setLineWidth(w)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        var pen = false
        for (x, y) in points {
            if !x.isFinite || !y.isFinite { pen = false; continue }
            if pen { cairo_line_to(cr, x, y) } else { cairo_move_to(cr, x, y); pen = true }
        }
        cairo_stroke(cr)
    }

    /// A filled polygon.
    public func fillPolygon(_ points: [(Double, Double)], color: Color) {
        guard let first = points.first else { return }
        setColor(color)
        cairo_move_to(cr, first.0, first.1)
        for p in points.dropFirst() { cairo_line_to(cr, p.0, p.1) }
        cairo_close_path(cr)
        cairo_fill(cr)
    }

    public func fillRect(x: Double, y: Double, width w: Double, height h: Double, color: Color) {
        setColor(color)
        cairo_rectangle(cr, x, y, w, h)
        cairo_fill(cr)
    }

    public func strokeRect(x: Double, y: Double, width w: Double, height h: Double, color: Color, lineWidth: Double = 1) {
        setColor(color)
        setLineWidth(lineWidth)
        cairo_rectangle(cr, x, y, w, h)
        cairo_stroke(cr)
    }

    public func fillCircle(x: Double, y: Double, radius: Double, color: Color) {
        setColor(color)
        cairo_new_sub_path(cr)
        cairo_arc(cr, x, y, radius, 0, 2 * .pi)
        cairo_fill(cr)
    }

    // MARK: Text

    /// Width and height (ascent above the baseline) of `text` at `size` px.
    public func measure(_ text: String, size: Double, bold: Bool = false) -> (width: Double, ascent: Double) {
        setFont(size: size, bold: bold)
        var ext = cairo_text_extents_t()
        cairo_text_extents(cr, text, &ext)
        var font = cairo_font_extents_t()
        cairo_font_extents(cr, &font)
        return (ext.x_advance, font.ascent)
    }

    func setFont(size: Double, bold: Bool) {
        cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL,
                               bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, size)
    }

    /// Draws `text` anchored at (x, y); `angle` in radians (-pi/2 reads bottom to top).
    public func text(_ text: String, x: Double, y: Double, size: Double, color: Color = .black,
                     align: HAlign = .left, valign: VAlign = .baseline, bold: Bool = false, angle: Double = 0) {
        guard !text.isEmpty else { return }
        setFont(size: size, bold: bold)
        var ext = cairo_text_extents_t()
        cairo_text_extents(cr, text, &ext)
        var font = cairo_font_extents_t()
        cairo_font_extents(cr, &font)
        var dx = 0.0, dy = 0.0
        switch align {
        case .left: dx = 0
        case .centre: dx = -ext.x_advance / 2
        case .right: dx = -ext.x_advance
        }
        switch valign {
        case .baseline: dy = 0
        case .top: dy = font.ascent * 0.8
        case .centre: dy = font.ascent * 0.36
        case .bottom: dy = -font.descent
        }
        save()
        cairo_translate(cr, x, y)
        cairo_rotate(cr, angle)
        cairo_move_to(cr, dx, dy)
        setColor(color)
        cairo_show_text(cr, text)
        restore()
    }

    // MARK: Output

    /// The pixels as non-premultiplied RGBA rows (what PNG stores).
    public func rgbaPixels() -> [UInt8] {
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        guard let data = cairo_image_surface_get_data(surface) else { return [] }
        var out = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            let row = data + y * stride
            for x in 0..<width {
                // ARGB32 is a native-endian 32-bit word: bytes B, G, R, A on little-endian machines.
                let word = UnsafeRawPointer(row + 4 * x).loadUnaligned(as: UInt32.self)
                let a = UInt32((word >> 24) & 0xFF), r = (word >> 16) & 0xFF, g = (word >> 8) & 0xFF, b = word & 0xFF
                let o = (y * width + x) * 4
                if a == 0 {
                    out[o] = 0; out[o + 1] = 0; out[o + 2] = 0; out[o + 3] = 0
                } else {
                    out[o] = UInt8(min(255, (r * 255 + a / 2) / a))
                    out[o + 1] = UInt8(min(255, (g * 255 + a / 2) / a))
                    out[o + 2] = UInt8(min(255, (b * 255 + a / 2) / a))
                    out[o + 3] = UInt8(a)
                }
            }
        }
        return out
    }

    /// Encodes the canvas as PNG with provenance text chunks.
    public func pngData(metadata: PlotMetadata) throws -> Data {
        try PNGWriter.encode(rgba: rgbaPixels(), width: width, height: height, text: metadata.textChunks)
    }

    /// Writes the canvas as a PNG file, atomically.
    public func writePNG(to url: URL, metadata: PlotMetadata) throws {
        try PNGWriter.write(try pngData(metadata: metadata), to: url)
    }
}
