import CaloSupport
import Foundation

/// e± stepping, class-II condensed history (docs/physics.md §12.4). Each step is the shortest of: the
/// continuous-loss limit (Geant4's step function), the next discrete interaction (bremsstrahlung,
/// delta ray, annihilation) and the next hard elastic collision, both found by inverting the
/// slowing-down integrals (exact for the mean loss, no null collisions), and the soft-deflection
/// limit (tighter where the step could reach a boundary). The step is travelled as two straight
/// segments around a random hinge where the lumped soft deflection is applied; either segment stops
/// on a plane, so neither the step nor any displacement crosses a boundary. The continuous loss
/// (with Urban straggling) is deposited at a uniformly random point of the path, in the step's region.
extension ShowerTransport {
    mutating func transportCharged(_ t: inout Track) {
        let c = Int(t.kind)
        let positron = t.kind == Track.positron
        // The tables of this species, bound once per track.
        let rangeTable = tables.range[c], dedxTable = tables.dedx[c]
        let discreteTable = tables.discreteIntegral[c], hardTable = tables.hardIntegral[c]
        let softTable = tables.softIntegral[c]
        var nDiscrete = -log(rng.uniform())
        var nHard = -log(rng.uniform())
        while true {
            let kinetic = t.energy
            if kinetic <= configuration.trackingCutMeV {
                deposit(kinetic, x: t.x, y: t.y, region: t.region)
                if positron { annihilateAtRest(t) }
                return
            }
            let m = regions.material[t.region]
            let loc = tables.grid.locate(kinetic)
            let range = rangeTable.value(m, loc)
            let material = materials.scalars[m]
            if configuration.rangeRejection && kinetic < material.electronCut && range < safety(t) {
                deposit(kinetic, x: t.x, y: t.y, region: t.region)
                if positron { annihilateAtRest(t) }
                return
            }
            // Step limits (true path length, mm): continuous loss, the next discrete interaction and
            // the next hard elastic collision (inverting the slowing-down integrals), soft deflection.
            var step = MaterialTables.lossStepLimit(range: range, configuration: configuration)
            var event = 0  // 0 loss or soft limit, 1 discrete, 2 hard elastic
            let discrete0 = discreteTable.value(m, loc)
            let hard0 = hardTable.value(m, loc)
            let soft0 = softTable.value(m, loc)
            let discreteTarget = discrete0 - nDiscrete
            if discreteTarget > 0,
               let s1 = MaterialTables.pathLength(toValue: discreteTarget, table: discreteTable, rangeTable: rangeTable,
                                                  range: range, limit: step, material: m, below: loc.index),
               s1 < step {
                step = larger(0, s1); event = 1
            }
            let hardTarget = hard0 - nHard
            if hardTarget > 0,
               let s1 = MaterialTables.pathLength(toValue: hardTarget, table: hardTable, rangeTable: rangeTable,
                                                  range: range, limit: step, material: m, below: loc.index),
               s1 < step {
                step = larger(0, s1); event = 2
            }
            let softLimit = configuration.softDeflectionLimit * configuration.stepLimitScale
            let softTarget = soft0 - softLimit
            if softTarget > 0,
               let s1 = MaterialTables.pathLength(toValue: softTarget, table: softTable, rangeTable: rangeTable,
                                                  range: range, limit: step, material: m, below: loc.index),
               s1 < step {
                step = larger(s1, 1e-9); event = 0
            }

            // Near a boundary (the step could reach it), the soft deflection per step is kept small, so
            // the lumped deflection does not straighten the tracks that cross Pb/LAr planes (the
            // boundary "skin" of EGSnrc's PRESTA-II and Geant4's UseSafety, docs/physics.md §12.4).
            let safe = safety(t)
            if step > safe {
                let skinTarget = soft0 - configuration.boundarySoftDeflectionLimit * configuration.stepLimitScale
                // (A skin path not below the step leaves the step as it is: nil is fine.)
                if skinTarget > 0,
                   let s1 = MaterialTables.pathLength(toValue: skinTarget, table: softTable, rangeTable: rangeTable,
                                                      range: range, limit: step, material: m, below: loc.index) {
                    let skin = larger(larger(s1, safe), 1e-9)
                    if skin < step { step = skin; event = 0 }
                }
            }

            // Two segments around a random hinge, uniform along the step (PENELOPE's random hinge); the
            // soft deflection accumulated along the planned step, <w> = 1 - exp(-x) with x the soft
            // transport path, is applied there.
            let end = MaterialTables.locate(value: range - step, table: rangeTable, material: m, below: loc.index)
            let meanW = -expm1(-larger(0, soft0 - softTable.value(m, end)))
            let x0 = t.x, y0 = t.y
            let u0 = t.direction
            let hinge = rng.uniform32() * step
            var (dGeo, boundary) = distanceToBoundary(t)
            var firstLength: Double
            var travelled: Double
            var onBoundary = false
            if dGeo <= hinge {
                move(&t, dGeo)
                firstLength = dGeo
                travelled = dGeo
                onBoundary = true
            } else {
                move(&t, hinge)
                firstLength = hinge
                if meanW > 0 {
                    let cost = MultipleScattering.sampleSoftCosTheta(
                        meanW: meanW, table: softDeflectionTable, norm: softDeflectionNorm, rng: &rng)
                    t.direction = t.direction.rotated(cosTheta: cost, phi: randomPhi())
                }
                (dGeo, boundary) = distanceToBoundary(t)
                let rest = step - hinge
                if dGeo <= rest {
                    move(&t, dGeo)
                    travelled = hinge + dGeo
                    onBoundary = true
                } else {
                    move(&t, rest)
                    travelled = step
                }
            }
            result.chargedSteps += 1

            // Continuous loss with straggling; the mean energy after the path locates the integrals.
            var loss: Double
            var after = (index: 0, fraction: 0.0)
            if travelled >= range {
                loss = kinetic
            } else {
                let mean: Double
                if travelled < 0.01 * range {
                    mean = travelled * dedxTable.value(m, loc)
                    after = tables.grid.locate(larger(kinetic - mean, EnergyGrid.minMeV))
                } else {
                    after = MaterialTables.locate(value: range - travelled, table: rangeTable, material: m, below: loc.index)
                    mean = kinetic - MaterialTables.energy(at: after, grid: tables.grid)
                }
                let tcut = smaller(material.electronCut, positron ? kinetic : 0.5 * kinetic)
                if tcut == material.electronCut {
                    loss = smaller(kinetic, EnergyLossFluctuation.sample(
                        meanLoss: mean, cut: tcut, excitation: material.excitation,
                        logW1: material.fluctuationLogW1, scaling: material.fluctuationScaling, rng: &rng))
                } else {
                    loss = smaller(kinetic, EnergyLossFluctuation.sample(meanLoss: mean, cut: tcut,
                                                                         excitation: material.excitation, rng: &rng))
                }
            }
            if loss > 0 {
                let u = rng.uniform32() * travelled
                let px: Double, py: Double
                if u <= firstLength {
                    px = x0 + u * u0.x; py = y0 + u * u0.y
                } else {
                    let hx = x0 + firstLength * u0.x, hy = y0 + firstLength * u0.y
                    px = hx + (u - firstLength) * t.direction.x; py = hy + (u - firstLength) * t.direction.y
                }
                deposit(loss, x: px, y: py, region: t.region)
            }
            t.energy = kinetic - loss

            // Mean free paths used along the path.
            if event != 1 || onBoundary {
                let left = nDiscrete - (discrete0 - discreteTable.value(m, after))
                nDiscrete = larger(0, left)
            }
            if event != 2 || onBoundary {
                let left = nHard - (hard0 - hardTable.value(m, after))
                nHard = larger(0, left)
            }
            if onBoundary {
                if !cross(&t, boundary) { return }
                continue
            }
            if event == 0 || t.energy <= configuration.trackingCutMeV { continue }
            let loc2 = tables.grid.locate(t.energy)
            if event == 1 {
                nDiscrete = -log(rng.uniform())
                let sb = tables.bremsstrahlung[c].value(m, loc2)
                let sd = tables.deltaRays[c].value(m, loc2)
                let sa = positron ? tables.annihilation.value(m, loc2) : 0
                let r = rng.uniform32() * (sb + sd + sa)
                if r < sb {
                    bremsstrahlung(&t, material: m, at: loc2)
                } else if r < sb + sd {
                    deltaRay(&t, material: m)
                } else if sa > 0 {
                    annihilateInFlight(t)
                    return
                }
            } else {
                nHard = -log(rng.uniform())
                let wc = tables.scatteringCut.value(m, loc2)
                let cost = MultipleScattering.sampleHardCosTheta(materials.scatteringTerms[m],
                                                                 kineticEnergy: t.energy, cut: wc, rng: &rng)
                t.direction = t.direction.rotated(cosTheta: cost, phi: randomPhi())
            }
        }
    }

    private mutating func bremsstrahlung(_ t: inout Track, material m: Int, at loc: (index: Int, fraction: Double)) {
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
                                            plasmaEnergy: mp.plasmaEnergy, rng: &rng)
        let cost = ModifiedTsai.sampleCosTheta(kineticEnergy: kinetic, rng: &rng)
        let photonDir = t.direction.rotated(cosTheta: cost, phi: randomPhi())
        let mc2 = PhysicsConstants.electronMass
        let p = (kinetic * (kinetic + 2 * mc2)).squareRoot()
        let u = t.direction
        pushSecondary(Track.photon, energy: k, from: t, direction: photonDir)
        t.energy = kinetic - k
        t.direction = Direction(p * u.x - k * photonDir.x, p * u.y - k * photonDir.y, p * u.z - k * photonDir.z).normalised()
    }

    private mutating func deltaRay(_ t: inout Track, material m: Int) {
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
        let dd = u.rotated(cosTheta: cost, phi: randomPhi())
        pushSecondary(Track.electron, energy: td, from: t, direction: dd)
        t.energy = kinetic - td
        t.direction = Direction(p * u.x - pd * dd.x, p * u.y - pd * dd.y, p * u.z - pd * dd.z).normalised()
    }

    private mutating func annihilateInFlight(_ t: Track) {
        let mc2 = PhysicsConstants.electronMass
        let kinetic = t.energy
        let (eps, cost) = Annihilation.sampleInFlight(kineticEnergy: kinetic, rng: &rng)
        let total = kinetic + 2 * mc2
        let e1 = eps * total
        let e2 = total - e1
        let u = t.direction
        let d1 = u.rotated(cosTheta: cost, phi: randomPhi())
        let p = (kinetic * (kinetic + 2 * mc2)).squareRoot()
        let d2 = Direction(p * u.x - e1 * d1.x, p * u.y - e1 * d1.y, p * u.z - e1 * d1.z).normalised()
        pushSecondary(Track.photon, energy: e1, from: t, direction: d1)
        pushSecondary(Track.photon, energy: e2, from: t, direction: d2)
    }
}
