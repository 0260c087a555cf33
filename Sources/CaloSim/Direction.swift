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
    ///
    /// The local vector (sin theta cos phi, sin theta sin phi, cos theta) is carried to the lab by
    /// an orthogonal map Q with Q e_z = d: for z >= 0 the rotation
    /// Q = [[1 - x^2 k, -x y k, x], [-x y k, 1 - y^2 k, y], [-x, -y, z]], k = 1/(1 + z), and for
    /// z < 0 the same built on (x, y, -z) followed by the reflection z -> -z (any such map gives
    /// the same distribution, phi being uniform, and keeps two azimuths phi and phi + pi coplanar
    /// with d). One division and no square root besides sin theta, and no special case along
    /// the z axis (CLHEP's `rotateUz` needs sqrt(x^2 + y^2) and one).
    @inline(__always)
    func rotated(cosTheta: Double, azimuth: (cos: Double, sin: Double)) -> Direction {
        let sinTheta = larger(0, (1 - cosTheta * cosTheta)).squareRoot()
        let dx = sinTheta * azimuth.cos, dy = sinTheta * azimuth.sin, dz = cosTheta
        let az = abs(z)
        let p = dx * x + dy * y
        let q = p / (1 + az)
        let nx = dx - x * q + dz * x
        let ny = dy - y * q + dz * y
        let nzMagnitude = dz * az - p
        let nz = z < 0 ? -nzMagnitude : nzMagnitude
        // The result is a unit vector up to rounding: one Newton step towards |n| = 1,
        // n (3 - |n|^2)/2, keeps the rounding from accumulating over a track (relative error
        // e becomes 3e^2/4), without a square root or a division.
        let k = 1.5 - 0.5 * (nx * nx + ny * ny + nz * nz)
        return Direction(nx * k, ny * k, nz * k)
    }
}
