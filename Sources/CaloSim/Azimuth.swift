import CaloSupport

/// A uniform azimuth as (cos phi, sin phi) without trigonometry: a point uniform in the square
/// [-1, 1]^2 is accepted inside the unit disc (probability pi/4, 2.55 words on average) and
/// normalised; its direction is uniform in [0, 2 pi) by symmetry (von Neumann, "Various techniques
/// used in connection with random digits", 1951).
/// Points within 2^-20 of the centre are refused, where the 2^-31 grid of the coordinates would
/// make the angle coarse. The plain reference is (cos(2 pi u), sin(2 pi u)).
enum Azimuth {
    @inline(__always)
    static func sample(rng: inout Philox) -> (cos: Double, sin: Double) {
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
