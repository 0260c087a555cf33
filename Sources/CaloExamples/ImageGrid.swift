import CaloPlot
import CaloSupport
import Foundation

/// Grey-scale images (intensity 0 black to 1 white) laid out in a grid with a caption under each
/// and a title on top, as a PNG (Cairo through CaloPlot).
struct ImageGrid {
    var title: String
    /// Row-major side x side images, intensities clamped to [0, 1].
    var images: [[Float]]
    var captions: [String]
    var columns = 10
    var side = ShapesDataset.side
    /// Screen pixels per image pixel.
    var scale = 3

    /// The PNG bytes, with `metadata` in its tEXt chunks.
    func png(metadata: PlotMetadata) throws -> Data {
        let cell = Double(side * scale), gap = 6.0, captionHeight = captions.isEmpty ? 0.0 : 14.0, titleHeight = 26.0
        let rows = max(1, (images.count + columns - 1) / columns)
        let width = Int(Double(columns) * (cell + gap) + gap)
        let height = Int(titleHeight + Double(rows) * (cell + captionHeight + gap) + gap)
        let canvas = Canvas(width: width, height: height)
        canvas.fillRect(x: 0, y: 0, width: Double(width), height: Double(height), color: .white)
        canvas.text(title, x: Double(width) / 2, y: 18, size: 13, align: .centre, bold: true)
        if images.isEmpty { canvas.text("(none)", x: Double(width) / 2, y: titleHeight + cell / 2, size: 12, align: .centre) }
        for (k, image) in images.enumerated() {
            let x0 = gap + Double(k % columns) * (cell + gap), y0 = titleHeight + Double(k / columns) * (cell + captionHeight + gap)
            for y in 0..<side {
                for x in 0..<side {
                    let v = Double(min(1, max(0, image[y * side + x])))
                    canvas.fillRect(x: x0 + Double(x * scale), y: y0 + Double(y * scale), width: Double(scale), height: Double(scale),
                                    color: Color(red: v, green: v, blue: v))
                }
            }
            if k < captions.count {
                canvas.text(captions[k], x: x0 + cell / 2, y: y0 + cell + 11, size: 9, align: .centre)
            }
        }
        return try canvas.pngData(metadata: metadata)
    }
}

/// Writes an example's report files into its folder: each atomically, the folder created first.
struct ReportFolder {
    let url: URL

    init(_ url: URL) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        self.url = url
    }

    func write(_ data: Data, name: String) throws {
        try AtomicFile.write(data, to: url.appendingPathComponent(name))
    }
}
