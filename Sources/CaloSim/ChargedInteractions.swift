import CaloSupport
import Foundation

/// The discrete e± interactions at the end of a step: which one (in proportion to the
/// macroscopic cross-sections at the energy after the step), and their samplers.
extension ShowerTransport {
    /// The interaction phase of a charged step that ended in a discrete interaction or a hard
    /// elastic collision: resamples that process's mean free paths and performs it. Returns false
    /// when the track ends (a positron annihilated in flight).
    @_transparent
    mutating func chargedInteraction(_ t: inout Track, _ event: ChargedStepEvent, _ s: ChargedSpecies,
                                     material m: Int, left: inout MeanFreePathsLeft) -> Bool {
        let c = s.species
        let loc2 = tables.grid.locate(t.energy)
        if event == .discrete {
            left.discrete = -log(rng.uniform())
            let sb = tables.bremsstrahlung[c].value(m, loc2)
            let sd = tables.deltaRays[c].value(m, loc2)
            let sa = s.positron ? tables.annihilation.value(m, loc2) : 0
            let r = rng.uniform32() * (sb + sd + sa)
            if r < sb {
                bremsstrahlung(&t, material: m, at: loc2)
            } else if r < sb + sd {
                deltaRay(&t, material: m)
            } else if sa > 0 {
                annihilateInFlight(t)
                return false
            }
        } else {
            precondition(event == .hardElastic, "a step ended by a limit alone has no interaction")
            left.hard = -log(rng.uniform())
            let wc = tables.scatteringCut.value(m, loc2)
            let cost = MultipleScattering.sampleHardCosTheta(materials.scatteringTerms[m],
                                                             kineticEnergy: t.energy, cut: wc, rng: &rng)
            t.direction = t.direction.rotated(cosTheta: cost, azimuth: randomAzimuth())
        }
        return true
    }

    fileprivate mutating func bremsstrahlung(_ t: inout Track, material m: Int, at loc: (index: Int, fraction: Double)) {
        let mp = materials.scalars[m]
        let c = Int(t.kind)
        var element = 0
        if mp.elementCount > 1 {
            let table = tables.bremsstrahlungPerElement[c]
            var total = 0.0
            for j in 0..<mp.elementCount { total += table.value(mp.elementOffset + j, loc) }
            var r = rng.uniform() * total
            for j in 0..<mp.elementCount {
                element = j
                r -= table.value(mp.elementOffset + j, loc)
                if r <= 0 { break }
            }
        }
        let kinetic = t.energy
        let kCut = mp.gammaCut
        if kinetic <= kCut { return }
        let k = Bremsstrahlung.sampleEnergy(materials.elements[m][element], kineticEnergy: kinetic, kCut: kCut,
                                            plasmaEnergy: mp.plasmaEnergy, lpmEnergy: mp.lpmEnergy, rng: &rng)
        let cost = ModifiedTsai.sampleCosTheta(kineticEnergy: kinetic, rng: &rng)
        let photonDir = t.direction.rotated(cosTheta: cost, azimuth: randomAzimuth())
        let mc2 = PhysicsConstants.electronMass
        let p = (kinetic * (kinetic + 2 * mc2)).squareRoot()
        let u = t.direction
        pushSecondary(Track.photon, energy: k, from: t, direction: photonDir)
        t.energy = kinetic - k
        t.direction = Direction(p * u.x - k * photonDir.x, p * u.y - k * photonDir.y, p * u.z - k * photonDir.z).normalised()
    }

    fileprivate mutating func deltaRay(_ t: inout Track, material m: Int) {
        let positron = t.kind == Track.positron
        let cut = materials.scalars[m].electronCut
        let kinetic = t.energy
        if cut >= (positron ? kinetic : 0.5 * kinetic) { return }
        let td = Ionisation.sampleDeltaEnergy(kineticEnergy: kinetic, cut: cut, positron: positron, rng: &rng)
        let mc2 = PhysicsConstants.electronMass
        let p = (kinetic * (kinetic + 2 * mc2)).squareRoot()
        let pd = (td * (td + 2 * mc2)).squareRoot()
        let cost = min(1, td * (kinetic + 2 * mc2) / (pd * p))
        let u = t.direction
        let dd = u.rotated(cosTheta: cost, azimuth: randomAzimuth())
        pushSecondary(Track.electron, energy: td, from: t, direction: dd)
        t.energy = kinetic - td
        t.direction = Direction(p * u.x - pd * dd.x, p * u.y - pd * dd.y, p * u.z - pd * dd.z).normalised()
    }

    fileprivate mutating func annihilateInFlight(_ t: Track) {
        let mc2 = PhysicsConstants.electronMass
        let kinetic = t.energy
        let (eps, cost) = Annihilation.sampleInFlight(kineticEnergy: kinetic, rng: &rng)
        let total = kinetic + 2 * mc2
        let e1 = eps * total
        let e2 = total - e1
        let u = t.direction
        let d1 = u.rotated(cosTheta: cost, azimuth: randomAzimuth())
        let p = (kinetic * (kinetic + 2 * mc2)).squareRoot()
        let d2 = Direction(p * u.x - e1 * d1.x, p * u.y - e1 * d1.y, p * u.z - e1 * d1.z).normalised()
        pushSecondary(Track.photon, energy: e1, from: t, direction: d1)
        pushSecondary(Track.photon, energy: e2, from: t, direction: d2)
    }
}
