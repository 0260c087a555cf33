import CaloDetector
import CaloSupport
import Foundation

/// Depth moments of one shower's longitudinal profile and its GFLASH gamma-density parameters.
///
/// t is depth in units of X0,eff, measured from the front face, of the sampling points (layer
/// centres, see `DepthAxis`). The moment method of docs/physics.md §14.7 (GFLASH, Grindhammer & Peters):
/// <t> = sum E_i t_i / sum E_i, Var t = sum E_i (t_i - <t>)^2 / sum E_i,
/// alpha = <t>^2 / Var t, beta = <t> / Var t, T = (alpha - 1) / beta (peak of the gamma density).
/// Each layer is treated as a point sample at its centre: the Sheppard term h^2/12 (0.012 X0^2
/// for a 0.385 X0 period) is below 0.1 % of Var t and is not subtracted.
public struct LongitudinalMoments: Sendable, Equatable, Codable {
    /// Total energy of the profile (MeV).
    public let energyMeV: Double
    /// Mean depth <t>, X0.
    public let meanDepth: Double
    /// Variance of depth, X0^2.
    public let depthVariance: Double

    /// Moments of `energies` (MeV per layer) sampled at `depths` (X0); nil when the profile has
    /// no positive energy.
    public init?(energies: [Double], depths: [Double]) {
        require(energies.count == depths.count,
                     "LongitudinalMoments: \(energies.count) energies vs \(depths.count) depths")
        var s0 = 0.0, s1 = 0.0
        for i in 0..<energies.count { s0 += energies[i]; s1 += energies[i] * depths[i] }
        guard s0 > 0 else { return nil }
        let mean = s1 / s0
        var s2 = 0.0
        for i in 0..<energies.count { let d = depths[i] - mean; s2 += energies[i] * d * d }
        energyMeV = s0
        meanDepth = mean
        depthVariance = s2 / s0
    }

    /// GFLASH alpha = <t>^2 / Var t (shape of the gamma density).
    public var alpha: Double { meanDepth * meanDepth / depthVariance }
    /// GFLASH beta = <t> / Var t, per X0.
    public var beta: Double { meanDepth / depthVariance }
    /// Peak depth T = (alpha - 1)/beta, X0; nil when alpha <= 1 (no interior maximum).
    public var peakDepth: Double? {
        let a = alpha
        return a > 1 && depthVariance > 0 ? (a - 1) / beta : nil
    }
}

/// Depth coordinates of readout layers in X0,eff.
public enum DepthAxis {
    /// The centre of each layer's scored material, in units of `radiationLengthMM`.
    ///
    /// For a layer that scores active slabs only, the energy is sampled in the argon: its depth is
    /// the thickness-weighted centre of the active slabs inside the layer (4 mm of argon behind
    /// 2 mm of lead: 4 mm into a 6 mm period, not 3 mm). For a layer scoring all materials it is
    /// the layer's centre. The difference, 1 mm = 0.064 X0, shifts every t equally.
    public static func layerCentres(_ geometry: Geometry, radiationLengthMM: Double) -> [Double] {
        geometry.layers.map { layer in
            let mid = 0.5 * (layer.zStartMM + layer.zEndMM)
            guard layer.scoring == .active else { return mid / radiationLengthMM }
            var w = 0.0, wz = 0.0
            for slab in geometry.slabs where slab.isActive {
                let a = max(slab.zStartMM, layer.zStartMM), b = min(slab.zEndMM, layer.zEndMM)
                if b > a { w += b - a; wz += (b - a) * 0.5 * (a + b) }
            }
            return (w > 0 ? wz / w : mid) / radiationLengthMM
        }
    }
}
