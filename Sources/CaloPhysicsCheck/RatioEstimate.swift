import CaloSupport
import Foundation

/// A ratio of sums R = sum x_i / sum y_i over showers, with its error from the per-shower spread.
///
/// Var(R) ~ sum (x_i - R y_i)^2 / (N (N - 1) ybar^2) (delta method for a ratio estimator,
/// Cochran, Sampling Techniques, 6.3). Used for energy-weighted fractions: sampling fraction,
/// containment.
public struct RatioEstimate: Sendable, Equatable, Codable {
    public let value: Double
    public let error: Double
    public let count: Int

    public init(numerators x: [Double], denominators y: [Double]) {
        require(x.count == y.count, "RatioEstimate: \(x.count) numerators vs \(y.count) denominators")
        count = x.count
        let sx = x.reduce(0, +), sy = y.reduce(0, +)
        let r = sy != 0 ? sx / sy : .nan
        value = r
        guard count > 1 else { error = .infinity; return }
        let n = Double(count)
        var s = 0.0
        for i in 0..<count { let d = x[i] - r * y[i]; s += d * d }
        let ybar = sy / n
        error = (s / (n * (n - 1))).squareRoot() / abs(ybar)
    }
}
