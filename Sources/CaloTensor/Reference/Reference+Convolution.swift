import Foundation

/// Direct loops in Double for the image ops (convolution, transposed convolution, pooling,
/// upsampling): the definitions the im2col-and-sgemm paths are tested against.
extension Reference {
    /// y[n, o, oy, ox] = b[o] + sum w[o, c, ky, kx] x[n, c, oy s - p + ky, ox s - p + kx];
    /// x [n, c, h, w], weight [o, c, kh, kw].
    public static func conv2d(_ x: [Float], _ xs: [Int], _ weight: [Float], _ ws: [Int], _ bias: [Float]?,
                              stride s: Int, padding p: Int) -> (values: [Float], shape: [Int]) {
        let (n, c, h, w) = (xs[0], xs[1], xs[2], xs[3]), (o, kh, kw) = (ws[0], ws[2], ws[3])
        let ho = (h + 2 * p - kh) / s + 1, wo = (w + 2 * p - kw) / s + 1
        var y = [Float](repeating: 0, count: n * o * ho * wo)
        for b in 0..<n {
            for f in 0..<o {
                for oy in 0..<ho {
                    for ox in 0..<wo {
                        var acc = Double(bias?[f] ?? 0)
                        for ch in 0..<c {
                            for ky in 0..<kh {
                                for kx in 0..<kw {
                                    let iy = oy * s - p + ky, ix = ox * s - p + kx
                                    guard iy >= 0, iy < h, ix >= 0, ix < w else { continue }
                                    acc += Double(weight[((f * c + ch) * kh + ky) * kw + kx]) * Double(x[((b * c + ch) * h + iy) * w + ix])
                                }
                            }
                        }
                        y[((b * o + f) * ho + oy) * wo + ox] = Float(acc)
                    }
                }
            }
        }
        return (y, [n, o, ho, wo])
    }

    /// y[n, o, iy s - p + ky, ix s - p + kx] += w[c, o, ky, kx] x[n, c, iy, ix], plus b[o];
    /// x [n, c, h, w], weight [c, o, kh, kw]; output extent (h - 1) s - 2 p + kh.
    public static func convTranspose2d(_ x: [Float], _ xs: [Int], _ weight: [Float], _ ws: [Int], _ bias: [Float]?,
                                       stride s: Int, padding p: Int) -> (values: [Float], shape: [Int]) {
        let (n, c, h, w) = (xs[0], xs[1], xs[2], xs[3]), (o, kh, kw) = (ws[1], ws[2], ws[3])
        let ho = (h - 1) * s - 2 * p + kh, wo = (w - 1) * s - 2 * p + kw
        var y = [Double](repeating: 0, count: n * o * ho * wo)
        for b in 0..<n {
            for ch in 0..<c {
                for iy in 0..<h {
                    for ix in 0..<w {
                        let v = Double(x[((b * c + ch) * h + iy) * w + ix])
                        for f in 0..<o {
                            for ky in 0..<kh {
                                for kx in 0..<kw {
                                    let oy = iy * s - p + ky, ox = ix * s - p + kx
                                    guard oy >= 0, oy < ho, ox >= 0, ox < wo else { continue }
                                    y[((b * o + f) * ho + oy) * wo + ox] += v * Double(weight[((ch * o + f) * kh + ky) * kw + kx])
                                }
                            }
                        }
                    }
                }
            }
            for f in 0..<o { for q in 0..<(ho * wo) { y[(b * o + f) * ho * wo + q] += Double(bias?[f] ?? 0) } }
        }
        return (y.map { Float($0) }, [n, o, ho, wo])
    }

    /// Max (or mean) over non-overlapping k x k blocks of each plane of x [n, c, h, w].
    public static func pool(_ x: [Float], _ xs: [Int], size k: Int, maximum: Bool) -> [Float] {
        let planes = xs[0] * xs[1], h = xs[2], w = xs[3], ho = h / k, wo = w / k
        var y = [Float](repeating: 0, count: planes * ho * wo)
        for p in 0..<planes {
            for i in 0..<ho {
                for j in 0..<wo {
                    var block: [Double] = []
                    for a in 0..<k { for b in 0..<k { block.append(Double(x[(p * h + i * k + a) * w + j * k + b])) } }
                    y[(p * ho + i) * wo + j] = Float(maximum ? block.max()! : block.reduce(0, +) / Double(k * k))
                }
            }
        }
        return y
    }

    /// Nearest-neighbour upsampling of each plane of x [n, c, h, w] by k.
    public static func upsample(_ x: [Float], _ xs: [Int], factor k: Int) -> [Float] {
        let planes = xs[0] * xs[1], h = xs[2], w = xs[3]
        var y = [Float](repeating: 0, count: planes * h * w * k * k)
        for p in 0..<planes {
            for i in 0..<(h * k) { for j in 0..<(w * k) { y[(p * h * k + i) * w * k + j] = x[(p * h + i / k) * w + j / k] } }
        }
        return y
    }

    /// Mean over rows of log sum_k e^{x_k} - x_label (x [rows, k]).
    public static func softmaxCrossEntropy(_ x: [Float], classes k: Int, labels: [Int]) -> Double {
        var total = 0.0
        for (r, label) in labels.enumerated() {
            let row = (0..<k).map { Double(x[r * k + $0]) }
            let m = row.max()!
            total += Foundation.log(row.map { Foundation.exp($0 - m) }.reduce(0, +)) + m - row[label]
        }
        return total / Double(labels.count)
    }
}
