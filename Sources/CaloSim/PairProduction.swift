import CaloSupport
import Foundation

/// Photon conversion to e+e- in the field of a nucleus (docs/physics.md §5): the Hubbell-Gimm-Overbo
/// fit of the total cross-section (Geant4 `G4PairProductionRelModel::ComputeParametrizedXSectionPerAtom`)
/// and the Bethe-Heitler energy-sharing sampler with screening and Coulomb correction
/// (modified Butcher-Messel, G4 `G4PairProductionRelModel::SampleSecondaries`). No LPM.
enum PairProduction {
    private static let a: [Double] = [8.7842e+2, -1.9625e+3, 1.2949e+3, -2.0028e+2, 1.2575e+1, -2.8333e-1]
    private static let b: [Double] = [-1.0342e+1, 1.7692e+1, -8.2381, 1.3063, -9.0815e-2, 2.3586e-3]
    private static let c: [Double] = [-4.5263e+2, 1.1161e+3, -8.6749e+2, 2.1773e+2, -2.0467e+1, 6.5372e-1]

    /// Total cross-section per atom, mm^2, for photon energy E (MeV).
    static func crossSection(z: Double, photonEnergy e: Double) -> Double {
        let mc2 = PhysicsConstants.electronMass
        if e <= 2 * mc2 { return 0 }
        let low = 1.5
        let x = log(max(e, low) / mc2)
        var f1 = 0.0, f2 = 0.0, f3 = 0.0, xi = 1.0
        for i in 0..<6 {
            f1 += a[i] * xi; f2 += b[i] * xi; f3 += c[i] * xi
            xi *= x
        }
        var sigma = (z + 1) * (f1 * z + f2 * z * z + f3) * 1e-6 * PhysicsConstants.barn
        if e < low {
            let r = (e - 2 * mc2) / (low - 2 * mc2)
            sigma *= r * r
        }
        return max(sigma, 0)
    }

    @inline(__always)
    private static func screening1(_ d: Double) -> Double {
        d > 1.4 ? 42.038 - 8.29 * log(d + 0.958) : 42.184 - d * (7.444 - 1.623 * d)
    }

    @inline(__always)
    private static func screening2(_ d: Double) -> Double {
        d > 1.4 ? 42.038 - 8.29 * log(d + 0.958) : 41.326 - d * (5.848 - 0.902 * d)
    }

    /// Samples the total-energy fraction epsilon of the electron (the positron gets 1 - epsilon),
    /// charge assignment included.
    @inline(__always)
    static func sampleEpsilon(_ el: ElementConstants, photonEnergy e: Double, rng: inout Philox) -> Double {
        let eps0 = PhysicsConstants.electronMass / e
        var eps: Double
        if e < 2 {
            eps = eps0 + (0.5 - eps0) * rng.uniform()
        } else {
            let fz = 8 * (el.lnZ / 3) + (e > 50 ? 8 * el.coulomb : 0)
            let deltaFactor = 136 * eps0 / el.zThird
            let deltaMin = 4 * deltaFactor
            let deltaMax = exp((42.038 - fz) / 8.29) - 0.958
            let epsP = 0.5 - 0.5 * (max(0, 1 - deltaMin / deltaMax)).squareRoot()
            let epsMin = max(eps0, epsP)
            let epsRange = 0.5 - epsMin
            let f10 = screening1(deltaMin) - fz
            let f20 = screening2(deltaMin) - fz
            let n1 = max(f10 * epsRange * epsRange, 0)
            let n2 = max(1.5 * f20, 0)
            let p1 = n1 / (n1 + n2)
            while true {
                let r0 = rng.uniform(), r1 = rng.uniform(), r2 = rng.uniform()
                let g: Double
                if r0 < p1 {
                    eps = 0.5 - epsRange * pow(r1, 1.0 / 3)
                    g = (screening1(deltaFactor / (eps * (1 - eps))) - fz) / f10
                } else {
                    eps = epsMin + epsRange * r1
                    g = (screening2(deltaFactor / (eps * (1 - eps))) - fz) / f20
                }
                if r2 <= g { break }
            }
        }
        if rng.uniform() < 0.5 { eps = 1 - eps }
        return min(max(eps, eps0), 1 - eps0)
    }
}
