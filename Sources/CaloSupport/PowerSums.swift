/// Mean and variance from the power sums S1 = sum x and S2 = sum x^2 of n values.
///
///     mean = S1 / n,   variance = max(0, S2 / n - mean^2)   (population, 1/n),
///     error of the mean = sqrt(variance / (n - 1))
///
/// (the last equals the unbiased s / sqrt(n)). Power sums add across chunks, so parallel passes
/// that keep per-cell or per-ring arrays of sums reduce them in chunk order and finish here.
/// S2/n - mean^2 cancels when the spread is far below the mean (Chan, Golub & LeVeque 1983, The
/// American Statistician 37, 242): use it for quantities of order their spread (cell energies,
/// ring energies, power-spectrum bins, standardised features), `RunningStatistics` otherwise.
public enum PowerSums {
    /// Population variance max(0, S2/n - (S1/n)^2); n > 0.
    @inlinable
    public static func variance(sum: Double, sumOfSquares: Double, count: Double) -> Double {
        let mean = sum / count
        return max(0, sumOfSquares / count - mean * mean)
    }

    /// Standard error of the mean, sqrt(variance / (n - 1)), from the population `variance`;
    /// 0 for n <= 1.
    @inlinable
    public static func errorOfMean(variance: Double, count: Double) -> Double {
        count > 1 ? (variance / (count - 1)).squareRoot() : 0
    }
}
