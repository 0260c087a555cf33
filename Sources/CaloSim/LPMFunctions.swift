import Foundation

/// The Landau-Pomeranchuk-Migdal suppression functions of bremsstrahlung and pair production
/// (docs/physics.md §4.1, §5.1): Migdal's G(s) (spin flip) and phi(s) (no spin flip), the
/// logarithmic factor xi(s), and the suppression variable s of each process.
///
/// Migdal's functions (A. B. Migdal, Phys. Rev. 103 (1956) 1811; S. Klein, Rev. Mod. Phys. 71
/// (1999) 1501) are
///
///     phi(s) = 12 s^2 integral_0^inf exp(-s t) coth(t/2) sin(s t) dt - 6 pi s^2
///     G(s)   = 12 pi s^2 - 24 s^2 integral_0^inf exp(-s t) sin(s t) / sinh(t/2) dt
///
/// with phi -> 6 s (1 - pi s), G -> 12 pi s^2 for s -> 0 (full suppression) and
/// phi -> 1 - 0.0119/s^4, G -> 1 - 0.0231/s^4 for s -> inf (none). Here they are evaluated from
/// the closed-form approximations of T. Stanev et al., Phys. Rev. D 25 (1982) 1291, in the
/// piecewise form of the Geant4 Physics Reference Manual (§ "LPM effect", as evaluated by
/// `G4eBremsstrahlungRelModel::ComputeLPMGsPhis` and tabulated by `G4LPMFunction`), tabulated on
/// s in [0, 2) with ds = 0.01 and interpolated linearly; above s = 2 the asymptotic forms.
/// Tests compare them with the integrals above.
///
/// xi(s) = 2 for s <= s1, 1 + ln s / ln s1 for s1 < s < 1, 1 for s >= 1, where
/// s1 = (Z^(1/3) / B)^2 with B = 184.15 (bremsstrahlung) or 184 (pair production): the ratio of
/// the Thomas-Fermi screening radius to the multiple-scattering length (Migdal; Klein eq. 75).
/// Since xi depends on s and s on xi, s is found from s' (no xi) through Stanev's
/// approximation of the solution, xi(s') = 1 + h - 0.08 (1 - h) h (2 - h) / ln(sqrt2 s1) with
/// h = ln s' / ln(sqrt2 s1) (Klein eqs. 78-79).
///
/// As in Geant4, where Migdal's approximation on xi would make the product xi phi exceed 1
/// (or for s > 0.57, where xi ~ 1), xi is set to 1/phi: the suppression never enhances.
/// Then xi G <= xi phi <= 1 for every s, because G <= phi at every tabulated point (tested):
/// the bound the samplers' rejection relies on.
enum LPMFunctions {
    /// E_LPM per unit radiation length, alpha (m_e c^2)^2 / (4 pi hbar c), MeV per mm
    /// (7.7 TeV/cm; Klein 1999, in the convention that makes s Migdal's variable).
    static let lpmEnergyPerRadiationLength = PhysicsConstants.alpha * PhysicsConstants.electronMass
        * PhysicsConstants.electronMass / (4 * Double.pi * PhysicsConstants.hbarC)

    /// The LPM energy of a material with radiation length X0 (mm), MeV.
    static func lpmEnergy(radiationLengthMM x0: Double) -> Double { lpmEnergyPerRadiationLength * x0 }

    /// Upper end of the tabulated range of s, and its step.
    static let tableLimit = 2.0
    static let tableStep = 0.01

    /// Stanev's approximations of G(s) and phi(s), piecewise as in the Geant4 Physics Reference
    /// Manual: the series below s = 0.01, psi(s) = 1 - exp(-4s - 8s^2/(1 + 3.936s + 4.97s^2
    /// - 0.05s^3 + 7.5s^4)) with G = 3 psi - 2 phi below s = 0.4158, a tanh fit of G between it
    /// and 1.9156, phi = 1 - exp(-6s(1 + (3 - pi)s) + s^3/(0.623 + 0.796s + 0.658s^2)) below
    /// 1.55 and the asymptotic forms above.
    static func stanev(_ s: Double) -> (g: Double, phi: Double) {
        if s < 0.01 {
            let phi = 6 * s * (1 - Double.pi * s)
            return (12 * s - 2 * phi, phi)
        }
        let s2 = s * s, s3 = s2 * s, s4 = s2 * s2
        let phiExp = 1 - exp(-6 * s * (1 + s * (3 - Double.pi)) + s3 / (0.623 + 0.796 * s + 0.658 * s2))
        let gTanh = tanh(-0.160723 + 3.755030 * s - 1.798138 * s2 + 0.672827 * s3 - 0.120772 * s4)
        if s < 0.415827 {
            let psi = 1 - exp(-4 * s - 8 * s2 / (1 + 3.936 * s + 4.97 * s2 - 0.05 * s3 + 7.5 * s4))
            return (3 * psi - 2 * phiExp, phiExp)
        }
        if s < 1.55 { return (gTanh, phiExp) }
        let phi = 1 - 0.011905 / s4
        return (s < 1.9156 ? gTanh : 1 - 0.023065 / s4, phi)
    }

    /// G and phi at the table's nodes s_i = i ds, i = 0 ... 200, interleaved (G, phi).
    static let table: [Double] = {
        let n = Int((tableLimit / tableStep).rounded()) + 1
        var t = [Double](repeating: 0, count: 2 * n)
        for i in 0..<n {
            let v = stanev(Double(i) * tableStep)
            t[2 * i] = v.g
            t[2 * i + 1] = v.phi
        }
        return t
    }()

    /// G(s) and phi(s) for s >= 0: linear interpolation in the table below s = 2, the
    /// asymptotic forms 1 - 0.0230655/s^4 and 1 - 0.01190476/s^4 above.
    @inline(__always)
    static func gPhi(_ s: Double) -> (g: Double, phi: Double) {
        if s < tableLimit {
            let u = max(0, s) / tableStep
            let i = Int(u)
            let f = u - Double(i)
            return table.withUnsafeBufferPointer { t in
                (t[2 * i] + f * (t[2 * i + 2] - t[2 * i]), t[2 * i + 1] + f * (t[2 * i + 3] - t[2 * i + 1]))
            }
        }
        let inv4 = 1 / (s * s * s * s)
        return (1 - 0.0230655 * inv4, 1 - 0.01190476 * inv4)
    }

    /// Migdal's xi(s) for s1 = (Z^(1/3)/B)^2 (`logS1` = ln s1).
    @inline(__always)
    static func xi(_ s: Double, s1: Double, logS1: Double) -> Double {
        if s >= 1 { return 1 }
        if s <= s1 { return 2 }
        return 1 + log(s) / logS1
    }

    /// Stanev's approximation of xi at the solution of s = s' / sqrt(xi(s)), as a function of
    /// s' (`logSqrt2S1` = ln(sqrt2 s1)).
    @inline(__always)
    static func xiOfSPrime(_ sPrime: Double, s1: Double, logSqrt2S1: Double) -> Double {
        if sPrime > 1 { return 1 }
        if sPrime <= 2.squareRoot() * s1 { return 2 }
        let h = log(sPrime) / logSqrt2S1
        return 1 + h - 0.08 * (1 - h) * h * (2 - h) / logSqrt2S1
    }

    /// The three factors of a suppressed DCS.
    struct Suppression: Equatable {
        var xi: Double
        var g: Double
        var phi: Double
        /// No suppression.
        static let none = Suppression(xi: 1, g: 1, phi: 1)
    }

    /// Caps xi so that xi phi <= 1 (Geant4's guard against Migdal's approximation on xi).
    @inline(__always)
    static func capped(xi: Double, s: Double) -> Suppression {
        let (g, phi) = gPhi(s)
        if xi * phi > 1 || s > 0.57 { return Suppression(xi: 1 / phi, g: g, phi: phi) }
        return Suppression(xi: xi, g: g, phi: phi)
    }

    /// Suppression of bremsstrahlung of a photon k by an e± of total energy E (MeV) in a medium
    /// of LPM energy `lpmEnergy` and dielectric k_p^2 = `densityCorrection` (MeV^2):
    /// s' = sqrt(E_LPM k / (8 E (E - k))) (Klein eq. 78), s = s'/sqrt(xi(s')), and Migdal's
    /// combination with the dielectric effect, s_hat = s (1 + k_p^2/k^2) (M. L. Ter-Mikaelian,
    /// High-energy Electromagnetic Processes in Condensed Media, Wiley 1972; Klein 1999), at
    /// which G, phi and xi are evaluated.
    @inline(__always)
    static func bremsstrahlung(k: Double, totalEnergy e: Double, lpmEnergy: Double, densityCorrection kp2: Double,
                               _ el: ElementConstants) -> Suppression {
        let sPrime = (0.125 * k * lpmEnergy / (e * (e - k))).squareRoot()
        let s = sPrime / xiOfSPrime(sPrime, s1: el.lpmS1, logSqrt2S1: el.lpmLogSqrt2S1).squareRoot()
        let sHat = s * (1 + kp2 / (k * k))
        return capped(xi: xi(sHat, s1: el.lpmS1, logS1: el.lpmLogS1), s: sHat)
    }

    /// Suppression of pair production by a photon of energy E (MeV) giving one lepton the total
    /// energy fraction eps: s' = sqrt(E_LPM / (8 E eps (1 - eps))) (Klein 1999), s =
    /// s'/sqrt(xi(s')) with xi from Stanev's approximation (B = 184, as Geant4).
    @inline(__always)
    static func pair(epsilon eps: Double, photonEnergy e: Double, lpmEnergy: Double, _ el: ElementConstants) -> Suppression {
        let sPrime = (0.125 * lpmEnergy / (e * eps * (1 - eps))).squareRoot()
        let xiS = xiOfSPrime(sPrime, s1: el.pairLPMS1, logSqrt2S1: el.pairLPMLogSqrt2S1)
        return capped(xi: xiS, s: sPrime / xiS.squareRoot())
    }
}
