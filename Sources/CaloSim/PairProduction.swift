import CaloSupport
import Foundation

/// Photon conversion to e+e- in the field of a nucleus (docs/physics.md §5), as Geant4's standard
/// physics: the total cross-section from the Hubbell-Gimm-Overbo fit (`G4BetheHeitlerModel`,
/// `G4PairProductionRelModel::ComputeParametrizedXSectionPerAtom`) below 80 GeV, where
/// `G4GammaConversion` hands over to `G4PairProductionRelModel`, and above from the integrated
/// Bethe-Heitler DCS with screening and Coulomb correction (`ComputeXSectionPerAtom`); the energy-sharing
/// sampler (modified Butcher-Messel, `SampleSecondaries`). Above 100 GeV both include the
/// Landau-Pomeranchuk-Migdal suppression (`LPMFunctions.pair`; docs/physics.md §5.1):
///
///     dsigma/deps ~ xi { (eps^2 + (1-eps)^2) (2 phi + G)/3 [Phi1/4 - ln Z/3 - f_c]
///                        + (2/3) eps (1-eps) G [Phi2/4 - ln Z/3 - f_c] },
///
/// the Bethe-Heitler DCS when xi = G = phi = 1 (Migdal, Phys. Rev. 103 (1956) 1811; Klein,
/// Rev. Mod. Phys. 71 (1999) 1501; Geant4 Physics Reference Manual, "Gamma conversion").
enum PairProduction {
    /// Photon energy below which the fitted total cross-section is used, MeV: Geant4's
    /// `G4GammaConversion` uses `G4BetheHeitlerModel` (the fit) up to 80 GeV and
    /// `G4PairProductionRelModel` above, which integrates its DCS there (its own switch,
    /// `fParametrizedXSectionThreshold`, is 30 GeV).
    static let parametrisedThreshold = 80_000.0
    /// Photon energy above which the LPM suppression applies, MeV (Geant4's `gEgLPMActivation`).
    static let lpmThreshold = 100_000.0

    /// Radiation logarithms of the pair DCS normalisation, as Geant4's pair model: Dirac-Fock
    /// values below Z = 5 (index Z), else L_el = ln 184 - ln Z/3, L_inel = ln 1194 - 2 ln Z/3.
    private static let lElLowZ: [Double] = [0, 5.3104, 4.7935, 4.7402, 4.7112]
    private static let lInelLowZ: [Double] = [0, 5.9173, 5.6125, 5.5377, 5.4728]
    private static let a: [Double] = [8.7842e+2, -1.9625e+3, 1.2949e+3, -2.0028e+2, 1.2575e+1, -2.8333e-1]
    private static let b: [Double] = [-1.0342e+1, 1.7692e+1, -8.2381, 1.3063, -9.0815e-2, 2.3586e-3]
    private static let c: [Double] = [-4.5263e+2, 1.1161e+3, -8.6749e+2, 2.1773e+2, -2.0467e+1, 6.5372e-1]

    /// Total cross-section per atom, mm^2, for photon energy E (MeV): the fit below
    /// `parametrisedThreshold`, the integrated DCS above (LPM-suppressed above `lpmThreshold` in
    /// a medium of LPM energy `lpmEnergy`, MeV; nil: no LPM).
    static func crossSection(_ el: ElementConstants, photonEnergy e: Double, lpmEnergy: Double?) -> Double {
        if e < parametrisedThreshold { return crossSection(z: el.z, photonEnergy: e) }
        return integratedCrossSection(el, photonEnergy: e, lpmEnergy: e > lpmThreshold ? lpmEnergy : nil)
    }

    /// 4 alpha r_e^2 Z (Z + eta) 2 integral_{eps_min}^{1/2} dsigma/deps deps, mm^2: the DCS with
    /// screening and Coulomb correction (and LPM if `lpmEnergy` is given), 8-point Gauss-Legendre
    /// on two pieces; eta = L_inel / (L_el - f_c) accounts for the field of the atomic electrons;
    /// eps_min excludes the region where the Coulomb correction drives the DCS negative.
    static func integratedCrossSection(_ el: ElementConstants, photonEnergy e: Double, lpmEnergy: Double?) -> Double {
        let mc2 = PhysicsConstants.electronMass
        if e <= 2 * mc2 { return 0 }
        let eps0 = mc2 / e
        let deltaMax = exp((42.038 - 8 * (el.lnZ / 3 + el.coulomb)) / 8.29) - 0.958
        let deltaMin = 4 * eps0 * 136 / el.zThird
        let epsMin = max(eps0, 0.5 - 0.5 * max(0, 1 - deltaMin / deltaMax).squareRoot())
        let integral = GaussLegendre.integrate(epsMin, 0.5, pieces: 2) { eps in
            dcs(el, epsilon: eps, photonEnergy: e, lpmEnergy: lpmEnergy)
        }
        let iz = Int(el.z.rounded())
        let lEl = iz < 5 ? lElLowZ[iz] : log(184.0) - el.lnZ / 3
        let lInel = iz < 5 ? lInelLowZ[iz] : log(1194.0) - 2 * el.lnZ / 3
        let eta = lInel / (lEl - el.coulomb)
        let re = PhysicsConstants.classicalElectronRadius
        return max(0, 4 * PhysicsConstants.alpha * re * re * el.z * (el.z + eta) * 2 * integral)
    }

    /// The screening functions Phi1, Phi2 of the Thomas-Fermi atom (Butcher-Messel fits; G4
    /// `ComputePhi12`) at the screening variable delta = 136 Z^(-1/3) eps0 / (eps (1 - eps)).
    @inline(__always)
    static func phi12(_ d: Double) -> (Double, Double) {
        if d > 1.4 {
            let p = 21.0190 - 4.145 * log(d + 0.958)
            return (p, p)
        }
        return (20.806 - d * (3.190 - 0.5710 * d), 20.234 - d * (2.126 - 0.0903 * d))
    }

    /// dsigma/deps without its constant, with screening and Coulomb correction, LPM-suppressed if
    /// `lpmEnergy` (MeV) is given (the formula above); 0 where the fits drive it negative.
    static func dcs(_ el: ElementConstants, epsilon eps: Double, photonEnergy e: Double, lpmEnergy: Double?) -> Double {
        let u = eps * (1 - eps)
        let (p1, p2) = phi12(136 / el.zThird * PhysicsConstants.electronMass / e / u)
        let c = el.lnZ / 3 + el.coulomb
        let f = lpmEnergy.map { LPMFunctions.pair(epsilon: eps, photonEnergy: e, lpmEnergy: $0, el) } ?? .none
        let v = (1 - 2 * u) * (2 * f.phi + f.g) / 3 * (0.25 * p1 - c) + 2 * u * f.g / 3 * (0.25 * p2 - c)
        return max(f.xi * v, 0)
    }

    /// The fitted total cross-section per atom, mm^2, for photon energy E (MeV).
    static func crossSection(z: Double, photonEnergy e: Double) -> Double {
        let mc2 = PhysicsConstants.electronMass
        if e <= 2 * mc2 { return 0 }
        let low = 1.5
        let x = log(max(e, low) / mc2)
        var f1 = 0.0, f2 = 0.0, f3 = 0.0, xi = 1.0
        for i in 0..<6 {
            f1 += a[i] * xi; f2 += b[i] * xi; f3 += c[i] * xi
            xi *= x
        }
        var sigma = (z + 1) * (f1 * z + f2 * z * z + f3) * 1e-6 * PhysicsConstants.barn
        if e < low {
            let r = (e - 2 * mc2) / (low - 2 * mc2)
            sigma *= r * r
        }
        return max(sigma, 0)
    }

    @inline(__always)
    private static func screening1(_ d: Double) -> Double {
        d > 1.4 ? 42.038 - 8.29 * log(d + 0.958) : 42.184 - d * (7.444 - 1.623 * d)
    }

    @inline(__always)
    private static func screening2(_ d: Double) -> Double {
        d > 1.4 ? 42.038 - 8.29 * log(d + 0.958) : 41.326 - d * (5.848 - 0.902 * d)
    }

    /// Samples the total-energy fraction epsilon of the electron (the positron gets 1 - epsilon),
    /// charge assignment included. Above `lpmThreshold` in a medium of LPM energy `lpmEnergy`
    /// (MeV) the two Butcher-Messel branches are reweighted by the LPM factors (as G4): with
    /// Phi1, Phi2 at delta(eps) and F_Z = 8 (ln Z/3 + f_c), the branches' numerators become
    /// xi [(2 phi + G) Phi1 - G Phi2 - phi F_Z] (the (eps - 1/2)^2 part) and
    /// xi [(phi + G/2) Phi1 + (G/2) Phi2 - (phi + G) F_Z / 2] (the flat part), an exact split of the
    /// suppressed DCS; both stay below their unsuppressed maxima (xi phi <= 1, xi G <= 1), so the
    /// rejection remains exact.
    @inline(__always)
    static func sampleEpsilon(_ el: ElementConstants, photonEnergy e: Double, lpmEnergy: Double? = nil,
                              rng: inout Philox) -> Double {
        let eps0 = PhysicsConstants.electronMass / e
        var eps: Double
        if e < 2 {
            eps = eps0 + (0.5 - eps0) * rng.uniform()
        } else {
            let fz = 8 * (el.lnZ / 3) + (e > 50 ? 8 * el.coulomb : 0)
            let deltaFactor = 136 * eps0 / el.zThird
            let deltaMin = 4 * deltaFactor
            let deltaMax = exp((42.038 - fz) / 8.29) - 0.958
            let epsP = 0.5 - 0.5 * (max(0, 1 - deltaMin / deltaMax)).squareRoot()
            let epsMin = max(eps0, epsP)
            let epsRange = 0.5 - epsMin
            let f10 = screening1(deltaMin) - fz
            let f20 = screening2(deltaMin) - fz
            let n1 = max(f10 * epsRange * epsRange, 0)
            let n2 = max(1.5 * f20, 0)
            let p1 = n1 / (n1 + n2)
            if e > lpmThreshold, let lpm = lpmEnergy {
                eps = sampleSuppressed(el, photonEnergy: e, lpmEnergy: lpm, fz: fz, deltaFactor: deltaFactor,
                                       epsMin: epsMin, epsRange: epsRange, f10: f10, f20: f20, p1: p1, rng: &rng)
            } else {
                while true {
                    let r0 = rng.uniform(), r1 = rng.uniform(), r2 = rng.uniform()
                    let g: Double
                    if r0 < p1 {
                        eps = 0.5 - epsRange * pow(r1, 1.0 / 3)
                        g = (screening1(deltaFactor / (eps * (1 - eps))) - fz) / f10
                    } else {
                        eps = epsMin + epsRange * r1
                        g = (screening2(deltaFactor / (eps * (1 - eps))) - fz) / f20
                    }
                    if r2 <= g { break }
                }
            }
        }
        if rng.uniform() < 0.5 { eps = 1 - eps }
        return min(max(eps, eps0), 1 - eps0)
    }

    /// The Butcher-Messel loop of `sampleEpsilon` with the LPM-reweighted branches.
    @inline(__always)
    private static func sampleSuppressed(_ el: ElementConstants, photonEnergy e: Double, lpmEnergy: Double, fz: Double,
                                         deltaFactor: Double, epsMin: Double, epsRange: Double, f10: Double, f20: Double,
                                         p1: Double, rng: inout Philox) -> Double {
        while true {
            let r0 = rng.uniform(), r1 = rng.uniform(), r2 = rng.uniform()
            let eps = r0 < p1 ? 0.5 - epsRange * pow(r1, 1.0 / 3) : epsMin + epsRange * r1
            let (ph1, ph2) = phi12(deltaFactor / (eps * (1 - eps)))
            let f = LPMFunctions.pair(epsilon: eps, photonEnergy: e, lpmEnergy: lpmEnergy, el)
            let g = r0 < p1
                ? f.xi * ((2 * f.phi + f.g) * ph1 - f.g * ph2 - f.phi * fz) / f10
                : f.xi * ((f.phi + 0.5 * f.g) * ph1 + 0.5 * f.g * ph2 - 0.5 * (f.g + f.phi) * fz) / f20
            if r2 <= g { return eps }
        }
    }
}
