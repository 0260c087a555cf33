import CaloSupport
import Foundation

/// The shape of a spectrum over an energy range.
public enum SpectrumShape: String, CaseIterable, Sendable {
    /// Uniform in E.
    case uniform
    /// Uniform in ln E.
    case log

    /// The shape named `name` ("uniform" or "flat"; "log", "log-uniform" or "loguniform"), any case.
    public init?(name: String) {
        switch name.lowercased() {
        case "uniform", "flat": self = .uniform
        case "log", "log-uniform", "loguniform": self = .log
        default: return nil
        }
    }
}

/// Incident energies as a user gives them, in GeV: one energy, or a range `LOW:HIGH` with a shape.
public struct EnergyRequest: Sendable, Equatable {
    /// A fixed incident energy, GeV.
    public var energyGeV: Double?
    /// A range "LOW:HIGH" in GeV, e.g. "1:100".
    public var rangeGeV: String?
    /// The spectrum over `rangeGeV`.
    public var shape: SpectrumShape

    public init(energyGeV: Double? = nil, rangeGeV: String? = nil, shape: SpectrumShape = .uniform) {
        self.energyGeV = energyGeV
        self.rangeGeV = rangeGeV
        self.shape = shape
    }

    /// The spectrum in MeV; throws unless exactly one of `energyGeV` and `rangeGeV` is given, the
    /// range reads `LOW:HIGH` with LOW < HIGH, and every energy lies in `allowedMeV`.
    public func spectrum(allowedMeV: ClosedRange<Double>) throws -> EnergySpectrum {
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
            switch shape {
            case .uniform: return .uniform(lowMeV: lo, highMeV: hi)
            case .log: return .logUniform(lowMeV: lo, highMeV: hi)
            }
        case (nil, nil):
            throw CalosimError.badInput("give --energy E or --energy-range LOW:HIGH (GeV)")
        case (.some, .some):
            throw CalosimError.badInput("give either --energy or --energy-range, not both")
        }
    }
}
