import CaloSupport

/// Chi-square test of two unweighted histograms of possibly different sizes.
///
/// chi2 = sum_i (p_i - q_i)^2 / (n_i / N^2 + m_i / M^2) over bins with entries, with p = n/N and
/// q = m/M; NDF = (occupied bins) - 1 because both are normalised. chi2/NDF is about 1 for two
/// samples of one distribution.
///
/// CaloGAN's checkpoint selection (`TotalEnergyChi2`) uses the same statistic in the form
/// sum (n - k m)^2 / (n + k^2 m), k = N / M (the unweighted-unweighted test of ROOT's
/// TH1::Chi2Test). The two are kept apart on purpose: each form fixes the last bits of its own
/// published figures (this one the report's, that one the training log's), which must not move.
public enum ChiSquare {
    public struct Result: Sendable, Codable, Equatable {
        public var chi2: Double
        public var ndf: Int
        /// chi2 / NDF, NaN when NDF is 0.
        public var reduced: Double { ndf > 0 ? chi2 / Double(ndf) : .nan }
    }

    public static func test(_ a: Histogram, _ b: Histogram) -> Result {
        require(a.binning == b.binning, "ChiSquare: histograms with different binnings")
        let n = Double(a.entries), m = Double(b.entries)
        guard n > 0, m > 0 else { return Result(chi2: 0, ndf: 0) }
        var chi2 = 0.0, occupied = 0
        for i in 0..<a.counts.count where a.counts[i] + b.counts[i] > 0 {
            let d = a.counts[i] / n - b.counts[i] / m
            chi2 += d * d / (a.counts[i] / (n * n) + b.counts[i] / (m * m))
            occupied += 1
        }
        return Result(chi2: chi2, ndf: max(0, occupied - 1))
    }
}
