import _CPNG
import CaloSupport
import Foundation

/// Encodes RGBA pixels as PNG with libpng, with tEXt chunks for provenance.
public enum PNGWriter {
    /// Collects libpng's output in memory.
    private final class Sink {
        var data = Data()
    }

    /// PNG bytes of `rgba` (non-premultiplied, row-major, 4 bytes per pixel).
    ///
    /// libpng reports errors by longjmp, which Swift cannot catch; the inputs are checked here so
    /// that libpng has nothing to refuse.
    public static func encode(rgba: [UInt8], width: Int, height: Int, text: [(String, String)]) throws -> Data {
        require(rgba.count == width * height * 4, "PNGWriter: \(rgba.count) bytes for \(width) x \(height) RGBA")
        for (key, _) in text {
            require((1...79).contains(key.utf8.count) && key.allSatisfy { $0.isASCII },
                         "PNGWriter: a tEXt keyword must be 1-79 Latin-1 characters: '\(key)'")
        }
        guard let png = png_create_write_struct(calosim_png_version(), nil, nil, nil) else {
            throw CalosimError.environment("libpng could not create a writer (out of memory?)")
        }
        var pngOptional: png_structp? = png
        guard let info = png_create_info_struct(png) else {
            png_destroy_write_struct(&pngOptional, nil)
            throw CalosimError.environment("libpng could not create an info struct (out of memory?)")
        }
        var infoOptional: png_infop? = info
        defer { png_destroy_write_struct(&pngOptional, &infoOptional) }

        let sink = Sink()
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        png_set_write_fn(png, unmanaged.toOpaque(), { png, bytes, length in
            guard let png, let bytes, let io = png_get_io_ptr(png) else { return }
            let sink = Unmanaged<Sink>.fromOpaque(io).takeUnretainedValue()
            sink.data.append(bytes, count: length)
        }, nil)
        png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), 8, PNG_COLOR_TYPE_RGB_ALPHA,
                     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT)
        png_set_compression_level(png, 6)

        // Latin-1 is what tEXt holds; other characters are replaced by '?'.
        var cStrings = [UnsafeMutablePointer<CChar>]()
        defer { cStrings.forEach { free($0) } }
        var chunks = [png_text]()
        for (key, value) in text {
            let k = strdup(key)!, v = strdup(String(value.map { $0.isASCII ? $0 : "?" }))!
            cStrings += [k, v]
            var t = png_text()
            t.compression = PNG_TEXT_COMPRESSION_NONE
            t.key = k
            t.text = v
            t.text_length = strlen(v)
            chunks.append(t)
        }
        png_set_text(png, info, chunks, Int32(chunks.count))
        png_write_info(png, info)
        rgba.withUnsafeBufferPointer { pixels in
            for y in 0..<height {
                png_write_row(png, pixels.baseAddress! + y * width * 4)
            }
        }
        png_write_end(png, nil)
        return sink.data
    }

    /// Writes PNG bytes to `url` atomically (a temporary file renamed into place).
    public static func write(_ data: Data, to url: URL) throws {
        try AtomicFile.write(data, to: url, overwrite: true)
    }
}
