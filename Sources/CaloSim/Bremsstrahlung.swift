import CaloSupport
import Foundation

/// Electron and positron bremsstrahlung: the screened Bethe-Heitler (Tsai) differential
/// cross-section with dielectric suppression and, at high energy, the Landau-Pomeranchuk-Migdal
/// (LPM) suppression; its integrals, and the photon-energy sampler (docs/physics.md §4; Geant4
/// `G4eBremsstrahlungRelModel::ComputeDXSectionPerAtom`, `ComputeRelDXSectionPerAtom`,
/// `ComputeLPMfunctions`, `SampleSecondaries`; Geant4 Physics Reference Manual, "Bremsstrahlung").
///
/// LPM regime (`lpmActive`): as Geant4, where the relativistic model (above 1 GeV kinetic) meets
/// a total energy E above the threshold E_th = (hbar omega_p / m c^2) E_LPM below which the
/// dielectric suppression hides the LPM effect, the DCS is the complete-screening one, with the
/// Coulomb correction, times Migdal's suppression functions (`LPMFunctions.bremsstrahlung`):
///
///     k dsigma/dk = (16 alpha r_e^2 Z^2 / 3) (1/F) { xi [y^2 G / 4 + (1 - y + y^2/2) phi] [(L_el - f_c) + L_inel/Z]
///                                                   + (1 - y)(1 + 1/Z)/12 },   F = 1 + k_p^2/k^2,
///
/// which is Tsai's complete-screening bracket when xi = G = phi = 1. Elsewhere the screened
/// bracket of `bracket` (no LPM).
enum Bremsstrahlung {
    /// Above this total energy the Coulomb correction f_c is included (docs/physics.md §4), MeV.
    static let coulombCorrectionThreshold = 50.0

    /// The screened bracket {...} of the DCS for photon energy k and total e± energy E (MeV).
    @inline(__always)
    static func bracket(_ el: ElementConstants, k: Double, totalEnergy e: Double) -> Double {
        let mc2 = PhysicsConstants.electronMass
        let y = k / e
        let common = 100 * mc2 * k / (e * (e - k))
        let gam = common / el.zThird
        let eps = common / el.zTwoThirds
        let phi1 = 16.863 - 2 * log(1 + 0.311877 * gam * gam) + 2.4 * exp(-0.9 * gam) + 1.6 * exp(-1.5 * gam)
        let phi12 = 2 / (3 + 19.5 * gam + 18 * gam * gam)
        let psi1 = 24.34 - 2 * log(1 + 13.111641 * eps * eps) + 2.8 * exp(-8 * eps) + 1.2 * exp(-29.2 * eps)
        let psi12 = 2 / (3 + 120 * eps + 1200 * eps * eps)
        let fc = e > coulombCorrectionThreshold ? el.coulomb : 0
        let value = (1 - y + 0.75 * y * y) * ((0.25 * phi1 - el.lnZ / 3 - fc) + (0.25 * psi1 - 2 * el.lnZ / 3) / el.z)
            + (1 - y) * (phi12 + psi12 / el.z) / 8
        return max(value, 0)
    }

    /// Kinetic energy above which the LPM regime may apply, MeV: Geant4 uses its relativistic
    /// model, which carries the LPM effect, above 1 GeV (`G4SeltzerBergerModel` below).
    static let lpmModelThreshold = 1000.0

    /// Whether the LPM regime applies to an e± of total energy E (MeV) in a medium of LPM energy
    /// `lpmEnergy` (nil: LPM off) and plasma energy hbar omega_p (MeV): T > 1 GeV and
    /// E > E_th = (hbar omega_p / m c^2) E_LPM (Geant4's `fLPMEnergyThreshold`,
    /// sqrt(4 pi r_e lambda_e^2 n_e) E_LPM).
    @inline(__always)
    static func lpmActive(totalEnergy e: Double, plasmaEnergy: Double, lpmEnergy: Double?) -> Bool {
        guard let lpm = lpmEnergy else { return false }
        let mc2 = PhysicsConstants.electronMass
        return e - mc2 > lpmModelThreshold && e > plasmaEnergy / mc2 * lpm
    }

    /// The bracket {...} of the DCS in the LPM regime (complete screening, Coulomb correction,
    /// Migdal's xi, G, phi at s_hat, which includes the dielectric effect k_p^2 = `kp2`, MeV^2).
    @inline(__always)
    static func lpmBracket(_ el: ElementConstants, k: Double, totalEnergy e: Double, lpmEnergy: Double,
                           densityCorrection kp2: Double) -> Double {
        let y = k / e
        let f = LPMFunctions.bremsstrahlung(k: k, totalEnergy: e, lpmEnergy: lpmEnergy, densityCorrection: kp2, el)
        let main = f.xi * (0.25 * y * y * f.g + (1 - y + 0.5 * y * y) * f.phi) * ((el.lEl - el.coulomb) + el.lInel / el.z)
        return max(main + (1 - y) * (1 + 1 / el.z) / 12, 0)
    }

    /// The bracket's upper bound, its complete-screening value at y -> 0. It bounds the LPM
    /// bracket too: xi G <= 1 and xi phi <= 1 (`LPMFunctions`), so the first term is at most
    /// (1 - y + 3y^2/4) <= 1 times the logarithms.
    @inline(__always)
    static func bracketMaximum(_ el: ElementConstants, totalEnergy e: Double) -> Double {
        let fc = e > coulombCorrectionThreshold ? el.coulomb : 0
        return (el.lEl - fc) + el.lInel / el.z + (1 + 1 / el.z) / 12
    }

    /// k dsigma/dk per atom, mm^2, including dielectric suppression 1/(1 + k_p^2/k^2) with
    /// k_p = gamma hbar omega_p (`plasmaEnergy` in MeV), and the LPM suppression in the LPM
    /// regime of a medium of LPM energy `lpmEnergy` (MeV; nil: no LPM).
    static func kTimesDCS(_ el: ElementConstants, k: Double, kineticEnergy t: Double, plasmaEnergy: Double,
                          lpmEnergy: Double? = nil) -> Double {
        let e = t + PhysicsConstants.electronMass
        let re = PhysicsConstants.classicalElectronRadius
        let kp = e / PhysicsConstants.electronMass * plasmaEnergy
        let suppression = k * k / (k * k + kp * kp)
        let b = lpmActive(totalEnergy: e, plasmaEnergy: plasmaEnergy, lpmEnergy: lpmEnergy)
            ? lpmBracket(el, k: k, totalEnergy: e, lpmEnergy: lpmEnergy!, densityCorrection: kp * kp)
            : bracket(el, k: k, totalEnergy: e)
        return 16 * PhysicsConstants.alpha * re * re * el.z * el.z / 3 * b * suppression
    }

    /// Cross-section per atom for emitting a photon above kCut, mm^2 (numerical integral in ln k).
    static func crossSection(_ el: ElementConstants, kineticEnergy t: Double, kCut: Double, plasmaEnergy: Double,
                             lpmEnergy: Double? = nil) -> Double {
        if t <= kCut { return 0 }
        let a = log(kCut), b = log(t)
        let pieces = max(2, Int((b - a) / 0.3) + 1)
        return GaussLegendre.integrate(a, b, pieces: pieces) { lk in
            kTimesDCS(el, k: exp(lk), kineticEnergy: t, plasmaEnergy: plasmaEnergy, lpmEnergy: lpmEnergy)
        }
    }

    /// Radiative energy loss per atom below kCut (restricted radiative stopping), MeV mm^2:
    /// integral of k dsigma/dk over 0 < k < min(kCut, T).
    static func restrictedLoss(_ el: ElementConstants, kineticEnergy t: Double, kCut: Double, plasmaEnergy: Double,
                               lpmEnergy: Double? = nil) -> Double {
        let kMax = min(kCut, t)
        let a = log(kMax * 1e-9), b = log(kMax)
        return GaussLegendre.integrate(a, b, pieces: 24) { lk in
            let k = exp(lk)
            return k * kTimesDCS(el, k: k, kineticEnergy: t, plasmaEnergy: plasmaEnergy, lpmEnergy: lpmEnergy)
        }
    }

    /// Samples the photon energy k in (kCut, T) from the DCS, MeV (G4 `SampleSecondaries`: k from
    /// (1/k)(1/F) exactly, then rejection on the bracket, screened or, in the LPM regime of a
    /// medium of LPM energy `lpmEnergy`, suppressed; both below `bracketMaximum`).
    @inline(__always)
    static func sampleEnergy(_ el: ElementConstants, kineticEnergy t: Double, kCut: Double, plasmaEnergy: Double,
                             lpmEnergy: Double? = nil, rng: inout Philox) -> Double {
        let e = t + PhysicsConstants.electronMass
        let kp = e / PhysicsConstants.electronMass * plasmaEnergy
        let kp2 = kp * kp
        let xmin = log(kCut * kCut + kp2)
        let xr = log(t * t + kp2) - xmin
        let fmax = bracketMaximum(el, totalEnergy: e)
        if lpmActive(totalEnergy: e, plasmaEnergy: plasmaEnergy, lpmEnergy: lpmEnergy) {
            let lpm = lpmEnergy!
            while true {
                let k = min(max(kCut, (exp(xmin + rng.uniform() * xr) - kp2).squareRoot()), t)
                let f = lpmBracket(el, k: k, totalEnergy: e, lpmEnergy: lpm, densityCorrection: kp2)
                if rng.uniform() * fmax <= f { return k }
            }
        }
        while true {
            let k = max(kCut, (exp(xmin + rng.uniform() * xr) - kp2).squareRoot())
            let f = bracket(el, k: min(k, t), totalEnergy: e)
            if rng.uniform() * fmax <= f { return min(k, t) }
        }
    }
}
