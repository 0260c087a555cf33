import CaloDetector
import CaloSupport
import Foundation

/// Electron and positron ionisation (docs/physics.md §9): the restricted Berger-Seltzer stopping
/// power, Moller (e-e-) and Bhabha (e+e-) cross-sections for delta rays above the cut, and their
/// samplers, as Geant4 `G4MollerBhabhaModel` (`ComputeDEDXPerVolume`,
/// `ComputeCrossSectionPerElectron`, `SampleSecondaries`).
enum Ionisation {
    /// Material constants of the stopping-power formulas.
    struct MaterialData: Sendable {
        let material: Material
        /// Electrons per mm^3.
        let electronDensity: Double
        /// (I / mc^2)^2.
        let excitationSquared: Double
        /// Below th = 0.25 sqrt(Z_eff) keV the stopping power is extrapolated (G4), MeV.
        let lowEnergyThreshold: Double

        init(_ material: Material) {
            self.material = material
            electronDensity = material.electronDensityPerCm3 * 1e-3
            let i = material.meanExcitationEnergyEV * 1e-6 / PhysicsConstants.electronMass
            excitationSquared = i * i
            let zEff = material.components.reduce(0) { $0 + $1.massFraction * Double($1.element.z) }
            lowEnergyThreshold = 0.25 * zEff.squareRoot() * 1e-3
        }
    }

    /// Restricted collision stopping power, MeV/mm, for energy transfers below `cut` (MeV).
    static func restrictedStoppingPower(_ m: MaterialData, kineticEnergy: Double, cut: Double, positron: Bool) -> Double {
        let mc2 = PhysicsConstants.electronMass
        let tkin = max(kineticEnergy, m.lowEnergyThreshold)
        let tau = tkin / mc2
        let gam = tau + 1
        let gamma2 = gam * gam
        let bg2 = tau * (tau + 2)
        let beta2 = bg2 / gamma2
        let tMax = positron ? tkin : 0.5 * tkin
        let d = min(cut, tMax) / mc2
        var dedx: Double
        if !positron {
            dedx = log(2 * (tau + 2) / m.excitationSquared) - 1 - beta2 + log((tau - d) * d) + tau / (tau - d)
                + (0.5 * d * d + (2 * tau + 1) * log(1 - d / tau)) / gamma2
        } else {
            let d2 = d * d * 0.5, d3 = d2 * d / 1.5, d4 = d3 * d * 0.75
            let y = 1 / (1 + gam)
            dedx = log(2 * (tau + 2) / m.excitationSquared) + log(tau * d)
                - beta2 * (tau + 2 * d - y * (3 * d2 + y * (d - d3 + y * (d2 - tau * d3 + d4)))) / tau
        }
        dedx -= m.material.densityCorrection(log10BetaGamma: 0.5 * log10(bg2))
        dedx *= PhysicsConstants.twoPiMc2Re2 * m.electronDensity / beta2
        dedx = max(dedx, 0)
        if kineticEnergy < m.lowEnergyThreshold {
            let x = kineticEnergy / m.lowEnergyThreshold
            dedx = x > 0.25 ? dedx / x.squareRoot() : dedx * 1.4 * x.squareRoot() / (0.1 + x)
        }
        return dedx
    }

    /// Unrestricted collision stopping power (ICRU-37 form, docs/physics.md §9.3), MeV/mm.
    static func totalStoppingPower(_ m: MaterialData, kineticEnergy t: Double, positron: Bool) -> Double {
        let tau = t / PhysicsConstants.electronMass
        let gam = tau + 1
        let bg2 = tau * (tau + 2)
        let beta2 = bg2 / (gam * gam)
        let f: Double
        if positron {
            let y = tau + 2
            f = 2 * log(2.0) - beta2 / 12 * (23 + 14 / y + 10 / (y * y) + 4 / (y * y * y))
        } else {
            f = 1 - beta2 + (tau * tau / 8 - (2 * tau + 1) * log(2.0)) / (gam * gam)
        }
        let l = log(tau * tau * (tau + 2) / (2 * m.excitationSquared)) + f
            - m.material.densityCorrection(log10BetaGamma: 0.5 * log10(bg2))
        return PhysicsConstants.twoPiMc2Re2 * m.electronDensity / beta2 * l
    }

    /// Delta-ray cross-section per target electron, mm^2, for transfers above `cut`.
    static func crossSectionPerElectron(kineticEnergy t: Double, cut: Double, positron: Bool) -> Double {
        let tMax = positron ? t : 0.5 * t
        if cut >= tMax { return 0 }
        let xmin = cut / t, xmax = tMax / t
        let tau = t / PhysicsConstants.electronMass
        let gam = tau + 1
        let gamma2 = gam * gam
        let beta2 = tau * (tau + 2) / gamma2
        var cross: Double
        if !positron {
            let gg = (2 * gam - 1) / gamma2
            cross = ((xmax - xmin) * (1 - gg + 1 / (xmin * xmax) + 1 / ((1 - xmin) * (1 - xmax)))
                - gg * log(xmax * (1 - xmin) / (xmin * (1 - xmax)))) / beta2
        } else {
            let y = 1 / (1 + gam), y2 = y * y, y12 = 1 - 2 * y
            let b1 = 2 - y2, b2 = y12 * (3 + y2), y122 = y12 * y12, b4 = y122 * y12, b3 = b4 + y122
            cross = (xmax - xmin) * (1 / (beta2 * xmin * xmax) + b2 - 0.5 * b3 * (xmin + xmax)
                + b4 * (xmin * xmin + xmin * xmax + xmax * xmax) / 3) - b1 * log(xmax / xmin)
        }
        return max(0, cross * PhysicsConstants.twoPiMc2Re2 / t)
    }

    /// Samples the delta-ray kinetic energy (MeV) for a projectile of kinetic energy T.
    @inline(__always)
    static func sampleDeltaEnergy(kineticEnergy t: Double, cut: Double, positron: Bool, rng: inout Philox) -> Double {
        let tMax = positron ? t : 0.5 * t
        let xmin = cut / t, xmax = tMax / t
        let tau = t / PhysicsConstants.electronMass
        let gam = tau + 1
        let gamma2 = gam * gam
        let beta2 = tau * (tau + 2) / gamma2
        var x: Double
        if !positron {
            let gg = (2 * gam - 1) / gamma2
            var y = 1 - xmax
            let grej = 1 - gg * xmax + xmax * xmax * (1 - gg + (1 - gg * y) / (y * y))
            while true {
                let r0 = rng.uniform(), r1 = rng.uniform()
                x = xmin * xmax / (xmin * (1 - r0) + xmax * r0)
                y = 1 - x
                let z = 1 - gg * x + x * x * (1 - gg + (1 - gg * y) / (y * y))
                if grej * r1 <= z { break }
            }
        } else {
            let yy = 1 / (1 + gam), y2 = yy * yy, y12 = 1 - 2 * yy
            let b1 = 2 - y2, b2 = y12 * (3 + y2), y122 = y12 * y12, b4 = y122 * y12, b3 = b4 + y122
            let xm2 = xmax * xmax
            let grej = 1 + (xm2 * xm2 * b4 - xmin * xmin * xmin * b3 + xm2 * b2 - xmin * b1) * beta2
            while true {
                let r0 = rng.uniform(), r1 = rng.uniform()
                x = xmin * xmax / (xmin * (1 - r0) + xmax * r0)
                let y = x * x
                let z = 1 + (y * y * b4 - x * y * b3 + y * b2 - x * b1) * beta2
                if grej * r1 <= z { break }
            }
        }
        return x * t
    }
}
