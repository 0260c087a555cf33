import CaloSupport
import Foundation

/// The toy problem of the adversarial pivot (Louppe, Kagan, Cranmer, arXiv:1611.01046
/// section 5.1): two classes of 2-D points with equal priors,
///
///     x ~ N((0, 0),     [[1, -0.5], [-0.5, 1]])   for Y = 0,
///     x ~ N((1, 1 + Z), [[1,  0  ], [ 0,   1]])   for Y = 1,
///
/// where the nuisance parameter Z ~ N(0, 1) shifts the mean of class 1 along x2 (for class 0
/// it is drawn as well and has no effect).
public enum PivotToy {
    /// Features x (row-major, count x 2), labels y (0 or 1) and nuisance values z of `count`
    /// points. With `nuisance` nil, Z ~ N(0, 1) and Y ~ Bernoulli(1/2) per point; with a fixed
    /// nuisance value (a test slice), Z = nuisance and the first half of the points are class
    /// 0, the second half class 1.
    public static func sample(count: Int, nuisance: Double?, generator: inout Philox)
        -> (x: [Float], y: [Float], z: [Float]) {
        var x = [Float](), y = [Float](), z = [Float]()
        x.reserveCapacity(2 * count)
        for i in 0..<count {
            let (a, b) = normalPair(&generator)
            let zi: Double
            if let fixed = nuisance { zi = fixed } else { zi = normalPair(&generator).0 }
            let label = nuisance == nil ? (generator.uniform() < 0.5 ? 0 : 1) : (i < count / 2 ? 0 : 1)
            if label == 0 {
                // Cholesky factor of [[1, -0.5], [-0.5, 1]]: rows (1, 0) and (-0.5, sqrt(0.75)).
                x += [Float(a), Float(-0.5 * a + 0.75.squareRoot() * b)]
            } else {
                x += [Float(1 + a), Float(1 + zi + b)]
            }
            y.append(Float(label))
            z.append(Float(zi))
        }
        return (x, y, z)
    }

    /// Two independent standard normal numbers (Box-Muller).
    static func normalPair(_ g: inout Philox) -> (Double, Double) {
        let u1 = 1 - g.uniform(), u2 = g.uniform()   // u1 in (0, 1]
        let r = (-2 * Foundation.log(u1)).squareRoot()
        return (r * Foundation.cos(2 * Double.pi * u2), r * Foundation.sin(2 * Double.pi * u2))
    }
}
