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

/// Precomputed per-material physics tables on the common log-energy grid (physics.md 4.1).
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
    /// Upper bound of the total discrete cross-section over one maximal energy-loss step.
    let discreteMaximum: [GridTable]
    /// Elastic scattering: hard collision rate (1/mm), its bound over one step, soft transport rate,
    /// and the cut w_c.
    let hardRate: GridTable
    let hardMaximum: GridTable
    let softTransportRate: GridTable
    let scatteringCut: GridTable
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
        var range = dedx, brems = dedx, delta = dedx, discreteMax = dedx
        var bremsElement = [GridTable](repeating: GridTable(materials: elementRows, count: n), count: 2)
        var annihilation = GridTable(materials: nm, count: n)
        var hard = GridTable(materials: nm, count: n), hardMax = hard, soft = hard, cutW = hard
        var compton = hard, pair = hard

        for (m, mp) in built.enumerated() {
            let eCut = mp.cuts.electronMeV, gCut = mp.cuts.gammaMeV
            for c in 0..<2 {
                let positron = c == 1
                func loss(_ t: Double) -> Double {
                    var radiative = 0.0
                    for (j, el) in mp.elements.enumerated() {
                        radiative += mp.atomDensities[j]
                            * Bremsstrahlung.restrictedLoss(el, kineticEnergy: t, kCut: gCut, plasmaEnergy: mp.plasmaEnergy)
                    }
                    return Ionisation.restrictedStoppingPower(mp.ionisation, kineticEnergy: t, cut: eCut, positron: positron)
                        + radiative
                }
                var r = 0.0
                for i in 0..<n {
                    let t = grid.energies[i]
                    let d = loss(t)
                    dedx[c][m, i] = d
                    if i == 0 {
                        r = t / d
                    } else {
                        let a = log(grid.energies[i - 1]), b = log(t)
                        r += GaussLegendre.integrate(a, b, pieces: 1) { le in exp(le) / loss(exp(le)) }
                    }
                    range[c][m, i] = r
                    var sb = 0.0
                    for (j, el) in mp.elements.enumerated() {
                        let s = mp.atomDensities[j]
                            * Bremsstrahlung.crossSection(el, kineticEnergy: t, kCut: gCut, plasmaEnergy: mp.plasmaEnergy)
                        bremsElement[c][mp.elementOffset + j, i] = s
                        sb += s
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
                                                     hardFraction: configuration.hardScatteringFraction)
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
        // Bounds over one maximal step: the energy can fall from T to about T_end(T) (mean loss over
        // the longest step the loss limit allows), 0.8 T_end with straggling margin.
        for m in 0..<nm {
            for c in 0..<2 {
                for i in 0..<n {
                    let tLow = i == 0 ? grid.energies[0] : grid.energies[i - 1]
                    let rLow = range[c][m, max(0, i - 1)]
                    let step = MaterialTables.lossStepLimit(range: rLow, configuration: configuration)
                    let tEnd = MaterialTables.energy(fromRange: max(0, rLow - step), table: range[c], material: m, grid: grid)
                    let lower = min(tLow, 0.8 * tEnd)
                    var j = max(0, grid.locate(lower).index)
                    let top = min(n - 1, i + 1)
                    var sMax = 0.0, hMax = 0.0
                    while j <= top {
                        let s = brems[c][m, j] + delta[c][m, j] + (c == 1 ? annihilation[m, j] : 0)
                        sMax = max(sMax, s)
                        hMax = max(hMax, hard[m, j])
                        j += 1
                    }
                    discreteMax[c][m, i] = sMax
                    if c == 0 { hardMax[m, i] = hMax } else { hardMax[m, i] = max(hardMax[m, i], hMax) }
                }
            }
        }
        self.dedx = dedx
        self.range = range
        bremsstrahlung = brems
        deltaRays = delta
        self.annihilation = annihilation
        bremsstrahlungPerElement = bremsElement
        discreteMaximum = discreteMax
        hardRate = hard
        hardMaximum = hardMax
        softTransportRate = soft
        scatteringCut = cutW
        self.compton = compton
        self.pair = pair
    }

    /// The continuous-loss step limit (Geant4 `G4VEnergyLossProcess` step function, physics.md 4.3.2):
    /// alpha R + rho (1 - alpha)(2 - rho/R) for R > rho, else R; alpha = 0.2, rho = 1 mm, both scaled
    /// by `stepLimitScale`.
    @inline(__always)
    static func lossStepLimit(range r: Double, configuration: SimulationConfiguration) -> Double {
        let alpha = 0.2 * configuration.stepLimitScale
        let rho = 1.0 * configuration.stepLimitScale
        return r > rho ? alpha * r + rho * (1 - alpha) * (2 - rho / r) : r
    }

    /// Kinetic energy (MeV) whose range is r, by inverting the range table of a material.
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
