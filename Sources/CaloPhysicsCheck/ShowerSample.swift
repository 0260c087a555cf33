import CaloDetector
import CaloSim
import CaloSupport
import Foundation

/// A sample of showers of one primary in one geometry, simulated on all threads.
public struct ShowerSample: Sendable {
    public let geometryName: String
    public let primary: Primary
    public let variant: PhysicsVariant
    public let showers: [ShowerSummary]
    /// Wall-clock time of the simulation, seconds.
    public let seconds: Double

    /// Simulates `count` showers with showerIndex = tag 2^32 + i under `seed`
    /// (`StreamDomain.physicsCheckShowers`, apart from the bootstrap's streams); the tag (1 ..< 2^31)
    /// is a stable hash of (geometry, particle, energy), so different samples are independent
    /// and any shower can be re-simulated alone. Output does not depend on `threads`.
    public init(source: any ShowerSource, geometry: Geometry, primary: Primary, variant: PhysicsVariant,
                count: Int, seed: UInt64, threads: Int, containment: LateralContainment?) {
        require(count > 0, "ShowerSample: count \(count)")
        let tag = ShowerSample.tag("\(geometry.name)/\(primary.particle.rawValue)/\(primary.kineticEnergyMeV)")
        let slots = IndexedSlots<ShowerSummary>(count: count)
        let start = Date()
        Threads.parallelFor(count, threads: threads) { i in
            let r = source.simulate(primary, seed: seed, showerIndex: StreamDomain.physicsCheckShowers.stream((tag - 1) << 32 | UInt64(i)))
            slots.set(i, ShowerSummary(r, geometry: geometry, containment: containment))
        }
        seconds = Date().timeIntervalSince(start)
        geometryName = geometry.name
        self.primary = primary
        self.variant = variant
        showers = slots.values
    }

    /// FNV-1a hash of `text`, reduced to 31 bits.
    static func tag(_ text: String) -> UInt64 { max(1, FNV1a.hash(text.utf8) & 0x7fff_ffff) }
}

