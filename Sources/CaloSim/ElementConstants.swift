import CaloDetector
import Foundation

/// Per-element constants the samplers need, precomputed once (docs/physics.md §4, §5, §11).
struct ElementConstants: Sendable {
    let z: Double
    let lnZ: Double
    /// Z^(1/3) and Z^(2/3).
    let zThird: Double
    let zTwoThirds: Double
    /// Coulomb correction f(Z) (`Element.coulombCorrection`).
    let coulomb: Double
    /// Tsai's L_el = ln(184.15 Z^-1/3) and L_inel = ln(1194 Z^-2/3) (table values for Z < 5).
    let lEl: Double
    let lInel: Double
    /// Thomas-Fermi radius a_TF = 0.88534 a0 Z^(-1/3), mm.
    let thomasFermiRadius: Double
    /// Migdal's s1 = (Z^(1/3)/184.15)^2 of the LPM xi(s) in bremsstrahlung, ln s1 and
    /// ln(sqrt2 s1); and ln(sqrt2 s1) with 184 for pair production, as Geant4
    /// (`LPMFunctions`, docs/physics.md §4.1, §5.1).
    let lpmS1: Double
    let lpmLogS1: Double
    let lpmLogSqrt2S1: Double
    let pairLPMS1: Double
    let pairLPMLogSqrt2S1: Double

    init(_ element: Element) {
        z = Double(element.z)
        lnZ = log(z)
        zThird = pow(z, 1.0 / 3)
        zTwoThirds = zThird * zThird
        coulomb = element.coulombCorrection
        let logs = element.radiationLogarithms
        lEl = logs.lRad
        lInel = logs.lRadPrime
        thomasFermiRadius = 0.88534 * PhysicsConstants.bohrRadius / zThird
        lpmS1 = zTwoThirds / (184.15 * 184.15)
        lpmLogS1 = log(lpmS1)
        lpmLogSqrt2S1 = log(2.squareRoot() * lpmS1)
        pairLPMS1 = zTwoThirds / (184.0 * 184.0)
        pairLPMLogSqrt2S1 = log(2.squareRoot() * pairLPMS1)
    }
}
