import CaloSupport

/// The FastCaloGAN model-selection figure: chi2/NDF between reference and generated histograms
/// of E_tot / E_inc in each incident-energy bin, summed over the bins (lower is better).
///
/// Per energy bin: 30 common bins spanning the reference's 0.5%-99.5% quantiles (under- and
/// overflow included as edge bins); chi2 = sum (r - k g)^2 / (r + k^2 g) with k = N_r / N_g over
/// bins where r + g > 0, NDF = (those bins) - 1 (Gagunashvili's two-sample chi2).
///
/// This is the statistic of the report's `ChiSquare.test` (CaloValidation): multiplying each of
/// its terms (r/N_r - g/N_g)^2 / (r/N_r^2 + g/N_g^2) by N_r^2 gives the term above. It stays a
/// function of its own because it is evaluated in this algebraic form, which fixes the last bits
/// of the training log's `validation_chi2` and so the choice between near-equal checkpoints;
/// computing both in one form would change either the logged selection figure or the report's
/// figures. It also bins on the reference's own range per energy bin, which `ChiSquare` leaves
/// to its `Histogram` binning.
public enum TotalEnergyChi2 {
    /// - Parameters:
    ///   - reference, generated: (incident energy MeV, total deposit MeV) per shower.
    ///   - energyBins: edges of the incident-energy bins, MeV, increasing (showers outside are skipped).
    /// - Returns: the sum over energy bins of chi2/NDF, and the per-bin values.
    public static func compute(reference: [(incident: Float, total: Float)], generated: [(incident: Float, total: Float)],
                               energyBins: [Float], histogramBins: Int = 30) -> (sum: Double, perBin: [Double]) {
        require(energyBins.count >= 2, "TotalEnergyChi2: need at least one energy bin")
        require(histogramBins >= 2, "TotalEnergyChi2: need at least two histogram bins")
        var perBin: [Double] = []
        for b in 0..<(energyBins.count - 1) {
            let lo = energyBins[b], hi = energyBins[b + 1]
            func ratios(_ sample: [(incident: Float, total: Float)]) -> [Float] {
                sample.filter { $0.incident >= lo && ($0.incident < hi || (b == energyBins.count - 2 && $0.incident <= hi)) }
                    .map { $0.total / $0.incident }
            }
            let r = ratios(reference).sorted(), g = ratios(generated)
            guard r.count >= 2, !g.isEmpty else { continue }
            let qlo = Quantile.lowerOrderStatistic(r, 0.005), qhi = Quantile.lowerOrderStatistic(r, 0.995)
            let width = max(qhi - qlo, 1e-6) / Float(histogramBins)
            func histogram(_ values: [Float]) -> [Double] {
                var h = [Double](repeating: 0, count: histogramBins)
                for v in values {
                    let i = v.isFinite ? min(max(Int((v - qlo) / width), 0), histogramBins - 1) : histogramBins - 1
                    h[i] += 1
                }
                return h
            }
            let hr = histogram(r), hg = histogram(g)
            let k = Double(r.count) / Double(g.count)
            var chi2 = 0.0, used = 0
            for i in 0..<histogramBins where hr[i] + hg[i] > 0 {
                let d = hr[i] - k * hg[i]
                chi2 += d * d / (hr[i] + k * k * hg[i])
                used += 1
            }
            perBin.append(used > 1 ? chi2 / Double(used - 1) : 0)
        }
        return (perBin.reduce(0, +), perBin)
    }

    /// `count` equal-width incident-energy bins over [low, high] MeV.
    public static func uniformBins(lowMeV: Float, highMeV: Float, count: Int = 5) -> [Float] {
        (0...count).map { lowMeV + (highMeV - lowMeV) * Float($0) / Float(count) }
    }
}
