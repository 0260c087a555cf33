import CaloDetector
import CaloSim
import CaloSupport
import CaloValidation
import Foundation

/// The showers of classification without labels: e- and photons simulated with calosim's
/// reference simulator (`ShowerSimulator`), reduced to a few shower-shape features.
///
/// Features (CaloGAN's shower shapes, `Observable`, per shower): the energy of each of the
/// three layers over the incident energy E_i / E_inc, the shower depth (energy-weighted mean
/// layer index), the energy-weighted RMS widths of layer 0 along its 5 mm strips (x) and of
/// layer 1 in x and y (mm), the (E1 - E2) / (E1 + E2) ratio of the two hottest cells of layer
/// 0, and the fraction of layer 0's cells hit. A photon travels on average 9/7 X_0 before it
/// converts, so its shower starts later than the electron's: less energy in layer 0, a deeper
/// and, in layer 0, narrower shower.
public enum CwolaShowers {
    /// The features, in column order.
    public static let observables: [Observable] = [
        .layerEnergyOverIncident(0), .layerEnergyOverIncident(1), .layerEnergyOverIncident(2), .showerDepth,
        .widthX(0), .widthX(1), .widthY(1), .energyRatio(0), .sparsity(0),
    ]

    /// The feature rows (count x `observables.count`, row-major) of `count` showers of
    /// `particle` at perpendicular incidence on the centre of `geometry`, shower i being
    /// element `firstIndex + i` of `StreamDomain.showerTransport` and its energy drawn
    /// uniformly from `energyRangeMeV` by element `firstIndex + i` of `incidentEnergy`, both
    /// under `seed` (as `calosim simulate --first-shower` numbers them); the same for any
    /// thread count.
    public static func features(of particle: Particle, count: Int, firstIndex: UInt64, energyRangeMeV: ClosedRange<Double>,
                                simulator: ShowerSimulator, seed: UInt64, threads: Int) -> [Float] {
        let calculator = ObservableCalculator(geometry: simulator.geometry)
        let columns = observables.map { o in calculator.observables.firstIndex(of: o)! }
        let width = observables.count, all = calculator.observables.count
        let rows = IndexedSlots<[Float]>(count: count)
        Threads.parallelFor(count, threads: threads) { i in
            let index = firstIndex + UInt64(i)
            var rng = StreamDomain.incidentEnergy.generator(key: seed, index: index)
            let energy = energyRangeMeV.lowerBound + (energyRangeMeV.upperBound - energyRangeMeV.lowerBound) * rng.uniform()
            let shower = simulator.simulate(Primary(particle: particle, kineticEnergyMeV: energy), seed: seed, showerIndex: index)
            let cells = shower.cells.map { Float($0) }
            var values = [Float](repeating: 0, count: all)
            cells.withUnsafeBufferPointer { c in
                values.withUnsafeMutableBufferPointer { calculator.evaluate(c, incidentEnergyMeV: Float(energy), into: $0) }
            }
            rows.set(i, columns.map { values[$0] })
        }
        return rows.values.flatMap { $0 }
    }
}
