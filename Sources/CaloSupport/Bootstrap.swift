/// Bootstrap standard errors of statistics of a sample, with a seeded Philox stream.
///
/// Each replica draws N sample indices with replacement and recomputes the statistic; the
/// error is the rms of the replicas (Efron & Tibshirani, An Introduction to the Bootstrap, 6.2).
/// Replicas that return nil (a fit that fails on a resample) are skipped and counted.
public enum Bootstrap {
    /// Result: the rms over the replicas, how many succeeded, and how many were requested.
    public struct Result: Sendable, Equatable {
        public let standardError: Double
        public let succeeded: Int
        public let requested: Int
    }

    /// The bootstrap standard error of `statistic` over a sample of `count` values (showers, events).
    /// - Parameters:
    ///   - count: sample size N (indices 0..<N are resampled).
    ///   - replicas: number of bootstrap replicas B (>= 2).
    ///   - seed: Philox seed; replica b uses element b of `StreamDomain.bootstrapReplicas`, so the result does not depend on threads.
    ///   - statistic: computes the statistic from the drawn indices (with repeats).
    public static func standardError(count: Int, replicas: Int, seed: UInt64,
                                     statistic: ([Int]) -> Double?) -> Result {
        require(count > 0 && replicas >= 2, "Bootstrap: count \(count), replicas \(replicas)")
        var stats = RunningStatistics()
        var indices = Array(repeating: 0, count: count)
        for b in 0..<replicas {
            var rng = StreamDomain.bootstrapReplicas.generator(key: seed, index: UInt64(b))
            for i in 0..<count { indices[i] = Int(rng.next32() % UInt32(count)) }
            if let v = statistic(indices), v.isFinite { stats.add(v) }
        }
        let se = stats.count >= 2 ? stats.rms : .infinity
        return Result(standardError: se, succeeded: stats.count, requested: replicas)
    }
}
