import Foundation

/// Shared comparison helpers for tests: explicit tolerances and messages that say how far off.
public enum Tolerance {
    /// Compares two arrays elementwise with |a - b| <= abs + rel * |b|; returns nil when they
    /// agree, otherwise a message with the max absolute and relative errors and the first bad index.
    public static func compare(_ a: [Float], _ b: [Float], abs absTol: Float = 1e-5, rel relTol: Float = 1e-4) -> String? {
        guard a.count == b.count else { return "count \(a.count) vs \(b.count)" }
        var maxAbs: Float = 0, maxRel: Float = 0, first = -1
        for i in 0..<a.count {
            let d = Swift.abs(a[i] - b[i])
            maxAbs = max(maxAbs, d)
            let r = d / max(Swift.abs(b[i]), 1e-30)
            maxRel = max(maxRel, r)
            if (d > absTol + relTol * Swift.abs(b[i]) || a[i].isNaN != b[i].isNaN) && first < 0 { first = i }
        }
        if first < 0 { return nil }
        return "max abs err \(maxAbs), max rel err \(maxRel), first at [\(first)]: \(a[first]) vs \(b[first])"
    }
}

/// A small seeded generator for test data (SplitMix64), independent of the library's.
public struct TestRNG: RandomNumberGenerator {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform Float in [lo, hi).
    public mutating func float(_ lo: Float = -1, _ hi: Float = 1) -> Float {
        lo + (hi - lo) * Float(next() >> 40) / Float(1 << 24)
    }
    public mutating func floats(_ n: Int, _ lo: Float = -1, _ hi: Float = 1) -> [Float] {
        (0..<n).map { _ in float(lo, hi) }
    }
}
