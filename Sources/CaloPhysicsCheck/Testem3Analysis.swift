import CaloSupport
import Foundation

/// Mean deposits of the Geant4 TestEm3 benchmark (docs/physics.md §14.9): absorber (PbWO4) and argon per
/// event with the errors of the means, and the mean deposit per slab.
///
/// Per shower: argon = sum of the active-slab deposits over layers, absorber = total deposit
/// minus argon (the geometry's passive slabs are all PbWO4). Compared with Geant4's 6726.72 and
/// 2568.84 MeV per 10 GeV e- (10^7 events, so Geant4's own error is negligible).
public struct Testem3Analysis: Sendable, Equatable, Codable {
    public let absorber: RunningStatistics
    public let argon: RunningStatistics
    /// Mean total deposit per readout layer (one layer per slab), MeV.
    public let meanPerLayer: [Double]

    /// From per-shower deposited-per-layer and active-per-layer arrays (MeV).
    public init(depositedPerLayer: [[Double]], activePerLayer: [[Double]]) {
        require(depositedPerLayer.count == activePerLayer.count && !depositedPerLayer.isEmpty,
                     "Testem3Analysis: \(depositedPerLayer.count) deposited vs \(activePerLayer.count) active showers")
        var abs = RunningStatistics(), lar = RunningStatistics()
        let layers = depositedPerLayer[0].count
        var sum = Array(repeating: 0.0, count: layers)
        for (dep, act) in zip(depositedPerLayer, activePerLayer) {
            require(dep.count == layers && act.count == layers, "Testem3Analysis: ragged layers")
            let total = dep.reduce(0, +), active = act.reduce(0, +)
            abs.add(total - active)
            lar.add(active)
            for l in 0..<layers { sum[l] += dep[l] }
        }
        absorber = abs
        argon = lar
        meanPerLayer = sum.map { $0 / Double(depositedPerLayer.count) }
    }

    /// LAr / (LAr + absorber) of the means (Geant4: ~0.276 at 10 GeV).
    public var visibleOverDeposited: Double { argon.mean / (argon.mean + absorber.mean) }
    /// The layer (0-based) with the highest mean deposit.
    public var peakLayer: Int { meanPerLayer.indices.max { meanPerLayer[$0] < meanPerLayer[$1] } ?? 0 }
}
