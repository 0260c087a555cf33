/// Mean and standard deviation of the defined (non-NaN) values of a sample.
public struct SampleStatistics: Sendable, Codable, Equatable {
    public var count: Int
    public var mean: Double
    /// Sample standard deviation (n - 1 in the denominator).
    public var standardDeviation: Double
    /// Statistical error of the mean, sd / sqrt(n).
    public var meanError: Double { count > 0 ? standardDeviation / Double(count).squareRoot() : .nan }

    public init<S: Sequence>(_ values: S) where S.Element == Float {
        var n = 0, mean = 0.0, m2 = 0.0
        for v in values where !v.isNaN {
            n += 1
            let x = Double(v), d = x - mean
            mean += d / Double(n)
            m2 += d * (x - mean)
        }
        count = n
        self.mean = n > 0 ? mean : .nan
        standardDeviation = n > 1 ? (m2 / Double(n - 1)).squareRoot() : (n == 1 ? 0 : .nan)
    }
}
