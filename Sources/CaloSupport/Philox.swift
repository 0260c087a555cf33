import _CPhiloxKernels

/// Philox4x32-10 counter-based random number generator (Salmon et al., "Parallel random
/// numbers: as easy as 1, 2, 3", SC'11; docs/physics.md §12.6).
///
/// A stream is keyed by (seed, stream index): counter = (draw lo, draw hi, stream lo, stream hi),
/// key = (seed lo, seed hi). Event `i` of a run always sees the same numbers, whatever thread
/// simulates it, so output is identical for any thread count.
///
/// Words come sixteen blocks at a time (counters draw ... draw + 15 computed in SIMD lanes: the
/// AVX-512 or AVX2 kernel of `_CPhiloxKernels` where the CPU has it, else four `blocks4`), in the
/// order of single blocks: the stream is the one `block` defines, word for word, on every CPU.
public struct Philox: RandomNumberGenerator, Sendable {
    public typealias Block = (UInt32, UInt32, UInt32, UInt32)

    @usableFromInline let key: (UInt32, UInt32)
    @usableFromInline let stream: (UInt32, UInt32)
    /// Counter (draw lo, draw hi) of the next block to compute.
    @usableFromInline var draw: UInt64 = 0
    /// Sixteen blocks, block j in words 4j ..< 4j + 4.
    @usableFromInline var buffer = SIMD64<UInt32>()
    @usableFromInline var used = 64

    /// The stream for `stream` (for example a shower index) under `seed`.
    public init(seed: UInt64, stream: UInt64) {
        key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        self.stream = (UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32))
    }

    /// The raw Philox4x32-10 bijection of one 128-bit counter under a 64-bit key.
    @inlinable
    public static func block(counter: Block, key: (UInt32, UInt32)) -> Block {
        var (c0, c1, c2, c3) = counter
        var (k0, k1) = key
        for round in 0..<10 {
            if round > 0 {
                k0 &+= 0x9E37_79B9
                k1 &+= 0xBB67_AE85
            }
            let p0 = UInt32(0xD251_1F53).multipliedFullWidth(by: c0)
            let p1 = UInt32(0xCD9E_8D57).multipliedFullWidth(by: c2)
            (c0, c1, c2, c3) = (p1.high ^ c1 ^ k0, p1.low, p0.high ^ c3 ^ k1, p0.low)
        }
        return (c0, c1, c2, c3)
    }

    /// Four blocks at once: counters (draw + j lo, draw + j hi, stream lo, stream hi), j = 0 ... 3,
    /// each exactly `block`. The lanes hold 32-bit words in 64-bit lanes, so a 32 x 32 -> 64-bit
    /// product is one lane multiply (SSE2 pmuludq); words 4j ..< 4j + 4 of the result are block j.
    @inlinable
    public static func blocks4(draw: UInt64, stream: (UInt32, UInt32), key: (UInt32, UInt32)) -> SIMD16<UInt32> {
        let low32 = SIMD4<UInt64>(repeating: 0xFFFF_FFFF)
        let d = SIMD4<UInt64>(repeating: draw) &+ SIMD4<UInt64>(0, 1, 2, 3)
        var c0 = d & low32, c1 = d &>> 32
        var c2 = SIMD4<UInt64>(repeating: UInt64(stream.0)), c3 = SIMD4<UInt64>(repeating: UInt64(stream.1))
        var k0 = UInt64(key.0), k1 = UInt64(key.1)
        for round in 0..<10 {
            if round > 0 {
                k0 = (k0 &+ 0x9E37_79B9) & 0xFFFF_FFFF
                k1 = (k1 &+ 0xBB67_AE85) & 0xFFFF_FFFF
            }
            // (The masks are no-ops, every lane is below 2^32, but let the compiler see it across
            // the loop and emit one 32 x 32 -> 64-bit multiply per lane.)
            let p0 = (c0 & low32) &* 0xD251_1F53, p1 = (c2 & low32) &* 0xCD9E_8D57
            c0 = (p1 &>> 32) ^ c1 ^ SIMD4(repeating: k0)
            c1 = p1 & low32
            c2 = (p0 &>> 32) ^ c3 ^ SIMD4(repeating: k1)
            c3 = p0 & low32
        }
        let w0 = SIMD4<UInt32>(truncatingIfNeeded: c0), w1 = SIMD4<UInt32>(truncatingIfNeeded: c1)
        let w2 = SIMD4<UInt32>(truncatingIfNeeded: c2), w3 = SIMD4<UInt32>(truncatingIfNeeded: c3)
        return SIMD16(w0[0], w1[0], w2[0], w3[0], w0[1], w1[1], w2[1], w3[1],
                      w0[2], w1[2], w2[2], w3[2], w0[3], w1[3], w2[3], w3[3])
    }

    /// The next 32 random bits.
    @inlinable
    public mutating func next32() -> UInt32 {
        if used == 64 { refill() }
        // The word is read where it lies: a dynamic index into the SIMD value would first copy all
        // 256 bytes of it. (used < 64 here; the mask keeps the offset inside the buffer.)
        let offset = (used & 63) &* MemoryLayout<UInt32>.stride
        let w = withUnsafeBytes(of: &buffer) { $0.load(fromByteOffset: offset, as: UInt32.self) }
        used &+= 1
        return w
    }

    @usableFromInline
    mutating func refill() {
        buffer = Philox.blocks16(draw: draw, stream: stream, key: key, kernel: PhiloxKernel.best)
        draw &+= 16
        used = 0
    }

    /// Sixteen blocks, counters draw ... draw + 15, on `kernel` (which the CPU must have): block j
    /// in words 4j ..< 4j + 4, the same words on every kernel.
    public static func blocks16(draw: UInt64, stream: (UInt32, UInt32), key: (UInt32, UInt32),
                                kernel: PhiloxKernel) -> SIMD64<UInt32> {
        var words = SIMD64<UInt32>()
        switch kernel {
        case .avx512, .avx2:
            let isa = kernel == .avx512 ? CALOSIM_PHILOX_AVX512 : CALOSIM_PHILOX_AVX2
            withUnsafeMutableBytes(of: &words) { raw in
                calosim_philox_blocks16(isa, draw, stream.0, stream.1, key.0, key.1,
                                        raw.baseAddress!.assumingMemoryBound(to: UInt32.self))
            }
        case .portable:
            for q in 0..<4 {
                let four = blocks4(draw: draw &+ UInt64(4 * q), stream: stream, key: key)
                for i in 0..<16 { words[16 * q + i] = four[i] }
            }
        }
        return words
    }

    public mutating func next() -> UInt64 {
        UInt64(next32()) << 32 | UInt64(next32())
    }

    /// A uniform double in the open interval (0, 1), 53 bits from two words; never 0 or 1.
    @inlinable
    public mutating func uniform() -> Double {
        let w0 = next32(), w1 = next32()
        return (Double(w0 >> 5) * 67_108_864.0 + Double(w1 >> 6) + 0.5) * 0x1p-53
    }

    /// A uniform float in [0, 1) from 24 bits.
    @inlinable
    public mutating func uniformFloat() -> Float {
        Float(next32() >> 8) * 0x1p-24
    }
}
