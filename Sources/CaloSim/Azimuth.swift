import CaloSupport
import Foundation

/// A uniform azimuth as (cos phi, sin phi) from one 32-bit word, without a call to a
/// trigonometric function or a rejection loop: the word's top 10 bits choose one of 1,024 equal
/// sectors, whose start (cos phi_k, sin phi_k) is tabulated, and the low 22 bits the angle
/// b in [0, 2 pi / 1024) within it, turned by the angle-sum formulas with cos b and sin b from
/// their Taylor series to b^4 and b^5 (truncation below 1e-16 for b < 0.0062). The resolution is
/// 2 pi 2^-32 = 1.5e-9 rad.
///
/// `sampleByRejection` is the plain reference: a point uniform in the square [-1, 1]^2 accepted
/// inside the unit disc and normalised (von Neumann, "Various techniques used in connection with
/// random digits", 1951), points within 2^-20 of the centre refused.
enum Azimuth {
    static let sectors = 1024
    /// (cos phi_k, sin phi_k) for phi_k = 2 pi k / 1024, interleaved.
    static let table: [Double] = (0..<sectors).flatMap { k -> [Double] in
        let phi = 2 * Double.pi * Double(k) / Double(sectors)
        return [cos(phi), sin(phi)]
    }

    @inline(__always)
    static func sample(rng: inout Philox) -> (cos: Double, sin: Double) {
        sample(table: table, rng: &rng)
    }

    /// The same with `table` passed in (the transport holds it, so that its loops do not go through
    /// the lazy global's accessor).
    @inline(__always)
    static func sample(table: [Double], rng: inout Philox) -> (cos: Double, sin: Double) {
        let w = rng.next32()
        let k = Int(w >> 22) &* 2
        let b = (Double(w & 0x3F_FFFF) + 0.5) * (2 * Double.pi / Double(sectors) * 0x1p-22)
        let b2 = b * b
        let cb = 1 - b2 * (0.5 - b2 * (1.0 / 24))
        let sb = b * (1 - b2 * (1.0 / 6 - b2 * (1.0 / 120)))
        return table.withUnsafeBufferPointer { t in
            let c = t[k], s = t[k &+ 1]
            return (c * cb - s * sb, s * cb + c * sb)
        }
    }

    /// The plain reference of `sample`.
    static func sampleByRejection(rng: inout Philox) -> (cos: Double, sin: Double) {
        while true {
            let u = 2 * rng.uniform32() - 1, v = 2 * rng.uniform32() - 1
            let r2 = u * u + v * v
            if r2 <= 1 && r2 >= 0x1p-40 {
                let inverse = 1 / r2.squareRoot()
                return (u * inverse, v * inverse)
            }
        }
    }
}
