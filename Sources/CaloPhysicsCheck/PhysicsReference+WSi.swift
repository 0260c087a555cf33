import CaloDetector
import Foundation

/// Expected values and bands of the W/Si sampling stack (`wsi`: 90 x (1.4 mm W + 0.3 mm Si), the
/// Geant4 Par04 / CaloChallenge datasets 2 and 3 calorimeter as slabs; docs/physics.md §14.10).
/// Derived from PDG material constants, GFLASH and a published test-beam measurement; nothing
/// here is a measured calosim number.
public enum WSiReference {
    /// Name of the shipped geometry.
    public static let geometryName = "wsi"

    // MARK: Stack constants (PDG "Atomic and nuclear properties"; Geant4's X0)

    /// X0,eff = 1.7 mm / (1.4 mm / 3.5042 mm + 0.3 mm / 93.661 mm) = 4.221 mm.
    public static let radiationLengthMM = 4.221
    /// E_c,eff = X0,eff sum_j w_j E_c,j / X0,j (mass fractions W 0.9748, Si 0.0252; E_c(e-) W 7.97,
    /// Si 40.19 MeV; X0 6.763 and 21.82 g/cm^2) = 8.23 MeV.
    public static let criticalEnergyMeV = 8.23
    /// GFLASH sampling frequency F_S = X0,eff / (d_W + d_Si) = 2.483.
    public static let samplingFrequency = 2.483
    /// GFLASH e/mip, e-hat = 1/(1 + 0.007 (Z_W - Z_Si)) = 0.704.
    public static let eOverMip = 0.704
    /// Minimum-ionising sampling fraction: Si 1.664 MeV cm^2/g x 2.33 g/cm^3 x 0.03 cm = 0.1163 MeV
    /// against W 1.145 x 19.3 x 0.14 = 3.094 MeV: f_mip = 0.1163 / 3.210 = 0.0362.
    public static let mipSamplingFraction = 0.03623

    // MARK: Visible fraction and linearity

    /// Electron visible (Si) fraction e-hat f_mip = 0.0255 +- 10 %, GFLASH's empirical e/mip (good
    /// to about 10 % for the calorimeters it was fitted on): tungsten absorbs the shower's soft
    /// photons photoelectrically far more than silicon (Z^4-5), so silicon sees less than its mip
    /// share. Informational: GFLASH's e/mip depends on the Z of the two materials only, not on the
    /// layer thicknesses, and was fitted on calorimeters with millimetres of active material; in
    /// 0.3 mm of silicon the soft electrons that leave the tungsten surfaces make up a larger part
    /// of the signal, which the formula does not know. No published Geant4 value for this stack is
    /// known to us (the CaloChallenge files store silicon energies, not the fraction).
    public static let visibleFractionBand: ClosedRange<Double> = PhysicsReference.band(eOverMip * mipSamplingFraction, relative: 0.10)
    /// Linearity of the visible fraction (after leakage) from 1 GeV to 1 TeV: +-1 %, as in the Pb/LAr
    /// stack: the visible energy is deposited by the low-energy end of the cascade.
    public static let linearityTolerance = 0.01

    // MARK: Resolution

    /// Sampling term of Wigmans's formula a = 2.7 % sqrt(d_Si[mm] / f_mip) = 7.8 % (R. Wigmans,
    /// Calorimetry, 2nd ed., sampling fluctuations; fitted on scintillator and liquid-argon calorimeters, it
    /// does not include the path-length and Landau fluctuations of thin silicon; informational).
    public static let wigmansStochasticTerm = 0.027 * (0.3 / mipSamplingFraction).squareRoot()

    /// Expected stochastic term 11.4 %/sqrt(E) +- 15 %, scaled from the CALICE Si-W physics
    /// prototype, which measured a = 16.6 +- 0.1 %, c = 1.1 +- 0.1 % with 6-45 GeV electrons
    /// (CALICE, C. Adloff et al., NIM A 608 (2009) 372, arXiv:0811.2354): 10 + 10 + 10 layers of
    /// 1.4, 2.8 and 4.2 mm W with 0.525 mm Si. Scaling: Wigmans's term per section, a_i = 2.7 % sqrt(d_Si/f_mip,i)
    /// = 7.9, 11.0, 13.4 %, combined as a_eff^2 = sum f_i a_i^2 with the shower fractions f_i of a
    /// gamma profile in each section (a_eff = 11.0-11.6 % from 6 to 45 GeV); then
    /// a = 16.6 % x 7.8 % / a_eff = 11.1-11.7 %. The band, +-15 %, allows for the energy fractions
    /// and for the thinner silicon (0.3 against 0.525 mm), whose extra Landau fluctuation the
    /// scaling does not know.
    public static let stochasticTermBand: ClosedRange<Double> = PhysicsReference.band(0.114, relative: 0.15)
    /// Constant term, informational: no noise, no calibration; 36 X0 leave only leakage
    /// fluctuations at 1 TeV.
    public static let constantTermBand: ClosedRange<Double> = 0...0.005

    // MARK: Longitudinal profile

    /// ln y, y = E / E_c,eff.
    public static func lnY(energyMeV: Double) -> Double { log(energyMeV / criticalEnergyMeV) }

    /// The t_max band in X0,eff of e-: centre the mean of the PDG (ln y - 0.5) and GFLASH
    /// (ln y - 0.858 - 0.59/F_S - 0.53 (1 - e-hat)) values, +-0.5 X0, as for the Pb/LAr stack
    /// (`PhysicsReference.tMaxBand`); the two differ by 0.75 X0 here.
    public static func tMaxBand(energyMeV: Double) -> ClosedRange<Double> {
        let pdg = lnY(energyMeV: energyMeV) - 0.5
        let gflash = lnY(energyMeV: energyMeV) - 0.858 - 0.59 / samplingFrequency - 0.53 * (1 - eOverMip)
        let c = 0.5 * (pdg + gflash)
        return (c - 0.5)...(c + 0.5)
    }
}
