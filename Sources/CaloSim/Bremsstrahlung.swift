import CaloSupport
import Foundation

/// Electron and positron bremsstrahlung: the screened Bethe-Heitler (Tsai) differential
/// cross-section with dielectric suppression, its integrals, and the photon-energy sampler
/// (docs/physics.md §4; Geant4 `G4eBremsstrahlungRelModel::ComputeDXSectionPerAtom`,
/// `ComputeScreeningFunctions`, `SampleSecondaries`). No LPM effect yet (docs/physics.md §13:
/// it shapes the early profile above ~50 GeV; Geant4 includes it).
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

    /// The bracket's upper bound, its complete-screening value at y -> 0.
    @inline(__always)
    static func bracketMaximum(_ el: ElementConstants, totalEnergy e: Double) -> Double {
        let fc = e > coulombCorrectionThreshold ? el.coulomb : 0
        return (el.lEl - fc) + el.lInel / el.z + (1 + 1 / el.z) / 12
    }

    /// k dsigma/dk per atom, mm^2, including dielectric suppression 1/(1 + k_p^2/k^2) with
    /// k_p = gamma hbar omega_p (`plasmaEnergy` in MeV).
    static func kTimesDCS(_ el: ElementConstants, k: Double, kineticEnergy t: Double, plasmaEnergy: Double) -> Double {
        let e = t + PhysicsConstants.electronMass
        let re = PhysicsConstants.classicalElectronRadius
        let kp = e / PhysicsConstants.electronMass * plasmaEnergy
        let suppression = k * k / (k * k + kp * kp)
        return 16 * PhysicsConstants.alpha * re * re * el.z * el.z / 3 * bracket(el, k: k, totalEnergy: e) * suppression
    }

    /// Cross-section per atom for emitting a photon above kCut, mm^2 (numerical integral in ln k).
    static func crossSection(_ el: ElementConstants, kineticEnergy t: Double, kCut: Double, plasmaEnergy: Double) -> Double {
        if t <= kCut { return 0 }
        let a = log(kCut), b = log(t)
        let pieces = max(2, Int((b - a) / 0.3) + 1)
        return GaussLegendre.integrate(a, b, pieces: pieces) { lk in
            kTimesDCS(el, k: exp(lk), kineticEnergy: t, plasmaEnergy: plasmaEnergy)
        }
    }

    /// Radiative energy loss per atom below kCut (restricted radiative stopping), MeV mm^2:
    /// integral of k dsigma/dk over 0 < k < min(kCut, T).
    static func restrictedLoss(_ el: ElementConstants, kineticEnergy t: Double, kCut: Double, plasmaEnergy: Double) -> Double {
        let kMax = min(kCut, t)
        let a = log(kMax * 1e-9), b = log(kMax)
        return GaussLegendre.integrate(a, b, pieces: 24) { lk in
            let k = exp(lk)
            return k * kTimesDCS(el, k: k, kineticEnergy: t, plasmaEnergy: plasmaEnergy)
        }
    }

    /// Samples the photon energy k in (kCut, T) from the DCS, MeV (G4 `SampleSecondaries`: k from
    /// (1/k)(1/F) exactly, then rejection on the bracket).
    @inline(__always)
    static func sampleEnergy(_ el: ElementConstants, kineticEnergy t: Double, kCut: Double, plasmaEnergy: Double,
                             rng: inout Philox) -> Double {
        let e = t + PhysicsConstants.electronMass
        let kp = e / PhysicsConstants.electronMass * plasmaEnergy
        let kp2 = kp * kp
        let xmin = log(kCut * kCut + kp2)
        let xr = log(t * t + kp2) - xmin
        let fmax = bracketMaximum(el, totalEnergy: e)
        while true {
            let k = max(kCut, (exp(xmin + rng.uniform() * xr) - kp2).squareRoot())
            let f = bracket(el, k: min(k, t), totalEnergy: e)
            if rng.uniform() * fmax <= f { return min(k, t) }
        }
    }
}
