/// Sums, and the broadcast materialisation that is their adjoint.
enum ReduceKernels {
    /// Sum of n contiguous floats: 4 x SIMD16 partial sums.
    @inline(__always)
    static func sumRun(_ p: UnsafeMutablePointer<Float>, _ n: Int) -> Float {
        var s0 = SIMD16<Float>(), s1 = SIMD16<Float>(), s2 = SIMD16<Float>(), s3 = SIMD16<Float>()
        var i = 0
        while i + 64 <= n {
            s0 += load16(p + i); s1 += load16(p + i + 16); s2 += load16(p + i + 32); s3 += load16(p + i + 48)
            i += 64
        }
        while i + 16 <= n { s0 += load16(p + i); i += 16 }
        var s = ((s0 + s1) + (s2 + s3)).sum()
        while i < n { s += p[i]; i += 1 }
        return s
    }

    /// Sum of all elements: blocks of 4096 in Float, blocks added in Double.
    static func sumAll(_ p: UnsafeMutablePointer<Float>, _ n: Int) -> Float {
        let block = 4096
        let blocks = (n + block - 1) / block
        if blocks <= 1 { return sumRun(p, n) }
        let partial = TensorStorage(uninitializedCount: blocks)
        let src = SendablePointer(p), dst = SendablePointer(partial.base)
        Kernels.split(blocks, work: n, unit: 1) { lo, hi in
            for b in lo..<hi { dst.base[b] = sumRun(src.base + b * block, Swift.min(block, n - b * block)) }
        }
        var total = 0.0
        for b in 0..<blocks { total += Double(partial.base[b]) }
        return Float(total)
    }

    /// out[o, i] = sum over a of x[o, a, i] for x of (outer, length, inner).
    static func sumAxis(_ x: UnsafeMutablePointer<Float>, outer: Int, length: Int, inner: Int,
                        _ out: UnsafeMutablePointer<Float>) {
        let src = SendablePointer(x), dst = SendablePointer(out)
        if inner == 1 {
            Kernels.split(outer, work: outer * length, unit: 1) { lo, hi in
                for o in lo..<hi { dst.base[o] = sumRun(src.base + o * length, length) }
            }
            return
        }
        for o in 0..<outer {
            let xo = SendablePointer(x + o * length * inner), yo = SendablePointer(out + o * inner)
            Kernels.split(inner, work: length * inner) { lo, hi in
                let y = yo.base
                if length == 0 {
                    y.advanced(by: lo).update(repeating: 0, count: hi - lo)
                    return
                }
                y.advanced(by: lo).update(from: xo.base + lo, count: hi - lo)
                for a in 1..<length {
                    let row = xo.base + a * inner
                    var i = lo
                    while i + 16 <= hi { store16(load16(y + i) + load16(row + i), y + i); i += 16 }
                    while i < hi { y[i] += row[i]; i += 1 }
                }
            }
        }
    }

    /// Writes x (of `input` shape) broadcast to `output` shape into `out`.
    static func expand(_ x: UnsafeMutablePointer<Float>, input: [Int], output: [Int], _ out: UnsafeMutablePointer<Float>) {
        let n = Shape.count(output)
        switch Broadcast.of(input, to: output) {
        case .same:
            out.update(from: x, count: n)
        case .scalar:
            out.update(repeating: x[0], count: n)
        case .row(let m):
            for r in 0..<(n / m) { (out + r * m).update(from: x, count: m) }
        case .column(let m):
            for r in 0..<(n / m) { (out + r * m).update(repeating: x[r], count: m) }
        case .general:
            BroadcastRuns(small: input, large: output).expand(x, into: out)
        }
    }

    /// Sums x (of `input` shape) down to `output` shape (the adjoint of `expand`) into `out`.
    static func sumTo(_ x: UnsafeMutablePointer<Float>, input: [Int], output: [Int], _ out: UnsafeMutablePointer<Float>) {
        let n = Shape.count(input)
        switch Broadcast.of(output, to: input) {
        case .same:
            out.update(from: x, count: n)
        case .scalar:
            out[0] = sumAll(x, n)
        case .row(let m):
            sumAxis(x, outer: 1, length: n / m, inner: m, out)
        case .column(let m):
            sumAxis(x, outer: n / m, length: m, inner: 1, out)
        case .general:
            out.update(repeating: 0, count: Shape.count(output))
            BroadcastRuns(small: output, large: input).sumTo(x, into: out)
        }
    }
}
