import CaloSupport

/// Engine-wide settings.
public enum TensorConfiguration {
    /// Threads the elementwise and reduction kernels split large tensors over
    /// (OpenBLAS has its own setting, `BLAS.threads`).
    public static var threads: Int {
        get { Kernels.threads }
        set { Kernels.threads = max(1, newValue) }
    }
}

/// An elementwise function of one argument, on 16 lanes and on one element.
@usableFromInline
protocol UnaryKernel: Sendable {
    func callAsFunction(_ x: SIMD16<Float>) -> SIMD16<Float>
    func callAsFunction(_ x: Float) -> Float
}

/// An elementwise function of two arguments, on 16 lanes and on one element.
@usableFromInline
protocol BinaryKernel: Sendable {
    func callAsFunction(_ a: SIMD16<Float>, _ b: SIMD16<Float>) -> SIMD16<Float>
    func callAsFunction(_ a: Float, _ b: Float) -> Float
}

@inline(__always)
func load16(_ p: UnsafeMutablePointer<Float>) -> SIMD16<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
}

@inline(__always)
func store16(_ v: SIMD16<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD16<Float>.self)
}

/// The loops behind the ops: SIMD16 over contiguous runs, split over threads when large.
enum Kernels {
    nonisolated(unsafe) static var threads = Threads.available
    /// Below this many elements an op runs on the calling thread.
    static let parallelThreshold = 1 << 16

    /// Runs `body(lo, hi)` over pieces of 0..<count (pieces aligned to `unit`), in parallel when
    /// `work` (elements touched) is large.
    @inline(__always)
    static func split(_ count: Int, work: Int, unit: Int = 16, _ body: @Sendable (Int, Int) -> Void) {
        let t = threads
        if work < parallelThreshold || t <= 1 || count < 2 * unit {
            body(0, count)
            return
        }
        let per = ((count + t - 1) / t + unit - 1) / unit * unit
        Threads.parallelFor(t, threads: t) { i in
            let lo = i * per, hi = min(count, lo + per)
            if lo < hi { body(lo, hi) }
        }
    }

    /// dst[i] = k(src[i]).
    @inline(__always)
    static func map<K: UnaryKernel>(_ k: K, _ src: UnsafeMutablePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                                    _ count: Int) {
        let s = SendablePointer(src), d = SendablePointer(dst)
        split(count, work: count) { lo, hi in
            var i = lo
            while i + 16 <= hi {
                store16(k(load16(s.base + i)), d.base + i)
                i += 16
            }
            while i < hi {
                d.base[i] = k(s.base[i])
                i += 1
            }
        }
    }

    /// dst[i] = k(src[i]) on the calling thread (a piece of a larger parallel loop).
    @inline(__always)
    static func mapSerial<K: UnaryKernel>(_ k: K, _ src: UnsafeMutablePointer<Float>, _ dst: UnsafeMutablePointer<Float>,
                                          _ count: Int) {
        var i = 0
        while i + 16 <= count {
            store16(k(load16(src + i)), dst + i)
            i += 16
        }
        while i < count {
            dst[i] = k(src[i])
            i += 1
        }
    }

    /// dst = k(a, b) with b laid against a (and dst) by `mode`; `aIsScalar` swaps roles so that
    /// a one-element a broadcasts over b.
    @inline(__always)
    static func zip<K: BinaryKernel>(_ k: K, _ a: UnsafeMutablePointer<Float>, _ aMode: Broadcast,
                                     _ b: UnsafeMutablePointer<Float>, _ bMode: Broadcast,
                                     _ dst: UnsafeMutablePointer<Float>, _ count: Int) {
        let pa = SendablePointer(a), pb = SendablePointer(b), d = SendablePointer(dst)
        switch (aMode, bMode) {
        case (.same, .same):
            split(count, work: count) { lo, hi in
                var i = lo
                while i + 16 <= hi { store16(k(load16(pa.base + i), load16(pb.base + i)), d.base + i); i += 16 }
                while i < hi { d.base[i] = k(pa.base[i], pb.base[i]); i += 1 }
            }
        case (.same, .scalar):
            let s = b[0], v = SIMD16<Float>(repeating: s)
            split(count, work: count) { lo, hi in
                var i = lo
                while i + 16 <= hi { store16(k(load16(pa.base + i), v), d.base + i); i += 16 }
                while i < hi { d.base[i] = k(pa.base[i], s); i += 1 }
            }
        case (.scalar, .same):
            let s = a[0], v = SIMD16<Float>(repeating: s)
            split(count, work: count) { lo, hi in
                var i = lo
                while i + 16 <= hi { store16(k(v, load16(pb.base + i)), d.base + i); i += 16 }
                while i < hi { d.base[i] = k(s, pb.base[i]); i += 1 }
            }
        case (.same, .row(let n)), (.row(let n), .same):
            let rowIsA = aMode != .same
            split(count / n, work: count, unit: 1) { lo, hi in
                for r in lo..<hi {
                    let o = r * n
                    var j = 0
                    if rowIsA {
                        while j + 16 <= n { store16(k(load16(pa.base + j), load16(pb.base + o + j)), d.base + o + j); j += 16 }
                        while j < n { d.base[o + j] = k(pa.base[j], pb.base[o + j]); j += 1 }
                    } else {
                        while j + 16 <= n { store16(k(load16(pa.base + o + j), load16(pb.base + j)), d.base + o + j); j += 16 }
                        while j < n { d.base[o + j] = k(pa.base[o + j], pb.base[j]); j += 1 }
                    }
                }
            }
        case (.same, .column(let n)), (.column(let n), .same):
            let columnIsA = aMode != .same
            split(count / n, work: count, unit: 1) { lo, hi in
                for r in lo..<hi {
                    let o = r * n
                    let s = columnIsA ? pa.base[r] : pb.base[r]
                    let v = SIMD16<Float>(repeating: s)
                    var j = 0
                    if columnIsA {
                        while j + 16 <= n { store16(k(v, load16(pb.base + o + j)), d.base + o + j); j += 16 }
                        while j < n { d.base[o + j] = k(s, pb.base[o + j]); j += 1 }
                    } else {
                        while j + 16 <= n { store16(k(load16(pa.base + o + j), v), d.base + o + j); j += 16 }
                        while j < n { d.base[o + j] = k(pa.base[o + j], s); j += 1 }
                    }
                }
            }
        default:
            requirementFailed("zip: unsupported layout \(aMode), \(bMode) (expand first)")
        }
    }
}
