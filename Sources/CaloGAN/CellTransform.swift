import CaloSupport
import Foundation

/// The invertible map between cell energies and what the networks see.
///
/// u = E_cell / E_inc (the fraction of the incident energy in a cell, >= 0), then
/// - `.log(epsilon)`: x = ln(u + epsilon) - ln(epsilon), so x = 0 for an empty cell and x >= 0;
/// - `.power(exponent)`: x = u^exponent (exponent in (0, 1] spreads small deposits);
/// - `.identity`: x = u.
/// The inverse clamps at zero, so inverted energies are never negative.
public enum CellTransform: Codable, Sendable, Equatable {
    case identity
    case log(epsilon: Float)
    case power(exponent: Float)

    /// x from a cell fraction u >= 0.
    @inlinable
    public func forward(_ u: Float) -> Float {
        switch self {
        case .identity: return u
        case .log(let eps): return Foundation.log(max(u, 0) + eps) - Foundation.log(eps)
        case .power(let p): return pow(max(u, 0), p)
        }
    }

    /// u >= 0 from x.
    @inlinable
    public func inverse(_ x: Float) -> Float {
        switch self {
        case .identity: return max(x, 0)
        case .log(let eps): return max(eps * (exp(x) - 1), 0)
        case .power(let p): return pow(max(x, 0), 1 / p)
        }
    }

    /// Transforms showers [N, C] in MeV with incident energies [N] in MeV into network space.
    public func forward(showers: [Float], incidentMeV: [Float], cells: Int) -> [Float] {
        require(showers.count == incidentMeV.count * cells, "CellTransform: \(showers.count) values for \(incidentMeV.count) x \(cells)")
        var out = [Float](repeating: 0, count: showers.count)
        for i in 0..<incidentMeV.count {
            let scale = 1 / incidentMeV[i]
            for c in 0..<cells { out[i * cells + c] = forward(showers[i * cells + c] * scale) }
        }
        return out
    }

    /// Inverse of `forward(showers:incidentMeV:cells:)`: MeV per cell, never negative.
    public func inverse(values: [Float], incidentMeV: [Float], cells: Int) -> [Float] {
        require(values.count == incidentMeV.count * cells, "CellTransform: \(values.count) values for \(incidentMeV.count) x \(cells)")
        var out = [Float](repeating: 0, count: values.count)
        for i in 0..<incidentMeV.count {
            let e = incidentMeV[i]
            for c in 0..<cells { out[i * cells + c] = inverse(values[i * cells + c]) * e }
        }
        return out
    }
}

/// The incident energy's entry of the condition vector (`ConditionEncoding`), log-scaled and
/// normalised to [-1, 1] over the training range: c = 2 (ln E - ln E_min) / (ln E_max - ln E_min) - 1.
public struct EnergyCondition: Codable, Sendable, Equatable {
    /// Trained range, MeV.
    public let minimumMeV: Float
    public let maximumMeV: Float

    public init(minimumMeV: Float, maximumMeV: Float) {
        require(minimumMeV > 0 && maximumMeV >= minimumMeV, "EnergyCondition: bad range \(minimumMeV)...\(maximumMeV)")
        self.minimumMeV = minimumMeV
        self.maximumMeV = maximumMeV
    }

    /// The range of a training set (a single energy gets a +-10% window).
    public init(energiesMeV: [Float]) {
        require(!energiesMeV.isEmpty, "EnergyCondition: no energies")
        let lo = energiesMeV.min()!, hi = energiesMeV.max()!
        self.init(minimumMeV: lo < hi ? lo : lo * 0.9, maximumMeV: lo < hi ? hi : hi * 1.1)
    }

    /// c in [-1, 1] inside the trained range (beyond it when extrapolating).
    @inlinable
    public func value(_ energyMeV: Float) -> Float {
        2 * (log(energyMeV) - log(minimumMeV)) / (log(maximumMeV) - log(minimumMeV)) - 1
    }

    /// True when `energyMeV` lies in the trained range (with 0.1% slack for rounding).
    public func contains(_ energyMeV: Float) -> Bool {
        energyMeV >= minimumMeV * 0.999 && energyMeV <= maximumMeV * 1.001
    }
}
