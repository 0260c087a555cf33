/// Covariance and correlation of paired values, accumulated in one pass.
///
/// C_n = C_{n-1} + (a - <a>_{n-1}) (b - <b>_n) (Welford's update for the co-moment; Pebay 2008,
/// Sandia report SAND2008-6212, eq. 3.3), so the covariance is C_N / (N - 1).
public struct RunningCovariance: Sendable, Equatable, Codable {
    public private(set) var x = RunningStatistics()
    public private(set) var y = RunningStatistics()
    private var cxy = 0.0

    public init() {}

    /// Adds the pair (a, b).
    public mutating func add(_ a: Double, _ b: Double) {
        let dx = a - x.mean
        x.add(a)
        y.add(b)
        cxy += dx * (b - y.mean)
    }

    public var count: Int { x.count }
    /// Unbiased covariance sum (x - <x>)(y - <y>) / (N - 1).
    public var covariance: Double { count > 1 ? cxy / Double(count - 1) : 0 }
    /// Pearson correlation coefficient rho.
    public var correlation: Double {
        let d = x.rms * y.rms
        return d > 0 ? covariance / d : 0
    }
    /// Standard error of rho, (1 - rho^2) / sqrt(N - 1) (large-sample, bivariate normal).
    public var errorOfCorrelation: Double {
        count > 2 ? (1 - correlation * correlation) / Double(count - 1).squareRoot() : .infinity
    }
}
