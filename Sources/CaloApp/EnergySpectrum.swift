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

    /// Builds a spectrum from command-line values in GeV: `--energy E` or `--energy-range A:B`
    /// with `--spectrum uniform|log`; checks everything lies in `allowedMeV`.
    public static func parse(energyGeV: Double?, rangeGeV: String?, spectrum: String,
                             allowedMeV: ClosedRange<Double>) throws -> EnergySpectrum {
        let allowed = "\(allowedMeV.lowerBound / 1000) to \(allowedMeV.upperBound / 1000) GeV"
        func check(_ gev: Double, _ what: String) throws -> Double {
            guard gev.isFinite, gev > 0 else { throw CalosimError.badInput("\(what) must be a positive energy in GeV (got \(gev))") }
            let mev = gev * 1000
            guard allowedMeV.contains(mev) else { throw CalosimError.badInput("\(what) \(gev) GeV is outside \(allowed)") }
            return mev
        }
        switch (energyGeV, rangeGeV) {
        case (let e?, nil):
            return .fixed(MeV: try check(e, "--energy"))
        case (nil, let r?):
            let parts = r.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]) else {
                throw CalosimError.badInput("--energy-range must be LOW:HIGH in GeV, e.g. 1:100 (got '\(r)')")
            }
            let lo = try check(a, "--energy-range low end"), hi = try check(b, "--energy-range high end")
            guard lo < hi else { throw CalosimError.badInput("--energy-range: low end \(a) must be below high end \(b)") }
            switch spectrum.lowercased() {
            case "uniform", "flat": return .uniform(lowMeV: lo, highMeV: hi)
            case "log", "log-uniform", "loguniform": return .logUniform(lowMeV: lo, highMeV: hi)
            default: throw CalosimError.badInput("--spectrum must be 'uniform' or 'log' (got '\(spectrum)')")
            }
        case (nil, nil):
            throw CalosimError.badInput("give --energy E or --energy-range LOW:HIGH (GeV)")
        case (.some, .some):
            throw CalosimError.badInput("give either --energy or --energy-range, not both")
        }
    }
}
