import CaloSupport
import Foundation

/// Energy response of a sampling calorimeter at one beam energy: sampling fraction and resolution.
///
/// Per shower: visible energy E_vis (argon) and deposited energy E_dep (all materials).
/// Sampling fraction f = sum E_vis / sum E_dep (a ratio of sums, `RatioEstimate`): deposited, not
/// incident, energy in the denominator removes leakage ("after leakage", docs/physics.md §14.6).
/// Resolution: sigma(E_vis)/<E_vis> with its error; the intrinsic resolution sigma(E_dep)/<E_dep>
/// (shower + leakage only, no sampling) is kept for diagnosis (docs/physics.md §14.6: must be << the sampling term).
public struct EnergyResponse: Sendable, Equatable, Codable {
    public let energyMeV: Double
    public let samplingFraction: RatioEstimate
    public let visible: RunningStatistics
    public let deposited: RunningStatistics
    /// Leakage fraction per shower, 1 - E_dep / E_incident.
    public let leakage: RunningStatistics

    /// From per-shower visible, deposited and incident energies (MeV).
    public init(energyMeV: Double, visibleMeV: [Double], depositedMeV: [Double], incidentMeV: [Double]) {
        require(visibleMeV.count == depositedMeV.count && depositedMeV.count == incidentMeV.count,
                     "EnergyResponse: \(visibleMeV.count) visible, \(depositedMeV.count) deposited, \(incidentMeV.count) incident")
        self.energyMeV = energyMeV
        samplingFraction = RatioEstimate(numerators: visibleMeV, denominators: depositedMeV)
        visible = RunningStatistics(visibleMeV)
        deposited = RunningStatistics(depositedMeV)
        leakage = RunningStatistics(zip(depositedMeV, incidentMeV).map { 1 - $0 / $1 })
    }

    /// sigma(E_vis)/<E_vis> and its error.
    public var resolution: (value: Double, error: Double) { visible.relativeRMS }
    /// sigma(E_dep)/<E_dep> and its error.
    public var intrinsicResolution: (value: Double, error: Double) { deposited.relativeRMS }

    /// Deviations f(E)/<f> - 1 of each response's sampling fraction from their weighted mean
    /// (weights 1/err^2), with errors (the mean's own error neglected: it is shared by all).
    public static func linearity(_ responses: [EnergyResponse]) -> [(energyMeV: Double, deviation: Double, error: Double)] {
        var sw = 0.0, swf = 0.0
        for r in responses {
            let w = 1 / (r.samplingFraction.error * r.samplingFraction.error)
            sw += w
            swf += w * r.samplingFraction.value
        }
        let mean = swf / sw
        return responses.map { r in
            (r.energyMeV, r.samplingFraction.value / mean - 1, r.samplingFraction.error / mean)
        }
    }
}
