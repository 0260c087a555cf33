import CaloDetector
import CaloSupport
import Foundation

/// The state of one shower in flight: the stack, the generator, the result being filled, and the
/// geometry helpers shared by photon and charged transport (physics.md 4.1-4.3).
struct ShowerTransport {
    let tables: MaterialTables
    let regions: TransportRegions
    let layers: [Geometry.Layer]
    let configuration: SimulationConfiguration
    var rng: Philox
    var stack = ParticleStack()
    var result: ShowerResult

    init(simulator: ShowerSimulator, rng: Philox) {
        tables = simulator.tables
        regions = simulator.regions
        layers = simulator.geometry.layers
        configuration = simulator.configuration
        self.rng = rng
        result = ShowerResult(cellCount: simulator.geometry.cellCount, layerCount: layers.count, incident: 0)
    }

    mutating func run(_ primary: Primary) -> ShowerResult {
        let mc2 = PhysicsConstants.electronMass
        let kind: UInt8
        switch primary.particle {
        case .electron: kind = Track.electron
        case .positron: kind = Track.positron
        case .photon: kind = Track.photon
        }
        result.incident = primary.kineticEnergyMeV + (kind == Track.positron ? 2 * mc2 : 0)
        let dir = Direction(sin(primary.thetaRadians), 0, cos(primary.thetaRadians))
        stack.push(Track(kind: kind, energy: primary.kineticEnergyMeV, x: primary.xMM, y: primary.yMM,
                         z: regions.planes[0], direction: dir, region: 0))
        while var t = stack.pop() {
            if t.kind == Track.photon { transportPhoton(&t) } else { transportCharged(&t) }
        }
        return result
    }

    // MARK: Geometry

    /// Distance along the direction to the region's boundary and which one: +1 the deeper plane,
    /// -1 the shallower plane, 2 a lateral face of the stack.
    @inline(__always)
    func distanceToBoundary(_ t: Track) -> (distance: Double, boundary: Int8) {
        var d = Double.infinity
        var b: Int8 = 0
        let u = t.direction
        if u.z > 0 {
            d = (regions.planes[t.region + 1] - t.z) / u.z; b = 1
        } else if u.z < 0 {
            d = (regions.planes[t.region] - t.z) / u.z; b = -1
        }
        if u.x != 0 {
            let dx = ((u.x > 0 ? regions.halfWidth : -regions.halfWidth) - t.x) / u.x
            if dx < d { d = dx; b = 2 }
        }
        if u.y != 0 {
            let dy = ((u.y > 0 ? regions.halfHeight : -regions.halfHeight) - t.y) / u.y
            if dy < d { d = dy; b = 2 }
        }
        return (max(d, 0), b)
    }

    /// Distance to the nearest boundary in any direction (the isotropic safety), mm.
    @inline(__always)
    func safety(_ t: Track) -> Double {
        min(min(t.z - regions.planes[t.region], regions.planes[t.region + 1] - t.z),
            min(regions.halfWidth - abs(t.x), regions.halfHeight - abs(t.y)))
    }

    @inline(__always)
    func move(_ t: inout Track, _ s: Double) {
        t.x += s * t.direction.x
        t.y += s * t.direction.y
        t.z = min(max(t.z + s * t.direction.z, regions.planes[t.region]), regions.planes[t.region + 1])
    }

    /// Moves the particle onto the boundary's other side; false if it left the stack (ledger done).
    @inline(__always)
    mutating func cross(_ t: inout Track, _ boundary: Int8) -> Bool {
        if boundary == 1 {
            t.z = regions.planes[t.region + 1]
            t.region += 1
            if t.region == regions.count { escape(t, forward: true); return false }
            return true
        }
        if boundary == -1 {
            t.z = regions.planes[t.region]
            t.region -= 1
            if t.region < 0 { escape(t, forward: false); return false }
            return true
        }
        result.escapedLateral += ledgerEnergy(t)
        return false
    }

    /// The energy a particle carries in the ledger: T, plus 2 mc^2 for a positron (physics.md 2.5).
    @inline(__always)
    func ledgerEnergy(_ t: Track) -> Double {
        t.kind == Track.positron ? t.energy + 2 * PhysicsConstants.electronMass : t.energy
    }

    @inline(__always)
    mutating func escape(_ t: Track, forward: Bool) {
        if forward { result.escapedForward += ledgerEnergy(t) } else { result.escapedBackward += ledgerEnergy(t) }
    }

    // MARK: Scoring

    /// Scores a deposit at (x, y) in region r (physics.md 4.3.7).
    @inline(__always)
    mutating func deposit(_ e: Double, x: Double, y: Double, region r: Int) {
        if e == 0 { return }
        let l = regions.layer[r]
        result.depositedPerLayer[l] += e
        if regions.active[r] { result.activePerLayer[l] += e }
        if regions.scored[r] {
            let layer = layers[l]
            if let (row, col) = layer.cell(xMM: x, yMM: y) {
                result.cells[layer.firstCell + row * layer.cols + col] += e
            } else {
                result.overflow[l] += e
            }
        } else {
            result.unscored += e
        }
    }

    // MARK: Secondaries

    @inline(__always)
    mutating func pushSecondary(_ kind: UInt8, energy: Double, from t: Track, direction: Direction) {
        switch kind {
        case Track.photon: result.secondaryPhotons += 1
        case Track.electron: result.secondaryElectrons += 1
        default: result.secondaryPositrons += 1
        }
        stack.push(Track(kind: kind, energy: energy, x: t.x, y: t.y, z: t.z, direction: direction, region: t.region))
    }

    /// Two back-to-back photons of mc^2, isotropic (`G4SimplePositronAtRestModel`).
    @inline(__always)
    mutating func annihilateAtRest(_ t: Track) {
        let cost = 2 * rng.uniform() - 1
        let phi = 2 * Double.pi * rng.uniform()
        let sint = max(0, 1 - cost * cost).squareRoot()
        let d = Direction(sint * cos(phi), sint * sin(phi), cost)
        let mc2 = PhysicsConstants.electronMass
        pushSecondary(Track.photon, energy: mc2, from: t, direction: d)
        pushSecondary(Track.photon, energy: mc2, from: t, direction: Direction(-d.x, -d.y, -d.z))
    }

    /// A uniform azimuth; 32 random bits are plenty for an angle.
    @inline(__always)
    mutating func randomPhi() -> Double { 2 * Double.pi * rng.uniform32() }
}
