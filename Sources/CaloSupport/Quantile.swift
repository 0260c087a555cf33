/// Sample quantiles by linear interpolation between order statistics (Hyndman & Fan type 7,
/// numpy's default): for n ascending values s and probability q in [0, 1], h = (n - 1) q and
/// Q(q) = s[floor h] + (h - floor h) (s[floor h + 1] - s[floor h]).
public enum Quantile {
    /// Q(q) of `sorted` (ascending, not empty).
    public static func ofSorted(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "a quantile needs at least one value")
        let h = Double(sorted.count - 1) * q, i = min(Int(h), sorted.count - 1), f = h - Double(i)
        return i + 1 < sorted.count ? sorted[i] + f * (sorted[i + 1] - sorted[i]) : sorted[i]
    }
}
