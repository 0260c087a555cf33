import CaloSupport
import Foundation

/// How incident energies are chosen, in MeV.
public enum EnergySpectrum: Sendable, Equatable, CustomStringConvertible {
    /// Every shower at one energy.
    case fixed(MeV: Double)
    /// Uniform in [low, high].
    case uniform(lowMeV: Double, highMeV: Double)
    /// Uniform in log E over [low, high].
    case logUniform(lowMeV: Double, highMeV: Double)

    /// The energy for shower `index` of a run with `seed`.
    ///
    /// Drawn from element `index` (< 2^63) of `StreamDomain.incidentEnergy` (streams with the
    /// top bit set), so it never shares random numbers with the shower itself and does not
    /// depend on thread count.
    public func energyMeV(seed: UInt64, index: UInt64) -> Double {
        switch self {
        case .fixed(let e):
            return e
        case .uniform(let lo, let hi):
            var rng = StreamDomain.incidentEnergy.generator(key: seed, index: index)
            return lo + (hi - lo) * rng.uniform()
        case .logUniform(let lo, let hi):
            var rng = StreamDomain.incidentEnergy.generator(key: seed, index: index)
            return lo * exp(log(hi / lo) * rng.uniform())
        }
    }

    /// The range of energies this spectrum produces.
    public var rangeMeV: ClosedRange<Double> {
        switch self {
        case .fixed(let e): return e...e
        case .uniform(let lo, let hi), .logUniform(let lo, let hi): return lo...hi
        }
    }

    public var description: String {
        switch self {
        case .fixed(let e): return "fixed \(e / 1000) GeV"
        case .uniform(let lo, let hi): return "uniform \(lo / 1000)-\(hi / 1000) GeV"
        case .logUniform(let lo, let hi): return "log-uniform \(lo / 1000)-\(hi / 1000) GeV"
        }
    }
}
