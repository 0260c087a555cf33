import CaloSupport
import Foundation

/// Standard normal deviates by the ziggurat method (G. Marsaglia, W. W. Tsang, "The Ziggurat Method
/// for Generating Random Variables", J. Stat. Softw. 5 (2000) 8), with 256 layers and the layer
/// index drawn from bits that are not used for the abscissa (J. A. Doornik, "An Improved Ziggurat
/// Method to Generate Normal Random Samples", 2005): one 32-bit word per deviate on the fast path
/// (98.8 % of draws), no transcendental function. `EnergyLossFluctuation.polarGaussian` is the
/// plain reference the tests compare it with.
///
/// The density f(x) = exp(-x^2/2) is covered by 255 rectangles and a base strip of equal area v:
/// x_1 = r, x_{i+1} = sqrt(-2 ln(v/x_i + f(x_i))), x_256 = 0, and the base strip of width
/// x_0 = v/f(r) holds the tail beyond r, sampled by Marsaglia's exponential method.
enum ZigguratNormal {
    /// The start of the tail, r, for 256 layers.
    static let r = 3.654152885361008796
    static let layers = 256

    /// The layer edges x_0 ... x_256 (x_0 = v/f(r), x_1 = r, x_256 = 0) and f(x_i) = exp(-x_i^2/2),
    /// interleaved per layer as (x_i, x_{i+1}, f(x_i), f(x_{i+1})) so one layer is one cache line.
    static let table: [Double] = {
        let f = { (x: Double) in exp(-0.5 * x * x) }
        // v = r f(r) + integral_r^inf f, the area of every layer.
        let v = r * f(r) + (Double.pi / 2).squareRoot() * erfc(r / 2.0.squareRoot())
        var x = [Double](repeating: 0, count: layers + 1)
        x[0] = v / f(r)
        x[1] = r
        for i in 1..<(layers - 1) { x[i + 1] = (-2 * log(v / x[i] + f(x[i]))).squareRoot() }
        x[layers] = 0
        var t = [Double]()
        t.reserveCapacity(4 * layers)
        for i in 0..<layers { t += [x[i], x[i + 1], f(x[i]), f(x[i + 1])] }
        return t
    }()

    /// One standard normal deviate: the word's low 8 bits choose the layer, bit 8 the sign and the
    /// upper 23 bits the abscissa within the layer; a draw outside the layer's inner rectangle is
    /// accepted under the density with one more uniform, or, in the base strip, from the tail.
    @inline(__always)
    static func sample(table: [Double], rng: inout Philox) -> Double {
        table.withUnsafeBufferPointer { t in
            while true {
                let bits = rng.next32()
                let i = Int(bits & 0xFF) &* 4
                let u = (Double(bits >> 9) + 0.5) * 0x1p-23
                let negative = bits & 0x100 != 0
                let x = u * t[i]
                if x < t[i &+ 1] { return negative ? -x : x }
                if i == 0 {
                    // The tail beyond r: x = r + e1/r with e1, e2 exponential, accepted if 2 e2 > e1^2 / r^2.
                    while true {
                        let e1 = -log(rng.uniform()) / r, e2 = -log(rng.uniform())
                        if 2 * e2 > e1 * e1 { return negative ? -(r + e1) : r + e1 }
                    }
                }
                let fx = t[i &+ 3] + (t[i &+ 2] - t[i &+ 3]) * rng.uniform32()
                if fx < exp(-0.5 * x * x) { return negative ? -x : x }
            }
        }
    }
}
