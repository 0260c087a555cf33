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
    /// LPM energy E_LPM = alpha (m c^2)^2 X0 / (4 pi hbar c), MeV (`LPMFunctions.lpmEnergy`).
    let lpmEnergy: Double
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

    /// Builds the tables in four stages: per-material constants, the charged-particle loss and
    /// cross-section tables, the elastic-scattering and photon tables, and the slowing-down
    /// integrals over the first two.
    init(materials input: [Material], configuration: SimulationConfiguration) throws {
        let grid = EnergyGrid()
        self.grid = grid
        let built = try Self.materialPhysics(input, configuration: configuration)
        materials = built
        let charged = Self.chargedTables(built, grid: grid)
        let neutral = Self.scatteringAndPhotonTables(built, grid: grid, configuration: configuration)
        let integrals = Self.slowingDownIntegrals(charged, neutral, grid: grid, materialCount: built.count)
        dedx = charged.dedx
        range = charged.range
        bremsstrahlung = charged.bremsstrahlung
        deltaRays = charged.deltaRays
        annihilation = charged.annihilation
        bremsstrahlungPerElement = charged.bremsstrahlungPerElement
        discreteIntegral = integrals.discrete
        hardIntegral = integrals.hard
        softIntegral = integrals.soft
        hardRate = neutral.hardRate
        softTransportRate = neutral.softTransportRate
        scatteringCut = neutral.scatteringCut
        compton = neutral.compton
        pair = neutral.pair
    }

    // MARK: Stage 1: per-material constants

    /// Cuts, ionisation data, element constants and densities (per mm^3, energies in MeV) of
    /// each material; `elementOffset` numbers the element rows of all materials consecutively.
    private static func materialPhysics(_ input: [Material], configuration: SimulationConfiguration) throws
        -> [MaterialPhysics] {
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
                lpmEnergy: LPMFunctions.lpmEnergy(radiationLengthMM: material.radiationLengthMM),
                excitation: material.meanExcitationEnergyEV * 1e-6, scatteringTerms: terms, photoelectric: pe,
                elementOffset: offset))
            offset += elements.count
        }
        return built
    }

    // MARK: Stage 2: charged-particle loss and cross-sections

    /// The tables of stage 2, indexed `[c]` by charge species (0 e-, 1 e+) where they differ.
    private struct ChargedTables {
        var dedx: [GridTable]
        var range: [GridTable]
        var bremsstrahlung: [GridTable]
        var deltaRays: [GridTable]
        var annihilation: GridTable
        var bremsstrahlungPerElement: [GridTable]
    }

    /// Restricted dE/dx, its CSDA range (8-point Gauss-Legendre in ln E per grid interval), and the
    /// macroscopic cross-sections of bremsstrahlung (total and per element), delta rays and
    /// positron annihilation in flight. Bremsstrahlung's loss and cross-sections include the
    /// dielectric and, in its regime, the LPM suppression of the material (docs/physics.md §4.1).
    private static func chargedTables(_ built: [MaterialPhysics], grid: EnergyGrid) -> ChargedTables {
        let n = grid.count
        let nm = built.count
        let elementRows = built.reduce(0) { $0 + $1.elements.count }
        var dedx = [GridTable](repeating: GridTable(materials: nm, count: n), count: 2)
        var range = dedx, brems = dedx, delta = dedx
        var bremsElement = [GridTable](repeating: GridTable(materials: elementRows, count: n), count: 2)
        var annihilation = GridTable(materials: nm, count: n)

        for (m, mp) in built.enumerated() {
            let eCut = mp.cuts.electronMeV, gCut = mp.cuts.gammaMeV
            // Bremsstrahlung is the same for e- and e+: its restricted loss (also at the midpoints the
            // range integral needs) and cross-sections are computed once.
            func radiativeLoss(_ t: Double) -> Double {
                var radiative = 0.0
                for (j, el) in mp.elements.enumerated() {
                    radiative += mp.atomDensities[j]
                        * Bremsstrahlung.restrictedLoss(el, kineticEnergy: t, kCut: gCut, plasmaEnergy: mp.plasmaEnergy,
                                                        lpmEnergy: mp.lpmEnergy)
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
                    mp.atomDensities[j] * Bremsstrahlung.crossSection(el, kineticEnergy: $0, kCut: gCut,
                                                                      plasmaEnergy: mp.plasmaEnergy, lpmEnergy: mp.lpmEnergy)
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
        }
        return ChargedTables(dedx: dedx, range: range, bremsstrahlung: brems, deltaRays: delta,
                             annihilation: annihilation, bremsstrahlungPerElement: bremsElement)
    }

    // MARK: Stage 3: elastic scattering and photon attenuation

    /// The tables of stage 3 (the same for e- and e+, or photons only).
    private struct ScatteringAndPhotonTables {
        var hardRate: GridTable
        var softTransportRate: GridTable
        var scatteringCut: GridTable
        var compton: GridTable
        var pair: GridTable
    }

    /// Mixed-scattering moments (hard rate, soft transport rate, cut) and the Compton and pair
    /// attenuation coefficients on the grid (pair production LPM-suppressed above 100 GeV,
    /// docs/physics.md §5.1).
    private static func scatteringAndPhotonTables(_ built: [MaterialPhysics], grid: EnergyGrid,
                                                  configuration: SimulationConfiguration)
        -> ScatteringAndPhotonTables {
        let n = grid.count
        var hard = GridTable(materials: built.count, count: n), soft = hard, cutW = hard
        var compton = hard, pair = hard
        for (m, mp) in built.enumerated() {
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
                    sp += mp.atomDensities[j] * PairProduction.crossSection(el, photonEnergy: t, lpmEnergy: mp.lpmEnergy)
                }
                compton[m, i] = sc
                pair[m, i] = sp
            }
        }
        return ScatteringAndPhotonTables(hardRate: hard, softTransportRate: soft, scatteringCut: cutW,
                                         compton: compton, pair: pair)
    }

    // MARK: Stage 4: slowing-down integrals

    /// I(T) of the total discrete cross-section, the hard elastic rate and the soft transport
    /// rate, each indexed `[c]` by charge species.
    private struct SlowingDownIntegrals {
        var discrete: [GridTable]
        var hard: [GridTable]
        var soft: [GridTable]
    }

    /// I(T) = integral rate(T')/S(T') dT' by the trapezoid rule in ln E (dT = T dlnE).
    private static func slowingDownIntegrals(_ charged: ChargedTables, _ neutral: ScatteringAndPhotonTables,
                                             grid: EnergyGrid, materialCount nm: Int) -> SlowingDownIntegrals {
        let n = grid.count
        var discreteInt = [GridTable](repeating: GridTable(materials: nm, count: n), count: 2)
        var hardInt = discreteInt, softInt = discreteInt
        let h = 1 / grid.inverseStep
        for m in 0..<nm {
            for c in 0..<2 {
                var prev = (0.0, 0.0, 0.0)
                var acc = (0.0, 0.0, 0.0)
                for i in 0..<n {
                    let t = grid.energies[i]
                    let w = t / charged.dedx[c][m, i]
                    let cur = ((charged.bremsstrahlung[c][m, i] + charged.deltaRays[c][m, i]
                                + (c == 1 ? charged.annihilation[m, i] : 0)) * w,
                               neutral.hardRate[m, i] * w, neutral.softTransportRate[m, i] * w)
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
        return SlowingDownIntegrals(discrete: discreteInt, hard: hardInt, soft: softInt)
    }
}
