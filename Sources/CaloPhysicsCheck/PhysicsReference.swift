import CaloDetector
import CaloSim
import Foundation

/// Expected values and acceptance bands of the shower-level checks, each with the physics behind
/// it and its source (docs/physics.md, section numbers below). Nothing here is a measured calosim
/// number.
public enum PhysicsReference {
    // MARK: The 2 mm Pb / 4 mm LAr stack (§2.4), from the PDG mixture rules

    /// Effective radiation length X0,eff = 1.559 cm (1/X0 = sum w_j/X0_j).
    public static let radiationLengthMM = 15.59
    /// Effective Moliere radius R_M,eff = 3.55 cm (1/R_M = (1/E_s) sum w_j E_c,j/X0_j).
    public static let moliereRadiusMM = 35.5
    /// Effective critical energy E_c,eff = 9.32 MeV (mixture rule, Rossi's definition).
    public static let criticalEnergyMeV = 9.32
    /// GFLASH sampling frequency F_S = X0,eff / (d_a + d_p) = 2.598.
    public static let samplingFrequency = 2.598
    /// GFLASH e/mip, e-hat = 1/(1 + 0.007 (Z_p - Z_a)) = 0.691.
    public static let eOverMip = 0.691
    /// Mass-weighted Z_eff = 69.4.
    public static let effectiveZ = 69.4
    /// Sampling fraction for minimum-ionising particles f_mip = 0.248.
    public static let mipSamplingFraction = 0.248

    /// ln y with y = E / E_c,eff (docs/physics.md §14.7).
    public static func lnY(energyMeV: Double) -> Double { log(energyMeV / criticalEnergyMeV) }

    // MARK: Mean longitudinal profile (§14.4)

    /// Rossi's approximation B (PDG review): t_max = ln y + C, C = -0.5 for e±, +0.5 for photons, X0.
    public static func pdgTMax(energyMeV: Double, particle: Particle) -> Double {
        lnY(energyMeV: energyMeV) + (particle == .photon ? 0.5 : -0.5)
    }

    /// GFLASH averaged-profile T for sampling media, e- (Grindhammer and Peters):
    /// T_sam = ln y - 0.858 - 0.59/F_S - 0.53 (1 - e-hat), X0. The photon value adds the PDG
    /// e-gamma offset of +1 X0 (GFLASH has no photon parameterisation).
    public static func gflashTMax(energyMeV: Double, particle: Particle) -> Double {
        let e = lnY(energyMeV: energyMeV) - 0.858 - 0.59 / samplingFrequency - 0.53 * (1 - eOverMip)
        return particle == .photon ? e + 1 : e
    }

    /// The t_max band: centre = mean of the PDG and GFLASH values, +-0.5 X0. The two differ by
    /// 0.75 X0 for this stack (GFLASH's sampling terms move the visible maximum forward); the band
    /// covers both: the absolute maximum is known to that level, its energy dependence better.
    public static func tMaxBand(energyMeV: Double, particle: Particle) -> ClosedRange<Double> {
        let c = 0.5 * (pdgTMax(energyMeV: energyMeV, particle: particle)
                       + gflashTMax(energyMeV: energyMeV, particle: particle))
        return (c - 0.5)...(c + 0.5)
    }

    /// t_max slope per decade of energy: ln 10 = 2.30 X0 +- 0.15. t_max = ln(E/E_c) + C in every
    /// parametrisation (the number of generations grows like ln E), so the slope is robust; 0.15 X0
    /// allows for what the leading logarithm leaves out (b rising slowly with E).
    public static let tMaxSlopeBand: ClosedRange<Double> = (log(10.0) - 0.15)...(log(10.0) + 0.15)
    /// gamma - e- t_max offset, +0.8 to +1.2 X0: a photon converts after 9/7 X0 on average and
    /// starts as two particles; approximation B gives +1.0 X0.
    public static let photonOffsetBand: ClosedRange<Double> = 0.8...1.2
    /// Fitted b of the mean profile, 0.44-0.50: GFLASH's (alpha - 1)/T for this stack from 1 to
    /// 100 GeV (informational).
    public static let profileBBand: ClosedRange<Double> = 0.44...0.50

    // MARK: Lateral containment (§14.5)

    /// Fraction within 1 R_M,eff: 90 % +- 3 %. The spread comes from multiple scattering of
    /// electrons near E_c, on the scale R_M = X0 E_s/E_c, which holds about 90 % of the energy in
    /// any material; GFLASH's homogeneous and sampling profiles give 87-91 % here.
    public static let containment1RMBand: ClosedRange<Double> = 0.87...0.93
    /// Fraction within 2 R_M,eff: 95-97 % (GFLASH's radial profiles for this material).
    public static let containment2RMBand: ClosedRange<Double> = 0.95...0.97
    /// Fraction within 3.5 R_M,eff: >= 98 % (PDG: about 99 %).
    public static let containment35RMBand: ClosedRange<Double> = 0.98...1.0

    // MARK: Energy response (§14.6)

    /// Electron sampling fraction e-hat f_mip = 0.171 +- 10 %: below f_mip because lead absorbs the
    /// shower's sub-MeV photons photoelectrically far more than argon (the transition effect);
    /// 10 % is the precision of GFLASH's empirical e/mip.
    public static let samplingFractionBand: ClosedRange<Double> = 0.153...0.187
    /// Linearity: sampling fraction constant to +-1 % from 1 to 100 GeV. The energy is deposited by
    /// the low-energy end of the cascade, whose spectrum does not depend on the primary energy.
    public static let linearityTolerance = 0.01
    /// Stochastic term a of sigma/E = a/sqrt(E/GeV) (+) c: 10-11.5 %. Sampling fluctuations scale as
    /// 2.7 % sqrt(d[mm]/f_mip) = 10.8 % (Wigmans); ATLAS's Pb/LAr barrel measured about 10 %,
    /// GFLASH's default sampling resolution is 11 %.
    public static let stochasticTermBand: ClosedRange<Double> = 0.100...0.115
    /// Constant term c <~ 0.3 %: no noise, no calibration, only leakage fluctuations
    /// (informational, needs far more showers than a check run).
    public static let constantTermBand: ClosedRange<Double> = 0...0.003

    // MARK: Shower-to-shower fluctuations, GFLASH individual showers in sampling media (§14.7)

    /// GFLASH <ln T> (sampling): ln(exp<ln T_hom> - 0.55/F_S - 0.69 (1 - e-hat)),
    /// exp<ln T_hom> = ln y - 0.812 (Geant4 `GFlashSamplingShowerParameterisation`).
    public static func gflashMeanLnT(energyMeV: Double) -> Double {
        log(lnY(energyMeV: energyMeV) - 0.812 - 0.55 / samplingFrequency - 0.69 * (1 - eOverMip))
    }
    /// GFLASH <ln alpha> (sampling): ln(0.81 + (0.458 + 2.26/Z) ln y - 0.476/F_S).
    public static func gflashMeanLnAlpha(energyMeV: Double) -> Double {
        log(0.81 + (0.458 + 2.26 / effectiveZ) * lnY(energyMeV: energyMeV) - 0.476 / samplingFrequency)
    }
    /// GFLASH sigma(ln T) (sampling) = 1/(-2.5 + 1.25 ln y), capped at 0.5 as in Geant4.
    public static func gflashSigmaLnT(energyMeV: Double) -> Double {
        min(0.5, 1 / (-2.5 + 1.25 * lnY(energyMeV: energyMeV)))
    }
    /// GFLASH sigma(ln alpha) (sampling) = 1/(-0.82 + 0.79 ln y), capped at 0.5.
    public static func gflashSigmaLnAlpha(energyMeV: Double) -> Double {
        min(0.5, 1 / (-0.82 + 0.79 * lnY(energyMeV: energyMeV)))
    }
    /// GFLASH rho(ln T, ln alpha) (sampling) = 0.784 - 0.023 ln y.
    public static func gflashCorrelation(energyMeV: Double) -> Double {
        0.784 - 0.023 * lnY(energyMeV: energyMeV)
    }
    /// Relative tolerance of the GFLASH means (T and alpha, not their logs): +-10 %. GFLASH was
    /// fitted to GEANT3 showers in a few calorimeters: a plausibility band.
    public static let gflashMeanTolerance = 0.10
    /// Relative tolerance of the GFLASH sigmas: +-25 % (fluctuations are parametrised less well than means).
    public static let gflashSigmaTolerance = 0.25
    /// Absolute tolerance of rho: +-0.1.
    public static let gflashCorrelationTolerance = 0.10

    /// A band of +-`relative` around `centre`.
    public static func band(_ centre: Double, relative: Double) -> ClosedRange<Double> {
        let h = abs(centre) * relative
        return (centre - h)...(centre + h)
    }

    // MARK: Geant4 TestEm3, PbWO4 / LAr, 10 GeV e- (§14.9)

    /// Geant4 mean energy deposited in the PbWO4 per 10 GeV e-, MeV (G4HepEm, 1e7 events; HepEmShow documentation).
    public static let geant4Testem3AbsorberMeV = 6726.72
    /// Geant4 mean energy deposited in the LAr per 10 GeV e-, MeV (same source).
    public static let geant4Testem3ArgonMeV = 2568.84
    /// Primary energy of the Geant4 TestEm3 reference, MeV.
    public static let geant4Testem3EnergyMeV = 10_000.0
    /// Required agreement with Geant4: 1 %. Same geometry, materials and cuts leave the model
    /// differences (bremsstrahlung below 1 GeV, multiple-scattering algorithm, photoabsorption
    /// data), each expected at or below a per cent on a mean deposit.
    public static let geant4Tolerance = 0.01

    // MARK: Bookkeeping (§14.3) and convergence (§14.8)

    /// |incident - deposited - escaped| / incident per shower: energy is conserved by construction,
    /// so only double-precision rounding remains, orders of magnitude below a lost 1 keV (1e-6 of
    /// 1 GeV).
    public static let ledgerTolerance = 1e-9
    /// Convergence: observables move by less than 1 % when step limits or cuts are refined, the
    /// precision of the best-known bands (linearity).
    public static let convergenceTolerance = 0.01
}
