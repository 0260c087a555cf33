import CaloSupport
import Foundation

/// Photon stepping (docs/physics.md §12.3): sample the distance to the next interaction from the total
/// attenuation in the current region, stop at planes, then Compton, pair or photoelectric in
/// proportion to their attenuation coefficients.
extension ShowerTransport {
    mutating func transportPhoton(_ t: inout Track) {
        // Mean free paths left to the next interaction, kept across planes (memoryless).
        var nLambda = -log(rng.uniform())
        // Attenuation coefficients of the two most recent materials at the current energy.
        var cache = (PhotonAttenuation(), PhotonAttenuation())
        while true {
            let e = t.energy
            if e < configuration.photonKillMeV {
                deposit(e, x: t.x, y: t.y, z: t.z, region: t.region)
                return
            }
            let m = regions.material[t.region]
            let att: PhotonAttenuation
            if cache.0.energy == e && cache.0.material == m {
                att = cache.0
            } else if cache.1.energy == e && cache.1.material == m {
                att = cache.1
            } else {
                att = attenuation(e, material: m)
                cache = (att, cache.0)
            }
            let dInteraction = nLambda / att.total
            let (dGeo, boundary) = distanceToBoundary(t)
            result.photonSteps += 1
            if dInteraction >= dGeo {
                move(&t, dGeo)
                nLambda -= dGeo * att.total
                if !cross(&t, boundary) { return }
                continue
            }
            move(&t, dInteraction)
            nLambda = -log(rng.uniform())
            let r = rng.uniform() * att.total
            if r < att.photoelectric {
                photoelectric(t, material: m)
                return
            } else if r < att.photoelectric + att.compton {
                compton(&t)
            } else {
                pair(t, material: m)
                return
            }
        }
    }

    /// Attenuation coefficients (1/mm) of one material at one photon energy (MeV).
    struct PhotonAttenuation {
        var energy = -1.0
        var material = -1
        var compton = 0.0, pair = 0.0, photoelectric = 0.0, total = 0.0
    }

    @inline(__always)
    private func attenuation(_ e: Double, material m: Int) -> PhotonAttenuation {
        let loc = tables.grid.locate(e)
        let muC = tables.compton.value(m, loc)
        let muP = e > 2 * PhysicsConstants.electronMass ? tables.pair.value(m, loc) : 0
        let muPE = materials.photoelectric[m].attenuation(photonEnergy: e)
        return PhotonAttenuation(energy: e, material: m, compton: muC, pair: muP, photoelectric: muPE,
                                 total: muC + muP + muPE)
    }

    private mutating func photoelectric(_ t: Track, material m: Int) {
        let binding = min(t.energy, materials.photoelectric[m].sampleBindingEnergy(photonEnergy: t.energy, rng: &rng))
        deposit(binding, x: t.x, y: t.y, z: t.z, region: t.region)
        let te = t.energy - binding
        if te > 0 {
            let cost = Photoelectric.sampleElectronCosTheta(kineticEnergy: te, rng: &rng)
            pushSecondary(Track.electron, energy: te, from: t, direction: t.direction.rotated(cosTheta: cost, azimuth: randomAzimuth()))
        }
    }

    private mutating func compton(_ t: inout Track) {
        let e = t.energy
        let (eps, cost) = Compton.sample(photonEnergy: e, rng: &rng)
        let ePrime = eps * e
        let te = e - ePrime
        let u = t.direction
        let uPrime = u.rotated(cosTheta: cost, azimuth: randomAzimuth())
        if te > 0 {
            // Electron momentum = photon momentum before - after.
            let d = Direction(e * u.x - ePrime * uPrime.x, e * u.y - ePrime * uPrime.y, e * u.z - ePrime * uPrime.z)
            pushSecondary(Track.electron, energy: te, from: t, direction: d.normalised())
        }
        t.energy = ePrime
        t.direction = uPrime
    }

    private mutating func pair(_ t: Track, material m: Int) {
        let elements = materials.elements[m]
        let e = t.energy
        var element = 0
        if elements.count > 1 {
            let atomDensities = materials.atomDensities[m]
            var total = 0.0
            let lpm = materials.scalars[m].lpmEnergy
            for j in 0..<elements.count {
                total += atomDensities[j] * PairProduction.crossSection(elements[j], photonEnergy: e, lpmEnergy: lpm)
            }
            var r = rng.uniform() * total
            for j in 0..<elements.count {
                element = j
                r -= atomDensities[j] * PairProduction.crossSection(elements[j], photonEnergy: e, lpmEnergy: lpm)
                if r <= 0 { break }
            }
        }
        let mc2 = PhysicsConstants.electronMass
        let eps = PairProduction.sampleEpsilon(elements[element], photonEnergy: e,
                                               lpmEnergy: materials.scalars[m].lpmEnergy, rng: &rng)
        let tMinus = max(0, eps * e - mc2)
        let tPlus = e - 2 * mc2 - tMinus  // exact ledger: E = T- + T+ + 2 mc^2
        let phi = randomAzimuth()
        let cosMinus = ModifiedTsai.sampleCosTheta(kineticEnergy: tMinus, rng: &rng)
        let cosPlus = ModifiedTsai.sampleCosTheta(kineticEnergy: tPlus, rng: &rng)
        pushSecondary(Track.electron, energy: tMinus, from: t, direction: t.direction.rotated(cosTheta: cosMinus, azimuth: phi))
        pushSecondary(Track.positron, energy: max(0, tPlus), from: t,
                      direction: t.direction.rotated(cosTheta: cosPlus, azimuth: (-phi.cos, -phi.sin)))
    }
}
