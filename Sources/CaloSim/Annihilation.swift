import CaloSupport
import Foundation

/// Two-photon positron annihilation (docs/physics.md §8): Heitler's cross-section per electron
/// (Geant4 `G4eeToTwoGammaModel::ComputeCrossSectionPerElectron`) and the in-flight sampler of
/// G4 <= 11.1; at rest, two back-to-back 511 keV photons.
enum Annihilation {
    /// Cross-section per target electron, mm^2, positron kinetic energy T (MeV).
    static func crossSectionPerElectron(kineticEnergy t: Double) -> Double {
        let re = PhysicsConstants.classicalElectronRadius
        let g = 1 + max(t, 1e-7) / PhysicsConstants.electronMass
        let g2 = g * g
        let s = (g2 - 1).squareRoot()
        return Double.pi * re * re * ((g2 + 4 * g + 1) * log(g + s) - (g + 3) * s) / ((g2 - 1) * (g + 1))
    }

    /// Samples the first photon's share epsilon of T + 2 mc^2 and its cos(theta) to the positron.
    @inline(__always)
    static func sampleInFlight(kineticEnergy t: Double, rng: inout Philox) -> (epsilon: Double, cosTheta: Double) {
        let tau = t / PhysicsConstants.electronMass
        let g = tau + 1
        let tau2 = tau + 2
        let root = (tau / tau2).squareRoot()
        let epsMin = 0.5 - 0.5 * root
        let epsMax = 0.5 + 0.5 * root
        let ratio = epsMax / epsMin
        var eps: Double
        while true {
            eps = epsMin * pow(ratio, rng.uniform())
            let gfun = 1 - eps + (2 * g * eps - 1) / (eps * tau2 * tau2)
            if gfun >= rng.uniform() { break }
        }
        let cost = min(1, max(-1, (eps * tau2 - 1) / (eps * (tau * tau2).squareRoot())))
        return (eps, cost)
    }
}
