import CaloDetector
import Foundation

/// The simulator's LPM suppression as the formula checks see it (docs/physics.md §4.1, §5.1,
/// §14.4): the same functions the material tables and samplers use, for one material.
/// Energies in MeV.
public struct LPMSuppression: Sendable {
    public let material: Material
    /// E_LPM = alpha (m c^2)^2 X0 / (4 pi hbar c), MeV.
    public let lpmEnergyMeV: Double
    /// Plasma energy hbar omega_p, MeV.
    public let plasmaEnergyMeV: Double
    private let elements: [ElementConstants]
    private let atomDensities: [Double]

    public init(material: Material) {
        self.material = material
        lpmEnergyMeV = LPMFunctions.lpmEnergy(radiationLengthMM: material.radiationLengthMM)
        plasmaEnergyMeV = material.plasmaEnergyEV * 1e-6
        elements = material.components.map { ElementConstants($0.element) }
        atomDensities = material.atomDensitiesPerCm3
    }

    /// The photon production threshold of this material for a range cut (mm), MeV (§3).
    public func gammaCutMeV(rangeCutMM: Double) -> Double {
        ProductionCuts.thresholds(rangeCutMM: rangeCutMM, material: material).gammaMeV
    }

    /// The simulator's G(s) and phi(s) (Stanev's approximations, tabulated).
    public static func migdalFunctions(s: Double) -> (g: Double, phi: Double) { LPMFunctions.gPhi(s) }

    /// Total energy above which bremsstrahlung is LPM-suppressed in this material,
    /// max(1 GeV + m c^2, (hbar omega_p / m c^2) E_LPM), MeV.
    public var bremsstrahlungThresholdMeV: Double {
        max(Bremsstrahlung.lpmModelThreshold + PhysicsConstants.electronMass,
            plasmaEnergyMeV / PhysicsConstants.electronMass * lpmEnergyMeV)
    }

    /// k dsigma/dk with LPM over its complete-screening value without (both with the dielectric
    /// factor) for the material's first element, at photon energy k and e± kinetic energy T.
    public func bremsstrahlungFactor(kineticEnergyMeV t: Double, photonEnergyMeV k: Double) -> Double {
        let el = elements[0]
        let e = t + PhysicsConstants.electronMass
        let kp = e / PhysicsConstants.electronMass * plasmaEnergyMeV
        let y = k / e
        let unsuppressed = (1 - y + 0.75 * y * y) * ((el.lEl - el.coulomb) + el.lInel / el.z) + (1 - y) * (1 + 1 / el.z) / 12
        return Bremsstrahlung.lpmBracket(el, k: k, totalEnergy: e, lpmEnergy: lpmEnergyMeV, densityCorrection: kp * kp)
            / unsuppressed
    }

    /// Radiative energy loss over all photon energies with LPM over without, at kinetic energy T:
    /// X0 / X0_eff, the LPM change of the radiation length.
    public func radiativeLossRatio(kineticEnergyMeV t: Double) -> Double {
        ratio { el, lpm in
            Bremsstrahlung.restrictedLoss(el, kineticEnergy: t, kCut: t, plasmaEnergy: plasmaEnergyMeV, lpmEnergy: lpm)
        }
    }

    /// Bremsstrahlung cross-section above the photon energy kCut with LPM over without.
    public func bremsstrahlungCrossSectionRatio(kineticEnergyMeV t: Double, cutMeV kCut: Double) -> Double {
        ratio { el, lpm in
            Bremsstrahlung.crossSection(el, kineticEnergy: t, kCut: kCut, plasmaEnergy: plasmaEnergyMeV, lpmEnergy: lpm)
        }
    }

    /// Pair-production cross-section with LPM over the integrated Bethe-Heitler one without.
    public func pairCrossSectionRatio(photonEnergyMeV e: Double) -> Double {
        ratio { el, lpm in PairProduction.integratedCrossSection(el, photonEnergy: e, lpmEnergy: lpm) }
    }

    /// sum_j n_j f(el_j, E_LPM) / sum_j n_j f(el_j, nil).
    private func ratio(_ f: (ElementConstants, Double?) -> Double) -> Double {
        var with = 0.0, without = 0.0
        for (el, n) in zip(elements, atomDensities) {
            with += n * f(el, lpmEnergyMeV)
            without += n * f(el, nil)
        }
        return with / without
    }
}
