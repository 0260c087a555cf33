import CaloSupport
import Foundation

/// e± stepping, class-II condensed history (docs/physics.md §12.4). Each step is the shortest of: the
/// continuous-loss limit (Geant4's step function), the next discrete interaction (bremsstrahlung,
/// delta ray, annihilation) and the next hard elastic collision, both found by inverting the
/// slowing-down integrals (exact for the mean loss, no null collisions), and the soft-deflection
/// limit (looser for a step well inside the safety, tighter where the step could reach a boundary).
/// The step is travelled as two straight segments around a random hinge where the lumped soft
/// deflection is applied; either segment stops on a plane, so neither the step nor any
/// displacement crosses a boundary. The continuous loss (with Urban straggling) is deposited at a
/// uniformly random point of the path, in the step's region.
///
/// A step runs in four phases: step limit (`chargedStepLimit`), travel (`travelCharged`),
/// continuous loss (`continuousLoss`), then, unless the step ended on a boundary or by a limit
/// alone, the interaction (`chargedInteraction`). The phases are `@_transparent`, so the loop
/// compiles to one function as if written inline: `@inline(__always)` is not enough here, since
/// the optimiser declines it for a callee of more than 64 blocks inlined into a caller of more
/// than 64, and each phase is that large once its table look-ups are inlined.
extension ShowerTransport {
    /// What ends a planned charged step.
    enum ChargedStepEvent {
        /// The continuous-loss or a soft-deflection limit: nothing happens at the end.
        case continuousLimit
        /// A discrete interaction: bremsstrahlung, delta ray or annihilation in flight.
        case discrete
        /// A hard elastic collision.
        case hardElastic
    }

    /// The tables of one charged species (row `species` of the per-species tables), bound once
    /// per track.
    struct ChargedSpecies {
        let species: Int
        let positron: Bool
        let range: GridTable, dedx: GridTable
        let discreteIntegral: GridTable, hardIntegral: GridTable, softIntegral: GridTable

        @_transparent
        init(_ tables: MaterialTables, kind: UInt8) {
            species = Int(kind)
            positron = kind == Track.positron
            range = tables.range[species]
            dedx = tables.dedx[species]
            discreteIntegral = tables.discreteIntegral[species]
            hardIntegral = tables.hardIntegral[species]
            softIntegral = tables.softIntegral[species]
        }
    }

    /// Mean free paths left to the next discrete interaction and the next hard elastic collision.
    struct MeanFreePathsLeft {
        var discrete: Double
        var hard: Double
    }

    /// Where a step starts: material row, grid location, kinetic energy (MeV) and its logarithm
    /// ln(T / MeV), CSDA range (mm).
    struct ChargedStepStart {
        let material: Int
        let location: (index: Int, fraction: Double)
        let kinetic: Double
        let lnKinetic: Double
        let range: Double
    }

    /// The planned step (true path length, mm), what ends it, the slowing-down integrals
    /// (discrete, hard, soft) at its start, the safety there (mm), and, when the limit that set
    /// the step was found by inverting a table, the grid location where the step ends.
    struct ChargedStepLimit {
        let length: Double
        let event: ChargedStepEvent
        let discrete0: Double, hard0: Double, soft0: Double
        let safety: Double
        let end: (index: Int, fraction: Double)?
    }

    /// The path travelled: start point (x, y, z) and direction, the length of the first segment
    /// (up to the hinge), the total length, the boundary it stopped on, if any, and the grid
    /// location where the range has dropped by the planned step (the end of a path that did not
    /// stop on a boundary).
    struct ChargedPath {
        let x0: Double, y0: Double, z0: Double
        let u0: Direction
        let firstLength: Double
        let travelled: Double
        let boundary: Boundary?
        let plannedEnd: (index: Int, fraction: Double)
        /// The point of the continuous-loss deposit, when the travel chose it (a path of several
        /// hinges); nil: a uniform point of the two segments, chosen by `continuousLoss`.
        var depositPoint: (x: Double, y: Double, z: Double)? = nil
    }

    /// Transports one e± until it stops (tracking cut or range rejection), annihilates in flight
    /// or leaves the stack, pushing its secondaries.
    mutating func transportCharged(_ t: inout Track) {
        let s = ChargedSpecies(tables, kind: t.kind)
        var left = MeanFreePathsLeft(discrete: -log(rng.uniform()), hard: -log(rng.uniform()))
        while true {
            let kinetic = t.energy
            if kinetic <= configuration.trackingCutMeV {
                stopCharged(t, s)
                return
            }
            let m = regions.material[t.region]
            let lnKinetic = log(kinetic)
            let loc = tables.grid.locate(lnEnergy: lnKinetic)
            let range = s.range.value(m, loc)
            let material = materials.scalars[m]
            if configuration.rangeRejection && kinetic < material.electronCut && range < safety(t) {
                stopCharged(t, s)
                return
            }
            let start = ChargedStepStart(material: m, location: loc, kinetic: kinetic, lnKinetic: lnKinetic, range: range)
            let limit = chargedStepLimit(t, s, start, left)
            let path = travelCharged(&t, s, start, limit)
            result.chargedSteps += 1
            let after = continuousLoss(&t, s, start, material, path)
            consumeMeanFreePaths(&left, s, start, limit, path, after: after)
            if let boundary = path.boundary {
                if !cross(&t, boundary) { return }
                continue
            }
            if limit.event == .continuousLimit || t.energy <= configuration.trackingCutMeV { continue }
            if !chargedInteraction(&t, limit.event, s, material: m, left: &left) { return }
        }
    }

    /// Below the tracking cut (or range-rejected): the rest is deposited here, and a positron
    /// annihilates at rest.
    @_transparent
    private mutating func stopCharged(_ t: Track, _ s: ChargedSpecies) {
        deposit(t.energy, x: t.x, y: t.y, z: t.z, region: t.region)
        if s.positron { annihilateAtRest(t) }
    }

    // MARK: Step limit

    /// The shortest of the step limits (true path length, mm): continuous loss, the next discrete
    /// interaction and the next hard elastic collision (inverting the slowing-down integrals), soft
    /// deflection, and near a boundary the tighter skin limit of the soft deflection.
    @_transparent
    private func chargedStepLimit(_ t: Track, _ s: ChargedSpecies, _ start: ChargedStepStart,
                                  _ left: MeanFreePathsLeft) -> ChargedStepLimit {
        let m = start.material, loc = start.location, range = start.range
        var step = MaterialTables.lossStepLimit(range: range, configuration: configuration)
        var event = ChargedStepEvent.continuousLimit
        var end: (index: Int, fraction: Double)? = nil
        let discrete0 = s.discreteIntegral.value(m, loc)
        let hard0 = s.hardIntegral.value(m, loc)
        let soft0 = s.softIntegral.value(m, loc)
        let discreteTarget = discrete0 - left.discrete
        if discreteTarget > 0,
           let (s1, at) = MaterialTables.pathLength(toValue: discreteTarget, table: s.discreteIntegral, rangeTable: s.range,
                                                    range: range, limit: step, material: m, below: loc.index),
           s1 < step {
            step = larger(0, s1); event = .discrete; end = s1 > 0 ? at : nil
        }
        let hardTarget = hard0 - left.hard
        if hardTarget > 0,
           let (s1, at) = MaterialTables.pathLength(toValue: hardTarget, table: s.hardIntegral, rangeTable: s.range,
                                                    range: range, limit: step, material: m, below: loc.index),
           s1 < step {
            step = larger(0, s1); event = .hardElastic; end = s1 > 0 ? at : nil
        }
        // The soft deflection per step: at most softDeflectionLimit, or the interior limit where the
        // step stays within a fraction of the safety (docs/physics.md §12.4).
        let safe = safety(t)
        let softTarget = soft0 - configuration.softDeflectionLimit * configuration.stepLimitScale
        if softTarget > 0,
           let (s1, at) = MaterialTables.pathLength(toValue: softTarget, table: s.softIntegral, rangeTable: s.range,
                                                    range: range, limit: step, material: m, below: loc.index),
           s1 < step {
            var soft = s1
            var softEnd: (index: Int, fraction: Double)? = at
            let reach = configuration.interiorSafetyFraction * smaller(1, configuration.stepLimitScale) * safe
            if reach > s1 {
                var interior = step
                var interiorEnd = end
                let interiorTarget = soft0 - configuration.interiorSoftDeflectionLimit * configuration.stepLimitScale
                if interiorTarget > 0,
                   let (s2, at2) = MaterialTables.pathLength(toValue: interiorTarget, table: s.softIntegral,
                                                             rangeTable: s.range, range: range, limit: step,
                                                             material: m, below: loc.index),
                   s2 < step {
                    interior = s2; interiorEnd = at2
                }
                if interior <= reach { soft = interior; softEnd = interiorEnd } else { soft = reach; softEnd = nil }
            }
            if soft < step {
                step = larger(soft, 1e-9); event = .continuousLimit; end = soft >= 1e-9 ? softEnd : nil
            }
        }

        // Near a boundary (the step could reach it), the soft deflection per step is kept small, so
        // the lumped deflection does not straighten the tracks that cross Pb/LAr planes (the
        // boundary "skin" of EGSnrc's PRESTA-II and Geant4's UseSafety, docs/physics.md §12.4).
        if step > safe {
            let skinTarget = soft0 - configuration.boundarySoftDeflectionLimit * configuration.stepLimitScale
            // (A skin path not below the step leaves the step as it is: nil is fine.)
            if skinTarget > 0,
               let (s1, at) = MaterialTables.pathLength(toValue: skinTarget, table: s.softIntegral, rangeTable: s.range,
                                                        range: range, limit: step, material: m, below: loc.index) {
                let skin = larger(larger(s1, safe), 1e-9)
                if skin < step { step = skin; event = .continuousLimit; end = skin == s1 ? at : nil }
            }
        }
        return ChargedStepLimit(length: step, event: event, discrete0: discrete0, hard0: hard0, soft0: soft0,
                                safety: safe, end: end)
    }

    // MARK: Travel

    /// Two segments around a random hinge, uniform along the step (PENELOPE's random hinge); the
    /// soft deflection accumulated along the planned step, <w> = 1 - exp(-x) with x the soft
    /// transport path, is applied there. Either segment stops on the region's boundary.
    @_transparent
    private mutating func travelCharged(_ t: inout Track, _ s: ChargedSpecies, _ start: ChargedStepStart,
                                        _ limit: ChargedStepLimit) -> ChargedPath {
        let m = start.material, step = limit.length
        let end = limit.end ?? MaterialTables.locate(value: start.range - step, table: s.range, material: m,
                                                     below: start.location.index)
        let softPath = larger(0, limit.soft0 - s.softIntegral.value(m, end))
        let x0 = t.x, y0 = t.y, z0 = t.z
        let u0 = t.direction
        // A step shorter than the safety (by more than any rounding of the positions) reaches no
        // plane or face on either segment: the distances need not be computed.
        let inside = step + 1e-9 < limit.safety
        if inside {
            // A soft transport length above the standard limit is travelled as that many equal
            // pieces, each a random hinge with its share of it: the path of as many standard steps,
            // with one continuous loss.
            let standard = configuration.hingeSoftDeflectionLimit * configuration.stepLimitScale
            if softPath > standard * (1 + 1e-9) {
                return travelHinges(&t, step: step, softPath: softPath,
                                    pieces: Int((softPath / standard).rounded(.up)), end: end)
            }
            let hinge = rng.uniform32() * step
            move(&t, hinge)
            deflectSoftly(&t, meanW: -expm1(-softPath))
            move(&t, step - hinge)
            return ChargedPath(x0: x0, y0: y0, z0: z0, u0: u0, firstLength: hinge, travelled: step, boundary: nil,
                               plannedEnd: end)
        }
        let meanW = -expm1(-softPath)
        let hinge = rng.uniform32() * step
        let (dGeo, boundary) = distanceToBoundary(t)
        if dGeo <= hinge {
            move(&t, dGeo)
            return ChargedPath(x0: x0, y0: y0, z0: z0, u0: u0, firstLength: dGeo, travelled: dGeo, boundary: boundary,
                               plannedEnd: end)
        }
        move(&t, hinge)
        deflectSoftly(&t, meanW: meanW)
        let (dGeo2, boundary2) = distanceToBoundary(t)
        let rest = step - hinge
        if dGeo2 <= rest {
            move(&t, dGeo2)
            return ChargedPath(x0: x0, y0: y0, z0: z0, u0: u0, firstLength: hinge, travelled: hinge + dGeo2,
                               boundary: boundary2, plannedEnd: end)
        }
        move(&t, rest)
        return ChargedPath(x0: x0, y0: y0, z0: z0, u0: u0, firstLength: hinge, travelled: step, boundary: nil,
                               plannedEnd: end)
    }

    /// A step inside the safety as `pieces` equal pieces, each two segments around a uniformly
    /// random hinge with the soft deflection of its share of the step's soft transport length,
    /// <w> = 1 - exp(-x / pieces). The continuous loss's deposit point is drawn uniformly along the
    /// whole path first and recorded when the path passes it.
    @_transparent
    private mutating func travelHinges(_ t: inout Track, step: Double, softPath: Double, pieces: Int,
                                       end: (index: Int, fraction: Double)) -> ChargedPath {
        let x0 = t.x, y0 = t.y, z0 = t.z
        let u0 = t.direction
        let piece = step / Double(pieces)
        let deflection = MultipleScattering.SoftDeflection(meanW: -expm1(-softPath / Double(pieces)),
                                                           table: softDeflectionTable, norm: softDeflectionNorm)
        let depositAt = rng.uniform32() * step
        var point: (x: Double, y: Double, z: Double)? = nil
        var travelled = 0.0
        for k in 0..<pieces {
            let length = k == pieces - 1 ? step - travelled : piece
            let hinge = rng.uniform32() * length
            var segment = hinge
            for half in 0..<2 {
                if point == nil && depositAt < travelled + segment {
                    let d = larger(0, depositAt - travelled)
                    point = (t.x + d * t.direction.x, t.y + d * t.direction.y, t.z + d * t.direction.z)
                }
                move(&t, segment)
                travelled += segment
                if half == 0 {
                    deflectSoftly(&t, deflection)
                    segment = length - hinge
                }
            }
        }
        var path = ChargedPath(x0: x0, y0: y0, z0: z0, u0: u0, firstLength: 0, travelled: step, boundary: nil,
                               plannedEnd: end)
        path.depositPoint = point ?? (t.x, t.y, t.z)
        return path
    }

    /// The lumped soft deflection at the hinge, with mean <w> = `meanW`.
    @_transparent
    private mutating func deflectSoftly(_ t: inout Track, meanW: Double) {
        guard meanW > 0 else { return }
        deflectSoftly(&t, MultipleScattering.SoftDeflection(meanW: meanW, table: softDeflectionTable,
                                                            norm: softDeflectionNorm))
    }

    /// One soft deflection drawn from `deflection`.
    @_transparent
    private mutating func deflectSoftly(_ t: inout Track, _ deflection: MultipleScattering.SoftDeflection) {
        let cost = deflection.sampleCosTheta(rng: &rng)
        t.direction = t.direction.rotated(cosTheta: cost, azimuth: randomAzimuth())
    }

    // MARK: Continuous loss

    /// Samples the continuous loss along the path (mean from the range table, Urban straggling),
    /// deposits it at a uniformly random point of the path and lowers the energy. Returns the grid
    /// location of the mean energy after the path, where the slowing-down integrals are read.
    @_transparent
    private mutating func continuousLoss(_ t: inout Track, _ s: ChargedSpecies, _ start: ChargedStepStart,
                                         _ material: TransportMaterial, _ path: ChargedPath)
        -> (index: Int, fraction: Double) {
        let m = start.material, loc = start.location, kinetic = start.kinetic, range = start.range
        let travelled = path.travelled
        var loss: Double
        var after = (index: 0, fraction: 0.0)
        if travelled >= range {
            loss = kinetic
        } else {
            let mean: Double
            if travelled < 0.01 * range {
                mean = travelled * s.dedx.value(m, loc)
                after = tables.grid.locate(larger(kinetic - mean, EnergyGrid.minMeV))
            } else {
                // A path that did not stop on a boundary travelled the planned step: its end is known.
                after = path.boundary == nil
                    ? path.plannedEnd
                    : MaterialTables.locate(value: range - travelled, table: s.range, material: m, below: loc.index)
                mean = kinetic - MaterialTables.energy(at: after, grid: tables.grid)
            }
            let tcut = smaller(material.electronCut, s.positron ? kinetic : 0.5 * kinetic)
            if tcut == material.electronCut {
                loss = smaller(kinetic, EnergyLossFluctuation.sample(meanLoss: mean, material.fluctuation,
                                                                     normal: normalTable, rng: &rng))
            } else {
                // tcut = T (e+) or T/2 (e-): ln(tcut / e0) from ln T.
                let logW1 = start.lnKinetic + (s.positron ? EnergyLossFluctuation.logInverseEnergy0
                                                          : EnergyLossFluctuation.logHalfInverseEnergy0)
                loss = smaller(kinetic, EnergyLossFluctuation.sample(meanLoss: mean,
                                                                     material.fluctuation.at(cut: tcut, logW1: logW1),
                                                                     normal: normalTable, rng: &rng))
            }
        }
        if loss > 0, let p = path.depositPoint {
            deposit(loss, x: p.x, y: p.y, z: p.z, region: t.region)
        } else if loss > 0 {
            let u = rng.uniform32() * travelled
            let firstLength = path.firstLength, x0 = path.x0, y0 = path.y0, z0 = path.z0, u0 = path.u0
            let px: Double, py: Double, pz: Double
            if u <= firstLength {
                px = x0 + u * u0.x; py = y0 + u * u0.y; pz = z0 + u * u0.z
            } else {
                let hx = x0 + firstLength * u0.x, hy = y0 + firstLength * u0.y, hz = z0 + firstLength * u0.z
                let w = u - firstLength
                px = hx + w * t.direction.x; py = hy + w * t.direction.y; pz = hz + w * t.direction.z
            }
            deposit(loss, x: px, y: py, z: pz, region: t.region)
        }
        t.energy = kinetic - loss
        return after
    }

    /// Mean free paths used along the path, read from the slowing-down integrals at the mean
    /// energy after it. The process that ended the step (unless a boundary did) is resampled by
    /// the interaction instead.
    @_transparent
    private func consumeMeanFreePaths(_ left: inout MeanFreePathsLeft, _ s: ChargedSpecies,
                                      _ start: ChargedStepStart, _ limit: ChargedStepLimit, _ path: ChargedPath,
                                      after: (index: Int, fraction: Double)) {
        let m = start.material
        let onBoundary = path.boundary != nil
        if limit.event != .discrete || onBoundary {
            let rest = left.discrete - (limit.discrete0 - s.discreteIntegral.value(m, after))
            left.discrete = larger(0, rest)
        }
        if limit.event != .hardElastic || onBoundary {
            let rest = left.hard - (limit.hard0 - s.hardIntegral.value(m, after))
            left.hard = larger(0, rest)
        }
    }
}
