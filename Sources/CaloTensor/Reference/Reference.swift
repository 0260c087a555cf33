import CaloBLAS
import Foundation

/// Plain loops in Double beside the fast kernels (as llm.c keeps them): the tests check every
/// op's forward against these, odd shapes and broadcasting included. Slow; never on a hot path.
public enum Reference {
    /// f(a, b) with NumPy broadcasting, by explicit index arithmetic.
    public static func binary(_ a: [Float], _ sa: [Int], _ b: [Float], _ sb: [Int],
                              _ f: (Double, Double) -> Double) -> (values: [Float], shape: [Int]) {
        let r = max(sa.count, sb.count)
        let pa = [Int](repeating: 1, count: r - sa.count) + sa
        let pb = [Int](repeating: 1, count: r - sb.count) + sb
        let out = (0..<r).map { max(pa[$0], pb[$0]) }
        let n = out.reduce(1, *)
        var values = [Float](repeating: 0, count: n)
        for flat in 0..<n {
            let ia = broadcastIndex(flat, in: out, from: pa), ib = broadcastIndex(flat, in: out, from: pb)
            values[flat] = Float(f(Double(a[ia]), Double(b[ib])))
        }
        return (values, out)
    }

    /// The index in a tensor of shape `small` (padded to the rank of `large`) that element `flat`
    /// of its broadcast to `large` reads.
    static func broadcastIndex(_ flat: Int, in large: [Int], from small: [Int]) -> Int {
        var rest = flat, index = 0, step = 1
        for d in stride(from: large.count - 1, through: 0, by: -1) {
            let i = rest % large[d]
            rest /= large[d]
            if small[d] != 1 { index += i * step }
            step *= small[d]
        }
        return index
    }

    /// x (of `shape`) summed down to `small`, the shape it was broadcast from (NumPy rules), by
    /// explicit index arithmetic, in Double.
    public static func sumTo(_ x: [Float], _ shape: [Int], _ small: [Int]) -> [Float] {
        let ps = [Int](repeating: 1, count: shape.count - small.count) + small
        var out = [Double](repeating: 0, count: small.reduce(1, *))
        for flat in 0..<x.count { out[broadcastIndex(flat, in: shape, from: ps)] += Double(x[flat]) }
        return out.map { Float($0) }
    }

    /// f(x) elementwise.
    public static func unary(_ x: [Float], _ f: (Double) -> Double) -> [Float] {
        x.map { Float(f(Double($0))) }
    }

    /// Sum over `axis` (the axis removed).
    public static func sum(_ x: [Float], _ shape: [Int], axis: Int) -> [Float] {
        let outer = shape[..<axis].reduce(1, *), length = shape[axis], inner = shape[(axis + 1)...].reduce(1, *)
        var out = [Float](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var s = 0.0
                for a in 0..<length { s += Double(x[(o * length + a) * inner + i]) }
                out[o * inner + i] = Float(s)
            }
        }
        return out
    }

    /// L2 norm over `axis` (the axis removed).
    public static func norm(_ x: [Float], _ shape: [Int], axis: Int) -> [Float] {
        sum(x.map { $0 * $0 }, shape, axis: axis).map { $0.squareRoot() }
    }

    /// Softmax over the last axis.
    public static func softmax(_ x: [Float], columns n: Int) -> [Float] {
        var out = [Float](repeating: 0, count: x.count)
        for r in 0..<(x.count / n) {
            let row = (0..<n).map { Double(x[r * n + $0]) }
            let m = row.max()!
            let e = row.map { Foundation.exp($0 - m) }
            let s = e.reduce(0, +)
            for j in 0..<n { out[r * n + j] = Float(e[j] / s) }
        }
        return out
    }

    /// A [m, n] matrix transposed to [n, m].
    public static func transpose(_ x: [Float], rows m: Int, columns n: Int) -> [Float] {
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { out[j * m + i] = x[i * n + j] } }
        return out
    }

    /// C = op(A) op(B) by the triple loop in Double (op transposes when asked; A is stored
    /// [m, k] or, transposed, [k, m]; B is stored [k, n] or [n, k]).
    public static func matmul(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int,
                              transposeA: Bool = false, transposeB: Bool = false) -> [Float] {
        var out = [Float](repeating: 0, count: m * n)
        BLAS.referenceSgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, a: a,
                            lda: max(1, transposeA ? m : k), b: b, ldb: max(1, transposeB ? k : n), c: &out, ldc: max(1, n))
        return out
    }

    /// y = act(x W^T + b) with x [rows, k], W [n, k], b [n]; slope nil for no activation.
    public static func linear(_ x: [Float], _ w: [Float], _ b: [Float]?, rows: Int, inputs k: Int, outputs n: Int,
                              slope: Float?) -> [Float] {
        var y = matmul(x, w, m: rows, n: n, k: k, transposeB: true)
        for r in 0..<rows {
            for j in 0..<n {
                var v = y[r * n + j] + (b?[j] ?? 0)
                if let slope, v < 0 { v *= slope }
                y[r * n + j] = v
            }
        }
        return y
    }

    /// Columns `range` of each row of width n.
    public static func slice(_ x: [Float], columns n: Int, _ range: Range<Int>) -> [Float] {
        (0..<(x.count / n)).flatMap { r in range.map { x[r * n + $0] } }
    }

    /// Rows of the parts (widths given) joined side by side.
    public static func concatenate(_ parts: [[Float]], widths: [Int]) -> [Float] {
        let rows = parts[0].count / widths[0]
        return (0..<rows).flatMap { r in zip(parts, widths).flatMap { p, w in p[(r * w)..<(r * w + w)] } }
    }
}
