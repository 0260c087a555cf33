import CaloDetector
import CaloSupport
import Foundation

/// The reference electromagnetic shower simulator: a class-II condensed-history transport of
/// e-, e+ and photons through a geometry's slab stack (docs/physics.md §3-§12).
///
/// Tables are built once in `init`; `simulate` is thread-safe and uses only
/// element showerIndex of `StreamDomain.showerTransport` under `seed`, so a shower's output does not depend on threads.
public final class ShowerSimulator: Sendable {
    public let geometry: Geometry
    public let configuration: SimulationConfiguration
    let tables: MaterialTables
    let transportMaterials: TransportMaterials
    /// Per transport region, where its deposits are scored.
    let readout: [RegionReadout]
    let regions: TransportRegions

    /// Builds the per-material physics tables for the geometry's materials.
    public init(geometry: Geometry, configuration: SimulationConfiguration = .init()) throws {
        guard configuration.productionCutMM > 0, configuration.trackingCutMeV > 0,
              configuration.stepLimitScale > 0, configuration.photonKillMeV > 0,
              configuration.hardScatteringFraction > 0, configuration.softDeflectionLimit > 0,
              configuration.boundarySoftDeflectionLimit > 0,
              configuration.interiorSoftDeflectionLimit >= configuration.softDeflectionLimit,
              configuration.hingeSoftDeflectionLimit > 0,
              configuration.interiorSafetyFraction >= 0, configuration.interiorSafetyFraction < 1 else {
            throw CalosimError.badInput("simulation configuration: cuts and step limits must be > 0, the interior soft limit at least the soft limit, the interior safety fraction in [0, 1)")
        }
        guard !geometry.isReadoutOnly else {
            throw CalosimError.badInput("geometry '\(geometry.name)' is a readout description without materials (a binning XML); simulate needs a geometry JSON with a stack (e.g. par04-ds2)")
        }
        guard !geometry.slabs.isEmpty, !geometry.layers.isEmpty else {
            throw CalosimError.badInput("geometry '\(geometry.name)' has no slabs or no layers")
        }
        self.geometry = geometry
        self.configuration = configuration
        var materials: [Material] = []
        for s in geometry.slabs where !materials.contains(where: { $0.name == s.material.name }) {
            materials.append(s.material)
        }
        tables = try MaterialTables(materials: materials, configuration: configuration)
        transportMaterials = TransportMaterials(tables)
        regions = TransportRegions(geometry: geometry) { m in materials.firstIndex { $0.name == m.name }! }
        readout = (0..<regions.count).map { [regions] in RegionReadout(region: $0, regions: regions, layers: geometry.layers) }
    }

    /// Simulates one shower of `primary`, reproducibly from (seed, showerIndex).
    public func simulate(_ primary: Primary, seed: UInt64, showerIndex: UInt64) -> ShowerResult {
        require(Primary.energyRangeMeV.contains(primary.kineticEnergyMeV),
                "primary energy \(primary.kineticEnergyMeV) MeV outside \(Primary.energyRangeMeV)")
        require(abs(primary.thetaRadians) < 0.5 * Double.pi, "incidence angle must be below pi/2")
        require(primary.phiRadians.isFinite && primary.xMM.isFinite && primary.yMM.isFinite,
                "primary azimuth and impact point must be finite")
        var transport = ShowerTransport(simulator: self, rng: StreamDomain.showerTransport.generator(key: seed, index: showerIndex))
        return transport.run(primary)
    }

    /// The production thresholds per material of this geometry (MeV).
    public func productionCuts() -> [(material: String, gammaMeV: Double, electronMeV: Double, positronMeV: Double)] {
        tables.materials.map { ($0.material.name, $0.cuts.gammaMeV, $0.cuts.electronMeV, $0.cuts.positronMeV) }
    }
}
