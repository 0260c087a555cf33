/// Sample quantiles by linear interpolation between order statistics (Hyndman & Fan 1996,
/// The American Statistician 50, 361, type 7; numpy's and R's default): for n ascending values s
/// (0-based) and probability q in [0, 1], h = (n - 1) q and
/// Q(q) = s[floor h] + (h - floor h) (s[floor h + 1] - s[floor h]).
public enum Quantile {
    /// Q(q) of `sorted` (ascending, not empty).
    public static func ofSorted(_ sorted: [Double], _ q: Double) -> Double {
        require(!sorted.isEmpty, "a quantile needs at least one value")
        let h = Double(sorted.count - 1) * q, i = min(Int(h), sorted.count - 1), f = h - Double(i)
        return i + 1 < sorted.count ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i]
    }

    /// The order statistic just below the type-7 position, s[floor((n - 1) q)], without
    /// interpolation (a histogram range that is always a sample value). `sorted` ascending, not
    /// empty, q in [0, 1].
    public static func lowerOrderStatistic<T>(_ sorted: [T], _ q: Double) -> T {
        require(!sorted.isEmpty, "a quantile needs at least one value")
        return sorted[min(Int(q * Double(sorted.count - 1)), sorted.count - 1)]
    }
}
