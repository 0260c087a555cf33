import CaloSupport
import Foundation

/// Shower-to-shower fluctuations of the longitudinal profile in GFLASH's parameters (docs/physics.md §14.7).
///
/// Each shower's profile gives, by the moment method (`LongitudinalMoments`), T = (alpha-1)/beta
/// and alpha; the distributions of ln T and ln alpha are summarised by their means, sigmas and
/// correlation, with errors from `RunningStatistics`/`RunningCovariance`. Showers without an
/// interior maximum (alpha <= 1, possible at 1 GeV for a late-starting shower) have no ln T and
/// are counted in `rejected`.
public struct FluctuationAnalysis: Sendable, Equatable, Codable {
    /// (ln T, ln alpha) pairs: x = ln T, y = ln alpha.
    public let logs: RunningCovariance
    /// Mean depth <t> of the showers, X0 (all showers with energy).
    public let meanDepth: RunningStatistics
    /// Showers left out: no energy, or alpha <= 1.
    public let rejected: Int

    /// Analyses per-shower `profiles` (MeV per layer) at `depths` (X0).
    public init(profiles: [[Double]], depths: [Double]) {
        var c = RunningCovariance(), t = RunningStatistics(), bad = 0
        for p in profiles {
            guard let m = LongitudinalMoments(energies: p, depths: depths) else { bad += 1; continue }
            t.add(m.meanDepth)
            guard let peak = m.peakDepth, peak > 0 else { bad += 1; continue }
            c.add(log(peak), log(m.alpha))
        }
        logs = c
        meanDepth = t
        rejected = bad
    }

    /// <ln T> and its error.
    public var meanLnT: (value: Double, error: Double) { (logs.x.mean, logs.x.errorOfMean) }
    /// <ln alpha> and its error.
    public var meanLnAlpha: (value: Double, error: Double) { (logs.y.mean, logs.y.errorOfMean) }
    /// sigma(ln T) and its error.
    public var sigmaLnT: (value: Double, error: Double) { (logs.x.rms, logs.x.errorOfRMS) }
    /// sigma(ln alpha) and its error.
    public var sigmaLnAlpha: (value: Double, error: Double) { (logs.y.rms, logs.y.errorOfRMS) }
    /// rho(ln T, ln alpha) and its error.
    public var correlation: (value: Double, error: Double) { (logs.correlation, logs.errorOfCorrelation) }
}
