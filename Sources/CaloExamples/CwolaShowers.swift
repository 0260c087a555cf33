import CaloDetector
import CaloSim
import CaloSupport
import Foundation

/// The showers of classification without labels: e- and photons simulated with calosim's
/// reference simulator (`ShowerSimulator`) in the CaloGAN stack read out period by period
/// (geometry `profile`: 80 layers of 2 mm Pb + 4 mm LAr, argon scored), reduced to a few
/// features of the longitudinal profile.
///
/// Features, per shower, of the visible (argon) energies E_l of the periods l = 0, 1, ...:
/// the cumulative fractions sum_{l < n} E_l / E_vis after n = 1, 2, 3, 4, 6, 8, 12, 16, 24
/// periods, the depth sum_l l E_l / E_vis and its RMS width (in periods), and E_vis / E_inc.
/// The electron ionises the first argon gaps at once, while a photon travels on average 9/7 X_0
/// (about 3.6 periods) before it converts, so the first gaps tell them apart best.
public enum CwolaShowers {
    /// The periods after which the cumulative fractions are taken.
    public static let cumulativePeriods = [1, 2, 3, 4, 6, 8, 12, 16, 24]
    /// Number of features: the cumulative fractions, depth, width, E_vis / E_inc.
    public static var featureCount: Int { cumulativePeriods.count + 3 }
    /// The index of the first cumulative fraction (the first gap's share), for the figure.
    public static let firstGapColumn = 0

    /// The feature rows (count x `featureCount`, row-major) of `count` showers of `particle` at
    /// perpendicular incidence on the centre of the simulator's geometry (one cell per layer),
    /// shower i being element `firstIndex + i` of `StreamDomain.showerTransport` and its energy
    /// drawn uniformly from `energyRangeMeV` by element `firstIndex + i` of `incidentEnergy`,
    /// both under `seed` (as `calosim simulate --first-shower` numbers them); the same for any
    /// thread count.
    public static func features(of particle: Particle, count: Int, firstIndex: UInt64, energyRangeMeV: ClosedRange<Double>,
                                simulator: ShowerSimulator, seed: UInt64, threads: Int) -> [Float] {
        let rows = IndexedSlots<[Float]>(count: count)
        Threads.parallelFor(count, threads: threads) { i in
            let index = firstIndex + UInt64(i)
            var rng = StreamDomain.incidentEnergy.generator(key: seed, index: index)
            let energy = energyRangeMeV.lowerBound + (energyRangeMeV.upperBound - energyRangeMeV.lowerBound) * rng.uniform()
            let shower = simulator.simulate(Primary(particle: particle, kineticEnergyMeV: energy), seed: seed, showerIndex: index)
            rows.set(i, profileFeatures(shower.cells, incidentMeV: energy))
        }
        return rows.values.flatMap { $0 }
    }

    /// The features of one longitudinal profile (energy per period, MeV); an empty shower gives zeros.
    public static func profileFeatures(_ layers: [Double], incidentMeV: Double) -> [Float] {
        precondition(layers.count >= cumulativePeriods.last!, "CwolaShowers: \(layers.count) layers, need \(cumulativePeriods.last!)")
        let total = layers.reduce(0, +)
        guard total > 0 else { return [Float](repeating: 0, count: featureCount) }
        var cumulative = [Double](), running = 0.0, next = 0
        for (l, e) in layers.enumerated() {
            running += e
            if next < cumulativePeriods.count && l + 1 == cumulativePeriods[next] {
                cumulative.append(running / total)
                next += 1
            }
        }
        var first = 0.0, second = 0.0
        for (l, e) in layers.enumerated() {
            first += Double(l) * e
            second += Double(l * l) * e
        }
        let depth = first / total
        let width = max(0, second / total - depth * depth).squareRoot()
        return (cumulative + [depth, width, total / incidentMeV]).map { Float($0) }
    }
}
