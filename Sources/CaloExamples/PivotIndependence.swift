import Foundation

/// How far a classifier's output depends on the nuisance: the two-sample Kolmogorov-Smirnov
/// distance D = sup_s |F_a(s) - F_b(s)| between its output distributions at two nuisance values.
public enum PivotIndependence {
    /// D between the empirical distribution functions of `a` and `b` (exact, ties handled:
    /// both functions step past a common value together).
    public static func kolmogorovSmirnov(_ a: [Float], _ b: [Float]) -> Double {
        precondition(!a.isEmpty && !b.isEmpty, "kolmogorovSmirnov: empty sample")
        let x = a.sorted(), y = b.sorted()
        var i = 0, j = 0, d = 0.0
        while i < x.count || j < y.count {
            let v = min(i < x.count ? x[i] : .infinity, j < y.count ? y[j] : .infinity)
            while i < x.count && x[i] == v { i += 1 }
            while j < y.count && y[j] == v { j += 1 }
            d = max(d, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
        }
        return d
    }

    /// The largest D over all pairs of samples.
    public static func largestDistance(_ samples: [[Float]]) -> Double {
        var d = 0.0
        for i in samples.indices { for j in samples.indices where j > i { d = max(d, kolmogorovSmirnov(samples[i], samples[j])) } }
        return d
    }

    /// The value D exceeds with probability alpha when two samples of n and m points come from
    /// one distribution (large-sample Kolmogorov limit: c(alpha) sqrt((n + m) / (n m)), c(0.05) = 1.358).
    public static func criticalDistance(_ n: Int, _ m: Int, coefficient c: Double = 1.358) -> Double {
        c * (Double(n + m) / Double(n * m)).squareRoot()
    }
}
