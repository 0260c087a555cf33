/// Mean, variance, higher central moments and their statistical errors of a sample,
/// accumulated in one pass (Double).
///
/// Update for the n-th value x, with delta = x - mean_{n-1} (Welford 1962, Technometrics 4, 419,
/// for the mean and M2; Pebay 2008, Sandia report SAND2008-6212, eq. 3.1, for M3 and M4):
///
///     mean_n = mean_{n-1} + delta / n
///     M2_n   = M2_{n-1} + delta (x - mean_n)
///     M3_n   = M3_{n-1} + delta^3 (n-1)(n-2) / n^2 - 3 delta M2_{n-1} / n
///     M4_n   = M4_{n-1} + delta^4 (n-1)(n^2-3n+3) / n^3 + 6 delta^2 M2_{n-1} / n^2 - 4 delta M3_{n-1} / n
///
/// where M_k = sum (x - mean)^k. A long run of nearly equal values (energies in MeV) loses no
/// precision, unlike sum x^2 - n mean^2. The error of the rms uses the fourth central moment,
/// Var(s^2) ~ (m4 - s^4)/N, so it holds for non-Gaussian samples too:
/// err(rms) = sqrt((m4 - m2^2)/N) / (2 rms) (delta method).
public struct RunningStatistics: Sendable, Equatable, Codable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    /// Sums of powers of deviations from the running mean (M2, M3, M4).
    private var m2 = 0.0, m3 = 0.0, m4 = 0.0
    public private(set) var minimum = Double.infinity
    public private(set) var maximum = -Double.infinity

    public init() {}

    /// The statistics of `values`.
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        for v in values { add(v) }
    }

    /// Adds one value.
    public mutating func add(_ x: Double) {
        let n1 = Double(count)
        count += 1
        let n = Double(count)
        let delta = x - mean
        let deltaN = delta / n
        let deltaN2 = deltaN * deltaN
        let term1 = delta * deltaN * n1
        mean += deltaN
        m4 += term1 * deltaN2 * (n * n - 3 * n + 3) + 6 * deltaN2 * m2 - 4 * deltaN * m3
        m3 += term1 * deltaN * (n - 2) - 3 * deltaN * m2
        m2 += delta * (x - mean)
        minimum = Swift.min(minimum, x)
        maximum = Swift.max(maximum, x)
    }

    /// Unbiased variance, sum (x - mean)^2 / (N - 1); 0 for N < 2.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    /// Sample standard deviation (the "rms" of the physics checks), sqrt(variance).
    public var rms: Double { variance.squareRoot() }
    /// Standard error of the mean, rms / sqrt(N).
    public var errorOfMean: Double { count > 1 ? rms / Double(count).squareRoot() : .infinity }
    /// Standard error of the rms from the fourth moment (see the type's doc comment).
    /// Falls back to the Gaussian rms / sqrt(2(N-1)) when the moment estimate is not positive.
    public var errorOfRMS: Double {
        guard count > 2, rms > 0 else { return .infinity }
        let n = Double(count)
        let mu2 = m2 / n, mu4 = m4 / n
        let varOfVariance = (mu4 - mu2 * mu2) / n
        if varOfVariance > 0 { return varOfVariance.squareRoot() / (2 * rms) }
        return rms / (2 * (n - 1)).squareRoot()
    }
    /// Relative spread rms / mean and its error (errors of rms and mean combined, treated as
    /// independent; exact for Gaussian samples, where the sample mean and variance are).
    public var relativeRMS: (value: Double, error: Double) {
        let r = rms / mean
        let e = abs(r) * ((errorOfRMS / rms) * (errorOfRMS / rms) + (errorOfMean / mean) * (errorOfMean / mean)).squareRoot()
        return (r, e)
    }
}
