import CaloSupport

/// Separation power of two normalised histograms (CaloChallenge, arXiv:2410.21611 eq. 2):
/// S = 1/2 sum_i (p_i - q_i)^2 / (p_i + q_i), 0 for identical shapes, 1 for disjoint ones.
public enum SeparationPower {
    /// S of two probability vectors over the same bins (each sums to 1); empty bins are skipped.
    public static func of(_ p: [Double], _ q: [Double]) -> Double {
        require(p.count == q.count, "SeparationPower: \(p.count) bins vs \(q.count)")
        var s = 0.0
        for i in 0..<p.count where p[i] + q[i] > 0 {
            let d = p[i] - q[i]
            s += d * d / (p[i] + q[i])
        }
        return 0.5 * s
    }

    /// S of two histograms with the same binning.
    public static func of(_ a: Histogram, _ b: Histogram) -> Double {
        require(a.binning == b.binning, "SeparationPower: histograms with different binnings")
        return of(a.probabilities, b.probabilities)
    }

    /// The expected S of two independent samples of one distribution, of sizes n and m, over
    /// `bins` occupied bins: (bins - 1) / 4 * (1/n + 1/m). Each bin contributes
    /// E[(p - q)^2] / (2 pi) = (1/n + 1/m) (1 - pi) / 2, summed and halved. A measured S near this
    /// floor means the histograms agree to within statistics.
    public static func statisticalFloor(bins: Int, n: Int, m: Int) -> Double {
        guard n > 0, m > 0, bins > 1 else { return 0 }
        return Double(bins - 1) / 4 * (1 / Double(n) + 1 / Double(m))
    }
}
