import CaloSupport

/// Mean and standard deviation of the defined (non-NaN) values of a sample: the per-observable
/// record of the report (accumulated with `RunningStatistics`).
public struct SampleStatistics: Sendable, Codable, Equatable {
    public var count: Int
    public var mean: Double
    /// Sample standard deviation (n - 1 in the denominator); 0 for one value, NaN for none.
    public var standardDeviation: Double
    /// Statistical error of the mean, sd / sqrt(n).
    public var meanError: Double { count > 0 ? standardDeviation / Double(count).squareRoot() : .nan }

    public init<S: Sequence>(_ values: S) where S.Element == Float {
        var s = RunningStatistics()
        for v in values where !v.isNaN { s.add(Double(v)) }
        count = s.count
        mean = s.count > 0 ? s.mean : .nan
        standardDeviation = s.count > 0 ? s.rms : .nan
    }
}
