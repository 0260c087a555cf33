import CaloSupport
import Foundation

/// A fingerprint of the running calosim build, which the ranks of one MPI job compare before
/// they train together: ranks of different builds (another version, or the same version built
/// differently) could round differently and break the equality of their model copies.
///
/// fingerprint = FNV-1a over the version string, then over the executable's bytes
/// (/proc/self/exe) in 8-byte words: h = (h xor w) * 0x100000001b3 (mod 2^64), the tail
/// zero-padded.
public enum BuildIdentity {
    public static let fingerprint: UInt64 = compute()

    /// "calosim 0.1.0, executable 1234abcd...", as quoted when ranks disagree.
    public static var description: String { "calosim \(CalosimVersion.string), executable \(FNV1a.hex(fingerprint))" }

    static func compute() -> UInt64 {
        var h = FNV1a()
        h.combine(Array(CalosimVersion.string.utf8))
        var value = h.value
        guard let file = FileHandle(forReadingAtPath: "/proc/self/exe") else { return value }
        defer { try? file.close() }
        while let chunk = try? file.read(upToCount: 1 << 22), !chunk.isEmpty {
            value = wordHash(chunk, from: value)
        }
        return value
    }

    /// FNV-1a step over the 8-byte little-endian words of `bytes` (the last one zero-padded).
    static func wordHash(_ bytes: Data, from start: UInt64) -> UInt64 {
        var h = start
        bytes.withUnsafeBytes { raw in
            let words = raw.count / 8
            for i in 0..<words { h = (h ^ raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)) &* 0x0000_0100_0000_01b3 }
            var tail: UInt64 = 0
            for (j, b) in raw[(8 * words)...].enumerated() { tail |= UInt64(b) << (8 * UInt64(j)) }
            if raw.count % 8 != 0 { h = (h ^ tail) &* 0x0000_0100_0000_01b3 }
        }
        return h
    }
}
