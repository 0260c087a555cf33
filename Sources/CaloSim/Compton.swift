import CaloSupport
import Foundation

/// Compton scattering off free electrons (docs/physics.md §6): the empirical per-atom
/// cross-section of Geant4 `G4KleinNishinaCompton::ComputeCrossSectionPerAtom` and the
/// Butcher-Messel sampler of the Klein-Nishina distribution (`SampleSecondaries`).
enum Compton {
    private static let d: [Double] = [2.7965e-1, -1.8300e-1, 6.7527, -1.9798e+1]
    private static let e: [Double] = [1.9756e-5, -1.0205e-2, -7.3913e-2, 2.7079e-2]
    private static let f: [Double] = [-3.9178e-7, 6.8241e-5, 6.0480e-5, 3.0274e-4]

    /// Cross-section per atom, mm^2, photon energy in MeV.
    static func crossSection(z: Double, photonEnergy energy: Double) -> Double {
        let mc2 = PhysicsConstants.electronMass
        let t0 = z < 1.5 ? 0.040 : 0.015
        let p = (0..<4).map { i in z * (d[i] + e[i] * z + f[i] * z * z) }
        func fit(_ x: Double) -> Double {
            p[0] * log(1 + 2 * x) / x + (p[1] + p[2] * x + p[3] * x * x) / (1 + 20 * x + 230 * x * x + 440 * x * x * x)
        }
        var sigma = fit(max(energy, t0) / mc2)
        if energy < t0 {
            let dt0 = 0.001
            let sigma1 = fit((t0 + dt0) / mc2)
            let c1 = -t0 * (sigma1 - sigma) / (sigma * dt0)
            let c2 = z > 1.5 ? 0.375 - 0.0556 * log(z) : 0.150
            let y = log(energy / t0)
            sigma *= exp(-y * (c1 + c2 * y))
        }
        return max(sigma, 0) * PhysicsConstants.barn
    }

    /// Samples epsilon = E'/E and returns (epsilon, cos theta of the scattered photon).
    @inline(__always)
    static func sample(photonEnergy energy: Double, rng: inout Philox) -> (epsilon: Double, cosTheta: Double) {
        let k = energy / PhysicsConstants.electronMass
        let eps0 = 1 / (1 + 2 * k)
        let eps0sq = eps0 * eps0
        let alpha1 = -log(eps0)
        let alpha2 = 0.5 * (1 - eps0sq)
        var eps: Double, t: Double
        while true {
            if alpha1 / (alpha1 + alpha2) > rng.uniform() {
                eps = exp(-alpha1 * rng.uniform())
            } else {
                eps = (eps0sq + (1 - eps0sq) * rng.uniform()).squareRoot()
            }
            let epssq = eps * eps
            t = (1 - eps) / (eps * k)
            let sin2 = t * (2 - t)
            let g = 1 - eps * sin2 / (1 + epssq)
            if g >= rng.uniform() { break }
        }
        return (eps, 1 - t)
    }
}
