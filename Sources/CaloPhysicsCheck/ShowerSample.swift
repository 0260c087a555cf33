import CaloDetector
import CaloSim
import CaloSupport
import Foundation

/// Something that simulates one shower: the reference simulator, or a stand-in in tests.
/// Must be thread-safe and deterministic in (seed, showerIndex).
public protocol ShowerSource: Sendable {
    func simulate(_ primary: Primary, seed: UInt64, showerIndex: UInt64) -> ShowerResult
}

/// What the checks keep of one simulated shower (the cells of the `lateral` geometry are reduced
/// to the energy within the requested radii at once, so a sample stays small).
public struct ShowerSummary: Sendable {
    public let incidentMeV: Double
    /// Deposit in all materials, MeV.
    public let depositedMeV: Double
    /// Deposit in active (argon) slabs, MeV.
    public let visibleMeV: Double
    public let depositedPerLayer: [Double]
    public let activePerLayer: [Double]
    /// Energy within each radius of the sample's `LateralContainment` (empty without one), MeV.
    public let insideMeV: [Double]
    /// |incident - deposited - escaped| / incident (physics.md 2.5).
    public let ledgerResidual: Double
    /// |sum over layers of (expected scored - scored) - unscored| / incident: the readout's own
    /// bookkeeping (cells + overflow equal the deposit the layer scores).
    public let readoutResidual: Double

    /// Reduces `result` in `geometry`.
    public init(_ result: ShowerResult, geometry: Geometry, containment: LateralContainment?) {
        incidentMeV = result.incident
        depositedMeV = result.deposited
        visibleMeV = result.depositedActive
        depositedPerLayer = result.depositedPerLayer
        activePerLayer = result.activePerLayer
        insideMeV = containment?.energyInside(cells: result.cells) ?? []
        ledgerResidual = abs(result.ledgerResidual)
        var missing = 0.0
        for (l, layer) in geometry.layers.enumerated() {
            var scored = result.overflow[l]
            for c in layer.firstCell..<(layer.firstCell + layer.cellCount) { scored += result.cells[c] }
            let expected = layer.scoring == .all ? result.depositedPerLayer[l] : result.activePerLayer[l]
            missing += (result.depositedPerLayer[l] - expected) + (expected - scored)
        }
        readoutResidual = abs(missing - result.unscored) / result.incident
    }
}

/// A sample of showers of one primary in one geometry, simulated on all threads.
public struct ShowerSample: Sendable {
    public let geometryName: String
    public let primary: Primary
    public let variant: PhysicsVariant
    public let showers: [ShowerSummary]
    /// Wall-clock time of the simulation, seconds.
    public let seconds: Double

    /// Simulates `count` showers with streams showerIndex = tag << 32 | i under `seed`; the tag
    /// is a stable hash of (geometry, particle, energy), so different samples are independent
    /// and any shower can be re-simulated alone. Output does not depend on `threads`.
    public init(source: any ShowerSource, geometry: Geometry, primary: Primary, variant: PhysicsVariant,
                count: Int, seed: UInt64, threads: Int, containment: LateralContainment?) {
        precondition(count > 0, "ShowerSample: count \(count)")
        let tag = ShowerSample.tag("\(geometry.name)/\(primary.particle.rawValue)/\(primary.kineticEnergyMeV)")
        let slots = SlotArray<ShowerSummary>(count: count)
        let start = Date()
        Threads.parallelFor(count, threads: threads) { i in
            let r = source.simulate(primary, seed: seed, showerIndex: tag << 32 | UInt64(i))
            slots.set(i, ShowerSummary(r, geometry: geometry, containment: containment))
        }
        seconds = Date().timeIntervalSince(start)
        geometryName = geometry.name
        self.primary = primary
        self.variant = variant
        showers = slots.values()
    }

    /// FNV-1a hash of `text`, reduced to 31 bits.
    static func tag(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h & 0x7fff_ffff
    }
}

/// Preallocated output slots written by index from several threads (each slot once).
final class SlotArray<T: Sendable>: @unchecked Sendable {
    private var storage: [T?]
    private let lock = NSLock()
    init(count: Int) { storage = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) {
        lock.lock()
        storage[i] = value
        lock.unlock()
    }
    func values() -> [T] { storage.map { $0! } }
}

/// The physics settings a sample was simulated with: the reference, or a convergence variant
/// (physics.md 3.7 item 8).
public enum PhysicsVariant: String, Sendable, Codable, CaseIterable {
    /// 0.7 mm production cut, reference step limits.
    case reference
    /// Every step limit halved.
    case halfStepLimits
    /// 0.1 mm production cut.
    case fineCut
}
