/// Vectorised transcendental functions after Cephes (S. Moshier) `expf`, `logf`, `sinf`,
/// `cosf`: relative error about 1e-7 on the ranges used. Integer conversions go
/// through bit patterns (the generic SIMD conversions are not vectorised).
@usableFromInline
enum SIMDMath {
    @usableFromInline typealias V = SIMD16<Float>
    @usableFromInline typealias U = SIMD16<UInt32>

    @usableFromInline @inline(__always) static func bits(_ x: V) -> U { unsafeBitCast(x, to: U.self) }
    @usableFromInline @inline(__always) static func float(_ x: U) -> V { unsafeBitCast(x, to: V.self) }

    /// e^x for x in [-87.3, 88.7] (the finite, normal results); callers handle the rest.
    @usableFromInline @inline(__always)
    static func exp(_ x: V) -> V {
        // x = n ln 2 + r, |r| <= ln 2 / 2; n by adding 1.5 * 2^23 (round to nearest).
        let shifted = x * 1.442_695_040_888_963_4 + 12_582_912
        let n = shifted - 12_582_912
        let r = x - n * 0.693_359_375 + n * 2.121_944_40e-4
        var p = V(repeating: 1.987_569_150_0e-4)
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        p = p * r * r + r + 1
        // 2^n from the low bits of the shifted value (n + 2^22 + 2^23).
        let twoN = float((bits(shifted) &- 0x4B40_0000 &+ 127) &<< 23)
        return p * twoN
    }

    /// Natural logarithm for finite x > 0.
    @inline(__always)
    static func log(_ x: V) -> V {
        let b = bits(x)
        // x = m 2^e with m in [0.5, 1); the biased exponent converted exactly via 2^23.
        var e = float((b &>> 23) | 0x4B00_0000) - (8_388_608 + 126)
        var m = float((b & 0x807F_FFFF) | 0x3F00_0000)
        let small = m .< 0.707_106_781_186_547_524
        e = e.replacing(with: e - 1, where: small)
        m = m.replacing(with: m + m - 1, where: small).replacing(with: m - 1, where: .!small)
        let z = m * m
        var y = V(repeating: 7.037_683_629_2e-2)
        y = y * m - 1.151_461_031_0e-1
        y = y * m + 1.167_699_874_0e-1
        y = y * m - 1.242_014_084_6e-1
        y = y * m + 1.424_932_278_7e-1
        y = y * m - 1.666_805_766_5e-1
        y = y * m + 2.000_071_476_5e-1
        y = y * m - 2.499_999_399_3e-1
        y = y * m + 3.333_333_117_4e-1
        y = y * m * z
        y += -2.121_944_40e-4 * e
        y += -0.5 * z
        return m + y + 0.693_359_375 * e
    }

    /// (sin 2 pi u, cos 2 pi u) for u in [0, 1).
    @inline(__always)
    static func sinCosTurns(_ u: V) -> (sin: V, cos: V) {
        let t = u * 4
        let q = (t + 8_388_608) - 8_388_608  // nearest integer, 0...4
        let a = (t - q) * (Float.pi / 2)     // in [-pi/4, pi/4]
        let z = a * a
        var s = V(repeating: -1.951_529_589_1e-4)
        s = s * z + 8.332_160_873_6e-3
        s = s * z - 1.666_665_461_1e-1
        s = a + a * z * s
        var c = V(repeating: 2.443_315_711_809_948e-5)
        c = c * z - 1.388_731_625_493_765e-3
        c = c * z + 4.166_664_568_298_827e-2
        c = 1 - 0.5 * z + z * z * c
        // Rotate by q quarter turns.
        let q1 = q .== 1, q2 = q .== 2, q3 = q .== 3
        let sin = s.replacing(with: c, where: q1).replacing(with: -s, where: q2).replacing(with: -c, where: q3)
        let cos = c.replacing(with: -s, where: q1).replacing(with: -c, where: q2).replacing(with: s, where: q3)
        return (sin, cos)
    }
}

/// The engine's vectorised transcendental functions, for fused kernels outside this module.
public enum VectorMath {
    /// e^x on 16 lanes (Cephes polynomial, relative error about 1e-7) for x in [-87.3, 88.7].
    @inlinable @inline(__always)
    public static func exp(_ x: SIMD16<Float>) -> SIMD16<Float> { SIMDMath.exp(x) }
}
