import CaloSupport
import Foundation

/// Polar angle of bremsstrahlung photons and pair leptons: Urban's fit to Tsai's distribution
/// (docs/physics.md §4; Geant4 `G4ModifiedTsai`). Typical angles are m_e c^2 / E.
enum ModifiedTsai {
    /// Samples cos(theta) for a lepton of kinetic energy T (MeV).
    @inline(__always)
    static func sampleCosTheta(kineticEnergy t: Double, rng: inout Philox) -> Double {
        let uMax = 2 * (1 + t / PhysicsConstants.electronMass)
        var u: Double
        repeat {
            let uu = -log(rng.uniform() * rng.uniform())
            u = rng.uniform() < 0.25 ? 1.6 * uu : (1.6 / 3) * uu
        } while u > uMax
        return 1 - 2 * u * u / (uMax * uMax)
    }
}
