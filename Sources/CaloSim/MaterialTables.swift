import CaloDetector
import Foundation

/// Everything the transport needs to know about one material, beyond the tables.
struct MaterialPhysics: Sendable {
    let material: Material
    let cuts: ProductionCuts.Thresholds
    let ionisation: Ionisation.MaterialData
    let elements: [ElementConstants]
    /// Atoms per mm^3, in `elements` order.
    let atomDensities: [Double]
    /// Electrons per mm^3.
    let electronDensity: Double
    /// Plasma energy hbar omega_p, MeV (dielectric suppression of bremsstrahlung).
    let plasmaEnergy: Double
    /// Mean excitation energy, MeV.
    let excitation: Double
    let scatteringTerms: [MultipleScattering.Term]
    let photoelectric: Photoelectric
    /// Index of this material's first element row in the per-element tables.
    let elementOffset: Int
}

/// Precomputed per-material physics tables on the common log-energy grid (docs/physics.md §12.1).
/// Index `c` is the charge species: 0 electron, 1 positron.
struct MaterialTables: Sendable {
    let grid: EnergyGrid
    let materials: [MaterialPhysics]
    /// Restricted continuous loss (ionisation below the e- cut + bremsstrahlung below the gamma cut), MeV/mm.
    let dedx: [GridTable]
    /// CSDA range under `dedx`, mm.
    let range: [GridTable]
    /// Macroscopic cross-sections (1/mm) of bremsstrahlung above the gamma cut, delta rays above the
    /// e- cut, and (positrons) annihilation in flight.
    let bremsstrahlung: [GridTable]
    let deltaRays: [GridTable]
    let annihilation: GridTable
    /// Per element (row `elementOffset + j`) bremsstrahlung cross-section, for the element choice.
    let bremsstrahlungPerElement: [GridTable]
    /// Elastic scattering: hard collision rate (1/mm), soft transport rate (1/mm), and the cut w_c.
    let hardRate: GridTable
    let softTransportRate: GridTable
    let scatteringCut: GridTable
    /// Integrals over the slowing-down, I(T) = integral_0^T rate(T')/S(T') dT', of the total discrete
    /// cross-section, the hard elastic rate and the soft transport rate: the number of mean free
    /// paths (or soft transport lengths) along the mean path from T down to T1 is I(T) - I(T1).
    /// Sampling interaction points by inverting them is exact for the mean energy loss, without the
    /// null collisions of an upper-bound method (docs/physics.md §12.4).
    let discreteIntegral: [GridTable]
    let hardIntegral: [GridTable]
    let softIntegral: [GridTable]
    /// Photon attenuation (1/mm): Compton and pair production (photoelectric is evaluated directly).
    let compton: GridTable
    let pair: GridTable

    init(materials input: [Material], configuration: SimulationConfiguration) throws {
        let grid = EnergyGrid()
        self.grid = grid
        let n = grid.count
        let nm = input.count
        var built: [MaterialPhysics] = []
        var offset = 0
        for material in input {
            let densities = material.atomDensitiesPerCm3.map { $0 * 1e-3 }
            let elements = material.components.map { ElementConstants($0.element) }
            let terms = zip(densities, elements).map {
                MultipleScattering.Term(density: $0.0, z: $0.1.z, screeningRadius: $0.1.thomasFermiRadius)
            }
            let pe = try Photoelectric(elements: material.components.map { ($0.element.z, $0.massFraction) },
                                       density: material.densityGPerCm3)
            built.append(MaterialPhysics(
                material: material,
                cuts: ProductionCuts.thresholds(rangeCutMM: configuration.productionCutMM, material: material),
                ionisation: Ionisation.MaterialData(material), elements: elements, atomDensities: densities,
                electronDensity: material.electronDensityPerCm3 * 1e-3, plasmaEnergy: material.plasmaEnergyEV * 1e-6,
                excitation: material.meanExcitationEnergyEV * 1e-6, scatteringTerms: terms, photoelectric: pe,
                elementOffset: offset))
            offset += elements.count
        }
        materials = built
        let elementRows = offset

        var dedx = [GridTable](repeating: GridTable(materials: nm, count: n), count: 2)
        var range = dedx, brems = dedx, delta = dedx, discreteInt = dedx, hardInt = dedx, softInt = dedx
        var bremsElement = [GridTable](repeating: GridTable(materials: elementRows, count: n), count: 2)
        var annihilation = GridTable(materials: nm, count: n)
        var hard = GridTable(materials: nm, count: n), soft = hard, cutW = hard
        var compton = hard, pair = hard

        for (m, mp) in built.enumerated() {
            let eCut = mp.cuts.electronMeV, gCut = mp.cuts.gammaMeV
            // Bremsstrahlung is the same for e- and e+: its restricted loss (also at the midpoints the
            // range integral needs) and cross-sections are computed once.
            func radiativeLoss(_ t: Double) -> Double {
                var radiative = 0.0
                for (j, el) in mp.elements.enumerated() {
                    radiative += mp.atomDensities[j]
                        * Bremsstrahlung.restrictedLoss(el, kineticEnergy: t, kCut: gCut, plasmaEnergy: mp.plasmaEnergy)
                }
                return radiative
            }
            let radiativeAtGrid = grid.energies.map(radiativeLoss)
            var radiativeAtNodes: [[Double]] = [[]]
            for i in 1..<n {
                let a = log(grid.energies[i - 1]), b = log(grid.energies[i])
                radiativeAtNodes.append(GaussLegendre.x8.map { radiativeLoss(exp(a + $0 * (b - a))) })
            }
            var bremsPerElement = [[Double]](repeating: [], count: mp.elements.count)
            for (j, el) in mp.elements.enumerated() {
                bremsPerElement[j] = grid.energies.map {
                    mp.atomDensities[j] * Bremsstrahlung.crossSection(el, kineticEnergy: $0, kCut: gCut, plasmaEnergy: mp.plasmaEnergy)
                }
            }
            for c in 0..<2 {
                let positron = c == 1
                func collision(_ t: Double) -> Double {
                    Ionisation.restrictedStoppingPower(mp.ionisation, kineticEnergy: t, cut: eCut, positron: positron)
                }
                var r = 0.0
                for i in 0..<n {
                    let t = grid.energies[i]
                    let d = collision(t) + radiativeAtGrid[i]
                    dedx[c][m, i] = d
                    if i == 0 {
                        r = t / d
                    } else {
                        // 8-point Gauss-Legendre in ln E of E / (dE/dx).
                        let a = log(grid.energies[i - 1]), b = log(t)
                        var sum = 0.0
                        for k in 0..<8 {
                            let e = exp(a + GaussLegendre.x8[k] * (b - a))
                            sum += GaussLegendre.w8[k] * e / (collision(e) + radiativeAtNodes[i][k])
                        }
                        r += sum * (b - a)
                    }
                    range[c][m, i] = r
                    var sb = 0.0
                    for j in 0..<mp.elements.count {
                        bremsElement[c][mp.elementOffset + j, i] = bremsPerElement[j][i]
                        sb += bremsPerElement[j][i]
                    }
                    brems[c][m, i] = sb
                    delta[c][m, i] = mp.electronDensity
                        * Ionisation.crossSectionPerElectron(kineticEnergy: t, cut: eCut, positron: positron)
                    if positron {
                        annihilation[m, i] = mp.electronDensity * Annihilation.crossSectionPerElectron(kineticEnergy: t)
                    }
                }
            }
            for i in 0..<n {
                let t = grid.energies[i]
                let mom = MultipleScattering.moments(mp.scatteringTerms, kineticEnergy: t,
                                                     hardFraction: configuration.effectiveHardFraction)
                hard[m, i] = mom.hardRate
                soft[m, i] = mom.softTransportRate
                cutW[m, i] = mom.cut
                var sc = 0.0, sp = 0.0
                for (j, el) in mp.elements.enumerated() {
                    sc += mp.atomDensities[j] * Compton.crossSection(z: el.z, photonEnergy: t)
                    sp += mp.atomDensities[j] * PairProduction.crossSection(z: el.z, photonEnergy: t)
                }
                compton[m, i] = sc
                pair[m, i] = sp
            }
        }
        // Slowing-down integrals (trapezoid in ln E: dT = T dlnE).
        let h = 1 / grid.inverseStep
        for m in 0..<nm {
            for c in 0..<2 {
                var prev = (0.0, 0.0, 0.0)
                var acc = (0.0, 0.0, 0.0)
                for i in 0..<n {
                    let t = grid.energies[i]
                    let w = t / dedx[c][m, i]
                    let cur = ((brems[c][m, i] + delta[c][m, i] + (c == 1 ? annihilation[m, i] : 0)) * w,
                               hard[m, i] * w, soft[m, i] * w)
                    if i > 0 {
                        acc.0 += 0.5 * h * (prev.0 + cur.0)
                        acc.1 += 0.5 * h * (prev.1 + cur.1)
                        acc.2 += 0.5 * h * (prev.2 + cur.2)
                    }
                    discreteInt[c][m, i] = acc.0
                    hardInt[c][m, i] = acc.1
                    softInt[c][m, i] = acc.2
                    prev = cur
                }
            }
        }
        self.dedx = dedx
        self.range = range
        bremsstrahlung = brems
        deltaRays = delta
        self.annihilation = annihilation
        bremsstrahlungPerElement = bremsElement
        discreteIntegral = discreteInt
        hardIntegral = hardInt
        softIntegral = softInt
        hardRate = hard
        softTransportRate = soft
        scatteringCut = cutW
        self.compton = compton
        self.pair = pair
    }

    /// The continuous-loss step limit (Geant4 `G4VEnergyLossProcess` step function, docs/physics.md §12.4):
    /// alpha R + rho (1 - alpha)(2 - rho/R) for R > rho, else R; alpha = 0.2, rho = 1 mm, both scaled
    /// by `stepLimitScale`.
    @inline(__always)
    static func lossStepLimit(range r: Double, configuration: SimulationConfiguration) -> Double {
        let alpha = 0.2 * configuration.stepLimitScale
        let rho = 1.0 * configuration.stepLimitScale
        return r > rho ? alpha * r + rho * (1 - alpha) * (2 - rho / r) : r
    }

    /// Where (grid interval and fraction) a monotone table (range or slowing-down integral) of a
    /// material takes the value v, by inverting it (it is interpolated linearly in ln E); clamped to
    /// the grid. Any other table can then be read at that point without computing the energy.
    @inline(__always)
    static func locate(value v: Double, table: GridTable, material m: Int, below upper: Int)
        -> (index: Int, fraction: Double) {
        let n = table.count
        let base = m &* n
        return table.values.withUnsafeBufferPointer { t in
            let b = bracket(value: v, t, base: base, count: n, below: upper)
            return b.bracketed ? (b.index, fraction(value: v, t, base: base, interval: b.index)) : (b.index, b.fraction)
        }
    }

    /// The path length `range - R(at)` to the point `at` where a monotone table takes the value v
    /// (`at` as `locate(value:table:material:below:)` finds it, R the range table), computed exactly
    /// as from that location; or nil when it is certainly not below `limit` (<= range, as every
    /// step limit is), found without the interpolation and its division: with `at` in the interval
    /// [i, i + 1] and a fraction in [0, 1], the interpolated R(at) is at most R[i + 1] to 1e-15
    /// relative, so range - R[i + 1] >= limit + 1e-12 range implies a result >= limit.
    @inline(__always)
    static func pathLength(toValue v: Double, table: GridTable, rangeTable: GridTable, range: Double,
                           limit: Double, material m: Int, below upper: Int) -> Double? {
        let n = table.count
        let base = m &* n
        let at: (index: Int, fraction: Double)? = table.values.withUnsafeBufferPointer { t in
            let b = bracket(value: v, t, base: base, count: n, below: upper)
            if !b.bracketed { return (b.index, b.fraction) }
            let upperRange = rangeTable.values.withUnsafeBufferPointer { $0[base &+ b.index &+ 1] }
            if range - upperRange >= limit + 1e-12 * range { return nil }
            return (b.index, fraction(value: v, t, base: base, interval: b.index))
        }
        guard let at else { return nil }
        return range - rangeTable.value(m, at)
    }

    /// The search of `locate`: either the final location (off the ends of the table: bracketed
    /// false) or the interval i with t[i] <= v < t[i + 1] (bracketed true, fraction unset).
    @inline(__always)
    private static func bracket(value v: Double, _ t: UnsafeBufferPointer<Double>, base: Int, count n: Int,
                                below upper: Int) -> (index: Int, fraction: Double, bracketed: Bool) {
        if v <= t[base] { return (0, 0, false) }
        var lo = 0, hi = min(n - 1, upper + 1)
        if v >= t[base &+ hi] { return hi == n - 1 ? (n - 2, 1, false) : (hi, 0, false) }
        // The value is usually a few intervals below `upper`: gallop down from hi (1, 2, 4, ...
        // intervals) to bracket it, then bisect. Invariant t[lo] <= v < t[hi]; in a non-decreasing
        // table exactly one interval satisfies it, so this finds the same one as plain bisection.
        var width = 1
        while hi - lo > width {
            let probe = hi &- width
            if t[base &+ probe] <= v { lo = probe; break }
            hi = probe
            width &<<= 1
        }
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if t[base &+ mid] <= v { lo = mid } else { hi = mid }
        }
        return (lo, 0, true)
    }

    /// Where v lies within the interval i of a table (linear), in [0, 1].
    @inline(__always)
    private static func fraction(value v: Double, _ t: UnsafeBufferPointer<Double>, base: Int, interval lo: Int) -> Double {
        let v0 = t[base &+ lo]
        let d = t[base &+ lo &+ 1] - v0
        return d > 0 ? (v - v0) / d : 0
    }

    /// The kinetic energy (MeV) at a located grid point.
    @inline(__always)
    static func energy(at loc: (index: Int, fraction: Double), grid: EnergyGrid) -> Double {
        exp(grid.lnMin + (Double(loc.index) + loc.fraction) / grid.inverseStep)
    }

    /// Kinetic energy (MeV) at which a monotone table (range or slowing-down integral) takes the
    /// value r, by inverting it (linear in ln E, as it is interpolated).
    @inline(__always)
    static func energy(fromRange r: Double, table: GridTable, material m: Int, grid: EnergyGrid) -> Double {
        let base = m * grid.count
        let v = table.values
        if r <= v[base] { return grid.energies[0] * r / v[base] }
        var lo = 0, hi = grid.count - 1
        if r >= v[base + hi] { return grid.energies[hi] }
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if v[base + mid] <= r { lo = mid } else { hi = mid }
        }
        let f = (r - v[base + lo]) / (v[base + hi] - v[base + lo])
        return exp(grid.lnMin + (Double(lo) + f) / grid.inverseStep)
    }
}
