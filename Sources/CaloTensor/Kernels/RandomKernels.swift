import CaloSupport
import Foundation

/// Random fills. Parallel fills cut the tensor into fixed blocks of `block` elements, block j
/// drawing from Philox(seed: key(seed, stream), stream: j), so the bytes do not depend on threads.
enum RandomKernels {
    static let block = 8192

    /// Box-Muller pairs from 24-bit uniforms in (0, 1).
    @inline(__always)
    static func normal(_ p: UnsafeMutablePointer<Float>, count: Int, mean: Float, standardDeviation: Float,
                       generator: inout Philox) {
        var i = 0
        while i < count {
            let u1 = (Float(generator.next32() >> 8) + 0.5) * 0x1p-24
            let u2 = Float(generator.next32() >> 8) * 0x1p-24
            let r = (-2 * Foundation.log(u1)).squareRoot() * standardDeviation
            let theta = 2 * Float.pi * u2
            p[i] = mean + r * Foundation.cos(theta)
            if i + 1 < count { p[i + 1] = mean + r * Foundation.sin(theta) }
            i += 2
        }
    }

    /// A key for the block generators of stream `stream` under `seed`.
    static func blockKey(seed: UInt64, stream: UInt64) -> UInt64 {
        let b = Philox.block(counter: (UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32),
                                       0x7E45_0001, 0),
                             key: (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32)))
        return UInt64(b.0) | UInt64(b.1) << 32
    }

    static func parallelNormal(_ p: UnsafeMutablePointer<Float>, count: Int, mean: Float, standardDeviation: Float,
                               seed: UInt64, stream: UInt64) {
        let key = blockKey(seed: seed, stream: stream)
        let out = SendablePointer(p)
        let blocks = (count + block - 1) / block
        Threads.parallelFor(blocks, threads: count >= Kernels.parallelThreshold ? Kernels.threads : 1) { j in
            var g = Philox(seed: key, stream: UInt64(j))
            let lo = j * block
            normal(out.base + lo, count: min(block, count - lo), mean: mean, standardDeviation: standardDeviation,
                   generator: &g)
        }
    }

    static func parallelUniform(_ p: UnsafeMutablePointer<Float>, count: Int, low: Float, high: Float,
                                seed: UInt64, stream: UInt64) {
        let key = blockKey(seed: seed, stream: stream)
        let out = SendablePointer(p)
        let blocks = (count + block - 1) / block
        Threads.parallelFor(blocks, threads: count >= Kernels.parallelThreshold ? Kernels.threads : 1) { j in
            var g = Philox(seed: key, stream: UInt64(j))
            let lo = j * block
            for i in lo..<min(lo + block, count) { out.base[i] = low + (high - low) * g.uniformFloat() }
        }
    }
}
