import CaloSupport
import Foundation

/// The three shapes of the lecture's qualification task.
public enum ShapeKind: Int, CaseIterable, Sendable {
    case circle = 0, square = 1, triangle = 2

    public var name: String { ["circle", "square", "triangle"][rawValue] }
}

/// Seeded images of filled circles, squares and triangles on a black background, side x side
/// pixels, intensities in [0, 1] (the pixel's covered fraction, 4 x 4 samples per pixel).
///
/// Image i draws from its own stream (`ExampleStream.shapeImage`, item i): kind uniform over the
/// three, circumradius r uniform in [minimumRadius, maximumRadius] pixels, centre uniform where the
/// shape fits with a 1-pixel margin, rotation uniform in [0, 2 pi). Squares and triangles are
/// regular polygons with circumradius r, circles have radius r.
public struct ShapesDataset: Sendable {
    public static let side = 32
    public static let minimumRadius: Double = 6
    public static let maximumRadius: Double = 14

    /// Row-major images, one after another: count x side x side.
    public let pixels: [Float]
    public let labels: [Int]

    public var count: Int { labels.count }

    /// Images 0 ..< count under `seed`, rendered over `threads`.
    public init(count: Int, seed: UInt64, threads: Int) {
        let n = Self.side * Self.side
        var pixels = [Float](repeating: 0, count: count * n)
        var labels = [Int](repeating: 0, count: count)
        pixels.withUnsafeMutableBufferPointer { pix in
            labels.withUnsafeMutableBufferPointer { lab in
                let p = SharedPointer(pix.baseAddress!), l = SharedPointer(lab.baseAddress!)
                Threads.parallelFor(threads, threads: threads) { t in
                    for i in stride(from: t, to: count, by: threads) {
                        var g = ExampleStream.shapeImage.generator(seed: seed, item: UInt64(i))
                        l[i] = Self.render(&g, into: p.base + i * n)
                    }
                }
            }
        }
        self.pixels = pixels
        self.labels = labels
    }

    /// Draws one shape into `image` (side x side, zeroed) and returns its kind.
    static func render(_ g: inout Philox, into image: UnsafeMutablePointer<Float>) -> Int {
        let kind = ShapeKind(rawValue: min(2, Int(g.uniform() * 3)))!
        let r = minimumRadius + (maximumRadius - minimumRadius) * g.uniform()
        let span = Double(side) - 2 * (r + 1)
        let cx = r + 1 + span * g.uniform(), cy = r + 1 + span * g.uniform()
        let angle = 2 * Double.pi * g.uniform()
        let corners = kind == .circle ? 0 : (kind == .square ? 4 : 3)
        let vertices = (0..<corners).map { k -> (Double, Double) in
            let a = angle + 2 * Double.pi * Double(k) / Double(corners)
            return (cx + r * Foundation.cos(a), cy + r * Foundation.sin(a))
        }
        let lo = max(0, Int(cx - r) - 1), hi = min(side - 1, Int(cx + r) + 1)
        let top = max(0, Int(cy - r) - 1), bottom = min(side - 1, Int(cy + r) + 1)
        for y in top...bottom {
            for x in lo...hi {
                var covered = 0
                for sy in 0..<4 {
                    for sx in 0..<4 {
                        let px = Double(x) + (Double(sx) + 0.5) / 4, py = Double(y) + (Double(sy) + 0.5) / 4
                        if kind == .circle ? (px - cx) * (px - cx) + (py - cy) * (py - cy) <= r * r
                                           : inside(px, py, vertices) { covered += 1 }
                    }
                }
                image[y * side + x] = Float(covered) / 16
            }
        }
        return kind.rawValue
    }

    /// True when (x, y) lies inside the convex polygon (vertices counter-clockwise).
    static func inside(_ x: Double, _ y: Double, _ v: [(Double, Double)]) -> Bool {
        for k in v.indices {
            let (x0, y0) = v[k], (x1, y1) = v[(k + 1) % v.count]
            if (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0) < 0 { return false }
        }
        return true
    }

    /// The images `indices` as one [indices.count, side * side] array.
    public func rows(_ indices: [Int]) -> [Float] {
        let n = Self.side * Self.side
        var out = [Float]()
        out.reserveCapacity(indices.count * n)
        for i in indices { out.append(contentsOf: pixels[(i * n)..<((i + 1) * n)]) }
        return out
    }
}
