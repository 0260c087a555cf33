/// The 64-bit FNV-1a hash (Fowler, Noll, Vo): a fast, non-cryptographic fingerprint of bytes.
///
/// h_0 = 0xcbf29ce484222325, h_{k+1} = (h_k xor b_k) * 0x100000001b3 (mod 2^64).
public struct FNV1a: Sendable, Equatable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
        var h = value
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        value = h
    }

    /// The hash of `bytes` in one call.
    public static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h = FNV1a()
        h.combine(bytes)
        return h.value
    }

    /// Sixteen lowercase hex digits of `value`.
    public static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
