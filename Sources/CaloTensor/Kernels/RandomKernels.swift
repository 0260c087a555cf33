import CaloSupport

/// Random fills. Parallel fills cut the tensor into fixed blocks of `block` elements, block j
/// drawing from element j of `StreamDomain.tensorFillBlocks` under the key `blockKey(seed, stream)`,
/// so the bytes do not depend on threads.
enum RandomKernels {
    static let block = 8192

    /// Box-Muller on 16 pairs: 32 consecutive words of a Philox stream give u1 (the first 16,
    /// 24 bits each, in (0, 1)) and u2 (the next 16, in [0, 1)); the result is r cos(2 pi u2)
    /// then r sin(2 pi u2), r = sqrt(-2 log u1).
    @inline(__always)
    static func boxMuller(_ words: UnsafeMutablePointer<UInt32>) -> (SIMD16<Float>, SIMD16<Float>) {
        let w1 = UnsafeRawPointer(words).loadUnaligned(as: SIMD16<UInt32>.self)
        let w2 = UnsafeRawPointer(words + 16).loadUnaligned(as: SIMD16<UInt32>.self)
        let u1 = (top24Bits(w1) + 0.5) * 0x1p-24
        let u2 = top24Bits(w2) * 0x1p-24
        let r = (-2 * SIMDMath.log(u1)).squareRoot()
        let (sin, cos) = SIMDMath.sinCosTurns(u2)
        return (r * cos, r * sin)
    }

    /// w >> 8 as exact floats, without the (scalarised) generic conversion: the low 23 bits k
    /// become the float 2^23 + k minus 2^23, and bit 23 is added the same way.
    @inline(__always)
    static func top24Bits(_ w: SIMD16<UInt32>) -> SIMD16<Float> {
        let k = w &>> 8
        let low = SIMDMath.float((k & 0x007F_FFFF) | 0x4B00_0000) - 8_388_608
        let high = SIMDMath.float((k & 0x0080_0000) | 0x4B00_0000) - 8_388_608
        return low + high
    }

    /// Writes group results (32 values, fewer at the end) scaled and shifted.
    @inline(__always)
    static func store(_ pair: (SIMD16<Float>, SIMD16<Float>), _ p: UnsafeMutablePointer<Float>, count: Int,
                      mean: Float, standardDeviation: Float) {
        let a = pair.0 * standardDeviation + mean, b = pair.1 * standardDeviation + mean
        if count >= 32 {
            store16(a, p)
            store16(b, p + 16)
        } else {
            for l in 0..<min(16, count) { p[l] = a[l] }
            for l in 0..<max(0, count - 16) { p[16 + l] = b[l] }
        }
    }

    /// Normal values from `generator`, 32 words per group of 32 values.
    static func normal(_ p: UnsafeMutablePointer<Float>, count: Int, mean: Float, standardDeviation: Float,
                       generator: inout Philox) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 32) { words in
            let w = words.baseAddress!
            var i = 0
            while i < count {
                for l in 0..<32 { w[l] = generator.next32() }
                store(boxMuller(w), p + i, count: count - i, mean: mean, standardDeviation: standardDeviation)
                i += 32
            }
        }
    }

    /// The same values as `normal(generator: Philox(seed: key, stream: stream))`, drawing the
    /// Philox blocks directly (counter = (draw, stream), key = seed; see `Philox`).
    static func normal(_ p: UnsafeMutablePointer<Float>, count: Int, mean: Float, standardDeviation: Float,
                       key: UInt64, stream: UInt64) {
        let k = (UInt32(truncatingIfNeeded: key), UInt32(truncatingIfNeeded: key >> 32))
        let s = (UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32))
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 32) { words in
            let w = words.baseAddress!
            var draw: UInt32 = 0
            var i = 0
            while i < count {
                for b in 0..<8 {
                    let r = Philox.block(counter: (draw, 0, s.0, s.1), key: k)
                    draw &+= 1
                    w[4 * b] = r.0
                    w[4 * b + 1] = r.1
                    w[4 * b + 2] = r.2
                    w[4 * b + 3] = r.3
                }
                store(boxMuller(w), p + i, count: count - i, mean: mean, standardDeviation: standardDeviation)
                i += 32
            }
        }
    }

    /// A key for the block generators of stream `stream` under `seed`: draw number `stream` of
    /// the `StreamDomain.tensorFillKeys` stream under `seed`, its first two words.
    static func blockKey(seed: UInt64, stream: UInt64) -> UInt64 {
        let s = StreamDomain.tensorFillKeys.stream(0)
        let b = Philox.block(counter: (UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32),
                                       UInt32(truncatingIfNeeded: s), UInt32(truncatingIfNeeded: s >> 32)),
                             key: (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)))
        return UInt64(b.0) | UInt64(b.1) << 32
    }

    static func parallelNormal(_ p: UnsafeMutablePointer<Float>, count: Int, mean: Float, standardDeviation: Float,
                               seed: UInt64, stream: UInt64) {
        let key = blockKey(seed: seed, stream: stream)
        let out = SendablePointer(p)
        let blocks = (count + block - 1) / block
        Threads.parallelFor(blocks, threads: count >= Kernels.parallelThreshold ? Kernels.threads : 1) { j in
            let lo = j * block
            normal(out.base + lo, count: min(block, count - lo), mean: mean, standardDeviation: standardDeviation,
                   key: key, stream: StreamDomain.tensorFillBlocks.stream(UInt64(j)))
        }
    }

    static func parallelUniform(_ p: UnsafeMutablePointer<Float>, count: Int, low: Float, high: Float,
                                seed: UInt64, stream: UInt64) {
        let key = blockKey(seed: seed, stream: stream)
        let out = SendablePointer(p)
        let blocks = (count + block - 1) / block
        Threads.parallelFor(blocks, threads: count >= Kernels.parallelThreshold ? Kernels.threads : 1) { j in
            var g = StreamDomain.tensorFillBlocks.generator(key: key, index: UInt64(j))
            let lo = j * block
            for i in lo..<min(lo + block, count) { out.base[i] = low + (high - low) * g.uniformFloat() }
        }
    }
}
