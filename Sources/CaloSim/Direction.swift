import Foundation

/// A unit direction vector.
struct Direction: Sendable, Equatable {
    var x: Double, y: Double, z: Double

    @inline(__always)
    init(_ x: Double, _ y: Double, _ z: Double) { self.x = x; self.y = y; self.z = z }

    /// Normalised copy (for directions built by momentum balance).
    @inline(__always)
    func normalised() -> Direction {
        let n = (x * x + y * y + z * z).squareRoot()
        if n == 0 { return Direction(0, 0, 1) }
        return Direction(x / n, y / n, z / n)
    }

    /// This direction turned by polar angle theta (cos given) and azimuth phi about itself
    /// (the standard rotation to the lab frame, as CLHEP `rotateUz`).
    @inline(__always)
    func rotated(cosTheta: Double, phi: Double) -> Direction {
        rotated(cosTheta: cosTheta, azimuth: (cos(phi), sin(phi)))
    }

    /// The same with the azimuth given as (cos phi, sin phi), a unit vector (`Azimuth.sample`).
    @inline(__always)
    func rotated(cosTheta: Double, azimuth: (cos: Double, sin: Double)) -> Direction {
        let sinTheta = larger(0, (1 - cosTheta * cosTheta)).squareRoot()
        let dx = sinTheta * azimuth.cos, dy = sinTheta * azimuth.sin, dz = cosTheta
        let perp2 = x * x + y * y
        if perp2 < 1e-20 {
            return z >= 0 ? Direction(dx, dy, dz) : Direction(-dx, -dy, -dz)
        }
        let perp = perp2.squareRoot()
        let inverse = 1 / perp
        let px = dx * inverse, py = dy * inverse
        let nx = x * z * px - y * py + x * dz
        let ny = y * z * px + x * py + y * dz
        let nz = -perp * dx + z * dz
        // The result is a unit vector up to rounding: one Newton step towards |n| = 1,
        // n (3 - |n|^2)/2, keeps the rounding from accumulating over a track (relative error
        // e becomes 3e^2/4), without a square root or a division.
        let k = 1.5 - 0.5 * (nx * nx + ny * ny + nz * nz)
        return Direction(nx * k, ny * k, nz * k)
    }
}
