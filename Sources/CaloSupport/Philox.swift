/// Philox4x32-10 counter-based random number generator (Salmon et al., "Parallel random
/// numbers: as easy as 1, 2, 3", SC'11; docs/physics.md §12.6).
///
/// A stream is keyed by (seed, stream index): counter = (draw lo, draw hi, stream lo, stream hi),
/// key = (seed lo, seed hi). Event `i` of a run always sees the same numbers, whatever thread
/// simulates it, so output is identical for any thread count.
public struct Philox: RandomNumberGenerator, Sendable {
    public typealias Block = (UInt32, UInt32, UInt32, UInt32)

    @usableFromInline let key: (UInt32, UInt32)
    @usableFromInline let stream: (UInt32, UInt32)
    @usableFromInline var draw: UInt64 = 0
    @usableFromInline var buffer: Block = (0, 0, 0, 0)
    @usableFromInline var used = 4

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

    /// The next 32 random bits.
    @inlinable
    public mutating func next32() -> UInt32 {
        if used == 4 { refill() }
        let w: UInt32
        switch used {
        case 0: w = buffer.0
        case 1: w = buffer.1
        case 2: w = buffer.2
        default: w = buffer.3
        }
        used += 1
        return w
    }

    @usableFromInline
    mutating func refill() {
        buffer = Philox.block(counter: (UInt32(truncatingIfNeeded: draw), UInt32(truncatingIfNeeded: draw >> 32),
                                        stream.0, stream.1), key: key)
        draw &+= 1
        used = 0
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
