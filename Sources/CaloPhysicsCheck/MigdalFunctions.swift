import CaloDetector
import CaloSupport
import Foundation

/// Migdal's LPM suppression functions evaluated from their integral definitions by plain
/// quadrature, independently of the simulator's approximations (docs/physics.md §4.1, §14.4):
///
///     phi(s) = 12 s^2 integral_0^inf exp(-s t) coth(t/2) sin(s t) dt - 6 pi s^2
///     G(s)   = 12 pi s^2 - 24 s^2 integral_0^inf exp(-s t) sin(s t) / sinh(t/2) dt
///
/// (A. B. Migdal, Phys. Rev. 103 (1956) 1811; S. Klein, Rev. Mod. Phys. 71 (1999) 1501). The
/// first integral is split as 1/(2s) (coth -> 1, in closed form) plus the part with
/// coth(t/2) - 1 = 2/(e^t - 1), which decays like e^-t; both remaining integrands are smooth at
/// t = 0 (limit 2s) and are integrated by Simpson's rule on [0, 60] with step 1/400, which
/// leaves an error below 1e-8 up to s = 4. Above s = 4, where phi and G differ from 1 by less
/// than 1e-4 and the closed-form terms cancel to many digits, Migdal's asymptotic expansions
/// phi = 1 - 1/(84 s^4), G = 1 - 0.0230655/s^4 are used.
///
/// Also Migdal's xi(s) with the self-consistent s = s'/sqrt(xi(s)) solved by bisection (not by
/// Stanev's approximation), and the bremsstrahlung suppression of the complete-screening DCS
/// in a medium, for the formula checks of the simulator's LPM implementation.
public enum MigdalFunctions {
    /// phi(s) and G(s) from the integrals above (the asymptotic forms above s = 4), s > 0.
    public static func gPhi(_ s: Double) -> (g: Double, phi: Double) {
        require(s > 0, "Migdal's functions need s > 0 (got \(s))")
        if s > 4 {
            let inv4 = 1 / (s * s * s * s)
            return (1 - 0.0230655 * inv4, 1 - inv4 / 84)
        }
        let h = 1.0 / 400, n = 24_000
        var iPhi = 0.0, iG = 0.0
        for i in 0...n {
            let t = Double(i) * h
            let w: Double = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2)
            let fPhi: Double, fG: Double
            if i == 0 {
                fPhi = 2 * s
                fG = 2 * s
            } else {
                let damp = exp(-s * t) * sin(s * t)
                fPhi = damp * 2 / expm1(t)
                fG = damp / sinh(t / 2)
            }
            iPhi += w * fPhi
            iG += w * fG
        }
        iPhi *= h / 3
        iG *= h / 3
        let phi = 12 * s * s * (1 / (2 * s) + iPhi) - 6 * Double.pi * s * s
        let g = 12 * Double.pi * s * s - 24 * s * s * iG
        return (g, phi)
    }

    /// Migdal's xi(s): 2 below s1, 1 + ln s / ln s1 between s1 and 1, 1 above.
    public static func xi(_ s: Double, s1: Double) -> Double {
        if s >= 1 { return 1 }
        if s <= s1 { return 2 }
        return 1 + log(s) / log(s1)
    }

    /// The solution s of s = s' / sqrt(xi(s)) (bisection; s'/sqrt2 <= s <= s').
    public static func solveS(sPrime: Double, s1: Double) -> Double {
        var lo = sPrime / 2.squareRoot(), hi = sPrime
        for _ in 0..<80 {
            let mid = 0.5 * (lo + hi)
            if mid - sPrime / xi(mid, s1: s1).squareRoot() < 0 { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// The LPM factor of the complete-screening bremsstrahlung DCS of an element, photon k, e±
    /// total energy E (MeV), in a medium of LPM energy `lpmEnergy` and dielectric k_p (MeV): the
    /// suppressed over the unsuppressed bracket, in the arrangement of Geant4's relativistic
    /// model (Physics Reference Manual), whose (1 - y)(1 + 1/Z)/12 term is left unsuppressed:
    ///
    ///     {xi [y^2 G/4 + (1 - y + y^2/2) phi] L + (1 - y)(1 + 1/Z)/12} / {(1 - y + 3y^2/4) L + (1 - y)(1 + 1/Z)/12},
    ///
    /// L = (L_el - f_c) + L_inel/Z; s' = sqrt(E_LPM k/(8E(E-k))), s from `solveS`, and G, phi,
    /// xi at s (1 + k_p^2/k^2) (Migdal's merging with the dielectric effect); with Geant4's
    /// prescription where Migdal's logarithmic xi is too crude: xi = 1/phi where xi phi > 1 or
    /// s > 0.57.
    public static func bremsstrahlungFactor(element: Element, k: Double, totalEnergy e: Double, lpmEnergy: Double,
                                            kp: Double) -> Double {
        let z = Double(element.z)
        let s1 = pow(z, 2.0 / 3) / (184.15 * 184.15)
        let sPrime = (lpmEnergy * k / (8 * e * (e - k))).squareRoot()
        let sHat = solveS(sPrime: sPrime, s1: s1) * (1 + kp * kp / (k * k))
        let (g, phi) = gPhi(sHat)
        var x = xi(sHat, s1: s1)
        if x * phi > 1 || sHat > 0.57 { x = 1 / phi }
        let y = k / e
        let logs = element.radiationLogarithms
        let l = (logs.lRad - element.coulombCorrection) + logs.lRadPrime / z
        let second = (1 - y) * (1 + 1 / z) / 12
        return (x * (0.25 * y * y * g + (1 - y + 0.5 * y * y) * phi) * l + second) / ((1 - y + 0.75 * y * y) * l + second)
    }

    /// The LPM change of the radiative energy loss of an e± of total energy E (MeV) in an
    /// element: integral over 0 < k < E - m c^2 of k dsigma/dk with the suppression of
    /// `bremsstrahlungFactor` over the same without, both in complete screening with the
    /// dielectric factor 1/(1 + k_p^2/k^2); Simpson's rule in ln k from 1e-9 (E - m c^2), 400
    /// intervals. X0_eff / X0 is its inverse.
    public static func radiativeLossRatio(element: Element, totalEnergy e: Double, lpmEnergy: Double, kp: Double,
                                          electronMass: Double = 0.51099895) -> Double {
        let z = Double(element.z)
        let logs = element.radiationLogarithms
        let l = (logs.lRad - element.coulombCorrection) + logs.lRadPrime / z
        let kMax = e - electronMass
        let a = log(kMax * 1e-9), b = log(kMax), n = 400
        let h = (b - a) / Double(n)
        var with = 0.0, without = 0.0
        for i in 0...n {
            let k = exp(a + Double(i) * h) * (i == n ? 1 - 1e-12 : 1)
            let y = k / e
            let w: Double = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2)
            let plain = ((1 - y + 0.75 * y * y) * l + (1 - y) * (1 + 1 / z) / 12) * k * k / (k * k + kp * kp) * k
            without += w * plain
            with += w * plain * bremsstrahlungFactor(element: element, k: k, totalEnergy: e, lpmEnergy: lpmEnergy, kp: kp)
        }
        return with / without
    }
}
