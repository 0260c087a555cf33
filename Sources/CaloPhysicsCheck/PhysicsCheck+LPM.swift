import CaloDetector
import CaloSim
import Foundation

extension PhysicsCheckRun {
    /// Photon and e± energies (MeV) at which the bremsstrahlung suppression is compared, lead:
    /// from the dielectric-dominated to the unsuppressed end of the spectrum at 100 GeV and 1 TeV.
    static let lpmPoints: [(kineticMeV: Double, photonMeV: Double)] = [
        (1e5, 10), (1e5, 100), (1e5, 1e3), (1e6, 100), (1e6, 1e3), (1e6, 1e4), (1e6, 1e5),
    ]

    /// Largest difference allowed between the simulator's suppression factor and the one from
    /// Migdal's exact functions: Stanev's approximations of G and phi are accurate to 2.2e-4
    /// (docs/physics.md §4.1), which the xi-weighted DCS and the approximate solution of
    /// s = s'/sqrt(xi(s)) turn into at most 1e-3; the band is twice that.
    static let lpmFactorTolerance = 2e-3
    /// Relative tolerance of the LPM radiation length at 1 TeV: 0.3 %, three times the 0.1 % left
    /// by the approximations (the suppressed photons carry a few per cent of the energy).
    static let lpmRadiationLengthTolerance = 3e-3

    /// The LPM formula checks (docs/physics.md §14.4): the simulator's suppression of the
    /// bremsstrahlung DCS in lead against Migdal's functions evaluated by quadrature, at the
    /// (E, k) points above; and LPM's effect on the radiation length of lead at 1 TeV,
    /// X0_eff / X0 = (radiative loss without LPM) / (with), against the same ratio integrated
    /// with Migdal's exact functions.
    func lpmChecks() {
        let lead = Material.table["Pb"]!
        let element = lead.components[0].element
        let sim = LPMSuppression(material: lead)
        let mc2 = 0.51099895
        for p in Self.lpmPoints {
            let e = p.kineticMeV + mc2
            let want = MigdalFunctions.bremsstrahlungFactor(element: element, k: p.photonMeV, totalEnergy: e,
                                                            lpmEnergy: sim.lpmEnergyMeV, kp: e / mc2 * sim.plasmaEnergyMeV)
            let got = sim.bremsstrahlungFactor(kineticEnergyMeV: p.kineticMeV, photonEnergyMeV: p.photonMeV)
            let t = Self.lpmFactorTolerance
            add(CheckOutcome(check: .lpmSuppression,
                             name: String(format: "LPM DCS factor Pb %g GeV, k = %g MeV", p.kineticMeV / 1000, p.photonMeV),
                             value: got, error: 0, band: (want - t)...(want + t),
                             note: String(format: "Migdal (quadrature) %.4f", want)))
        }
        let t = 1e6, e = t + mc2
        let want = 1 / MigdalFunctions.radiativeLossRatio(element: element, totalEnergy: e, lpmEnergy: sim.lpmEnergyMeV,
                                                          kp: e / mc2 * sim.plasmaEnergyMeV)
        let got = 1 / sim.radiativeLossRatio(kineticEnergyMeV: t)
        let cut = sim.gammaCutMeV(rangeCutMM: 0.7)
        add(CheckOutcome(check: .lpmRadiationLength, name: "LPM X0_eff / X0, Pb, 1 TeV e-", value: got, error: 0,
                         band: PhysicsReference.band(want, relative: Self.lpmRadiationLengthTolerance),
                         note: String(format: "Migdal (quadrature) %.4f; photons above %.1f keV x %.3f", want, cut * 1000,
                                      sim.bremsstrahlungCrossSectionRatio(kineticEnergyMeV: t, cutMeV: cut))))
    }
}
