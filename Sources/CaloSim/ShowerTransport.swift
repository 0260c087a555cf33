import CaloDetector
import CaloSupport
import Foundation

/// The state of one shower in flight: the stack, the generator, the result being filled, and the
/// geometry helpers shared by photon and charged transport (docs/physics.md §12).
struct ShowerTransport {
    let tables: MaterialTables
    let materials: TransportMaterials
    let regions: TransportRegions
    let layers: [Geometry.Layer]
    let configuration: SimulationConfiguration
    var rng: Philox
    var stack = ParticleStack()
    var result: ShowerResult
    /// Cell and layer sums of `result`, filled during transport and stored at the end.
    let tally: ScoringTally
    let readout: [RegionReadout]
    /// The geometry, for the layer of a polar deposit's depth along the mesh axis.
    let geometry: Geometry
    /// The polar readout's mesh, set by `run`: the primary's entry point on the front face (mm),
    /// the sine and cosine of its polar angle theta and of its azimuth phi (`scorePolar`).
    var meshX0 = 0.0, meshY0 = 0.0, meshSin = 0.0, meshCos = 1.0, meshSinPhi = 0.0, meshCosPhi = 1.0
    /// `MultipleScattering.softTable` and `softNorm` (held here, so that the transport loop does not go
    /// through the lazy globals' accessors on every step).
    let softDeflectionTable = MultipleScattering.softTable
    let softDeflectionNorm = MultipleScattering.softNorm
    /// `ZigguratNormal.table`, for the energy-loss straggling, and `Azimuth.table`.
    let normalTable = ZigguratNormal.table
    let azimuthTable = Azimuth.table

    init(simulator: ShowerSimulator, rng: Philox) {
        tables = simulator.tables
        materials = simulator.transportMaterials
        regions = simulator.regions
        layers = simulator.geometry.layers
        configuration = simulator.configuration
        self.rng = rng
        result = ShowerResult(cellCount: simulator.geometry.cellCount, layerCount: layers.count, incident: 0)
        tally = ScoringTally(cellCount: simulator.geometry.cellCount, layerCount: layers.count)
        readout = simulator.readout
        geometry = simulator.geometry
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
        let u = primary.direction
        let dir = Direction(u.x, u.y, u.z)
        meshX0 = primary.xMM; meshY0 = primary.yMM
        meshSin = sin(primary.thetaRadians); meshCos = u.z
        if primary.phiRadians != 0 { meshSinPhi = sin(primary.phiRadians); meshCosPhi = cos(primary.phiRadians) }
        stack.push(Track(kind: kind, energy: primary.kineticEnergyMeV, x: primary.xMM, y: primary.yMM,
                         z: regions.planes[0], direction: dir, region: 0))
        while var t = stack.pop() {
            if t.kind == Track.photon { transportPhoton(&t) } else { transportCharged(&t) }
        }
        tally.store(into: &result)
        return result
    }

    // MARK: Geometry

    /// The boundary of a region a straight line reaches first.
    enum Boundary {
        /// A lateral face of the stack: leaving through it ends the track.
        case lateralFace
        /// The plane at the back of the region (larger z).
        case deeperPlane
        /// The plane at the front of the region (smaller z).
        case shallowerPlane
    }

    /// Distance along the direction to the region's boundary and which one.
    ///
    /// A lateral face is skipped (no division) when the room to it, r = half-size - |x| (as
    /// rounded), satisfies r >= 0 and 0.999999 r >= d, the distance found so far: the computed
    /// distance to the face is (half-size -+ x) / u_x with a numerator >= r (rounding is monotone)
    /// and |u_x| <= 1 to a few ulp, so it is > d and would not have been taken. The result is unchanged.
    @inline(__always)
    func distanceToBoundary(_ t: Track) -> (distance: Double, boundary: Boundary) {
        var d = Double.infinity
        // Only a null direction reaches no plane and no face (d stays infinite); it counts as lateral.
        var b = Boundary.lateralFace
        let u = t.direction
        if u.z > 0 {
            d = (regions.planes[t.region + 1] - t.z) / u.z; b = .deeperPlane
        } else if u.z < 0 {
            d = (regions.planes[t.region] - t.z) / u.z; b = .shallowerPlane
        }
        let roomX = regions.halfWidth - abs(t.x)
        if u.x != 0 && !(roomX >= 0 && roomX * 0.999_999 >= d) {
            let dx = ((u.x > 0 ? regions.halfWidth : -regions.halfWidth) - t.x) / u.x
            if dx < d { d = dx; b = .lateralFace }
        }
        let roomY = regions.halfHeight - abs(t.y)
        if u.y != 0 && !(roomY >= 0 && roomY * 0.999_999 >= d) {
            let dy = ((u.y > 0 ? regions.halfHeight : -regions.halfHeight) - t.y) / u.y
            if dy < d { d = dy; b = .lateralFace }
        }
        return (larger(d, 0), b)
    }

    /// Distance to the nearest boundary in any direction (the isotropic safety), mm.
    @inline(__always)
    func safety(_ t: Track) -> Double {
        smaller(smaller(t.z - regions.planes[t.region], regions.planes[t.region + 1] - t.z),
                smaller(regions.halfWidth - abs(t.x), regions.halfHeight - abs(t.y)))
    }

    @inline(__always)
    func move(_ t: inout Track, _ s: Double) {
        t.x += s * t.direction.x
        t.y += s * t.direction.y
        t.z = smaller(larger(t.z + s * t.direction.z, regions.planes[t.region]), regions.planes[t.region + 1])
    }

    /// Moves the particle onto the boundary's other side; false if it left the stack (ledger done).
    @inline(__always)
    mutating func cross(_ t: inout Track, _ boundary: Boundary) -> Bool {
        switch boundary {
        case .deeperPlane:
            t.z = regions.planes[t.region + 1]
            t.region += 1
            if t.region == regions.count { escape(t, forward: true); return false }
            return true
        case .shallowerPlane:
            t.z = regions.planes[t.region]
            t.region -= 1
            if t.region < 0 { escape(t, forward: false); return false }
            return true
        case .lateralFace:
            result.escapedLateral += ledgerEnergy(t)
            return false
        }
    }

    /// The energy a particle carries in the ledger: T, plus 2 mc^2 for a positron (docs/physics.md §12.5).
    @inline(__always)
    func ledgerEnergy(_ t: Track) -> Double {
        t.kind == Track.positron ? t.energy + 2 * PhysicsConstants.electronMass : t.energy
    }

    @inline(__always)
    mutating func escape(_ t: Track, forward: Bool) {
        if forward { result.escapedForward += ledgerEnergy(t) } else { result.escapedBackward += ledgerEnergy(t) }
    }

    // MARK: Scoring

    /// Scores a deposit at (x, y, z) in region r (docs/physics.md §12.2).
    @inline(__always)
    mutating func deposit(_ e: Double, x: Double, y: Double, z: Double, region r: Int) {
        if e == 0 { return }
        let ro = readout[r]
        let l = ro.layer
        tally.depositedPerLayer[l] += e
        if ro.active { tally.activePerLayer[l] += e }
        if ro.scored {
            if ro.polar {
                scorePolar(e, x: x, y: y, z: z, layer: l)
            } else if let cell = ro.cell(x: x, y: y) {
                tally.cells[cell] += e
            } else {
                tally.overflow[l] += e
            }
        } else {
            result.unscored += e
        }
    }

    /// Scores a deposit in a polar readout, as Geant4 Par04's mesh (`Par04SensitiveDetector`):
    /// the offset from the entry point p0 is rotated by R = R_y(-theta) R_z(-phi), which takes the
    /// primary's direction (sin theta cos phi, sin theta sin phi, cos theta) to the z axis. With
    /// (a, b) = (dx cos phi + dy sin phi, dy cos phi - dx sin phi), the offset turned by -phi about
    /// z, the depth d = a sin theta + dz cos theta picks the readout layer and the transverse
    /// components (u', v') = (a cos theta - dz sin theta, b) the (alpha, r) bin. Perpendicular
    /// incidence (theta = 0): d = z, the region's own layer, and no turn (Par04's phi of the z axis
    /// is 0). phi = 0: a = dx, b = dy exactly. Outside the mesh in r or depth, or in a Cartesian
    /// layer, the deposit is the overflow of the region's layer (or of the mesh layer when only r
    /// is outside), so the ledger closes.
    @inline(__always)
    mutating func scorePolar(_ e: Double, x: Double, y: Double, z: Double, layer regionLayer: Int) {
        let dx = x - meshX0, dy = y - meshY0
        var l = regionLayer, u = dx, v = dy
        if meshSin != 0 {
            let dz = z - regions.planes[0]
            var a = dx
            if meshSinPhi != 0 {
                a = dx * meshCosPhi + dy * meshSinPhi
                v = dy * meshCosPhi - dx * meshSinPhi
            }
            guard let ml = geometry.layerIndex(zMM: a * meshSin + dz * meshCos), layers[ml].polar != nil else {
                tally.overflow[regionLayer] += e
                return
            }
            l = ml
            u = a * meshCos - dz * meshSin
        }
        guard let bins = layers[l].polar else { preconditionFailure("scorePolar: layer \(l) is not polar") }
        if let (a, k) = bins.cell(u: u, v: v) {
            tally.cells[layers[l].firstCell &+ a &* bins.rBins &+ k] += e
        } else {
            tally.overflow[l] += e
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

    /// A uniform azimuth as (cos phi, sin phi) (`Azimuth.sample`).
    @inline(__always)
    mutating func randomAzimuth() -> (cos: Double, sin: Double) { Azimuth.sample(table: azimuthTable, rng: &rng) }
}
