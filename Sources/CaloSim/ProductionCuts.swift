import CaloDetector
import Foundation

/// Conversion of a range cut into per-material energy thresholds, as Geant4
/// `G4VRangeToEnergyConverter`, `G4RToEConvForGamma`, `G4RToEConvForElectron`,
/// `G4RToEConvForPositron` (docs/physics.md §3): photons, the energy at which 5 absorption lengths
/// of an empirical absorption cross-section equal the cut; e±, the energy whose CSDA range under
/// an approximate dE/dx equals the cut. Grid: 1 keV to 10 GeV, 50 points per decade.
enum ProductionCuts {
    struct Thresholds: Sendable, Equatable {
        let gammaMeV: Double
        let electronMeV: Double
        let positronMeV: Double
    }

    static let lowestEnergy = 1e-3
    static let highestEnergy = 1e4
    static let binsPerDecade = 50

    /// The three thresholds for a range cut (mm) in a material.
    static func thresholds(rangeCutMM: Double, material: Material) -> Thresholds {
        Thresholds(gammaMeV: convert(rangeCutMM, material, kind: 0),
                   electronMeV: convert(rangeCutMM, material, kind: 1),
                   positronMeV: convert(rangeCutMM, material, kind: 2))
    }

    private static var energies: [Double] {
        let n = binsPerDecade * Int(log10(highestEnergy / lowestEnergy).rounded())
        return (0...n).map { lowestEnergy * pow(10, Double($0) / Double(binsPerDecade)) }
    }

    /// kind: 0 gamma, 1 e-, 2 e+.
    private static func convert(_ rangeCut: Double, _ material: Material, kind: Int) -> Double {
        let densities = material.atomDensitiesPerCm3.map { $0 * 1e-3 }  // per mm^3
        let zs = material.components.map { $0.element.z }
        let grid = energies
        var e1 = 0.0, e2 = 0.0, r1 = 0.0, r2 = 0.0
        if kind == 0 {
            for (i, e) in grid.enumerated() {
                e2 = e
                var sig = 0.0
                for j in 0..<zs.count { sig += densities[j] * gammaAbsorption(z: Double(zs[j]), energy: e) }
                r2 = sig > 0 ? 5 / sig : .greatestFiniteMagnitude
                if i == 0 || r2 < rangeCut { e1 = e2; r1 = r2 } else { break }
            }
        } else {
            var dedx1 = 0.0, range = 0.0
            for e in grid {
                e2 = e
                var dedx2 = 0.0
                for j in 0..<zs.count { dedx2 += densities[j] * approximateDEDX(z: Double(zs[j]), energy: e, positron: kind == 2) }
                range += (dedx1 + dedx2 > 0) ? 2 * (e2 - e1) / (dedx1 + dedx2) : 0
                r2 = range
                if r2 < rangeCut { e1 = e2; dedx1 = dedx2; r1 = r2 } else { break }
            }
        }
        var cut = r1 == r2 ? e1 : e1 + (e2 - e1) * (rangeCut - r1) / (r2 - r1)
        if kind != 0 {
            let tune = 0.025  // mm g/cm^3, with the cut in mm and rho in g/cm^3
            let low = 0.030
            if cut < low { cut /= (1 + (1 - cut / low) * tune / (rangeCut * material.densityGPerCm3)) }
        }
        return max(lowestEnergy, min(cut, highestEnergy))
    }

    /// Empirical photon absorption cross-section per atom, mm^2 (`G4RToEConvForGamma::ComputeValue`).
    static func gammaAbsorption(z: Double, energy e: Double) -> Double {
        let t1keV = 1e-3, t200keV = 0.2, t100MeV = 100.0
        let zsq = z * z, zlog = log(z), zlogsq = zlog * zlog
        let s200keV = (0.2651 - 0.1501 * zlog + 0.02283 * zlogsq) * zsq
        let tmin = (0.552 + 218.5 / z + 557.17 / zsq)
        let tlow = 0.2 * exp(-7.355 / z.squareRoot())
        let smin = (0.01239 + 0.005585 * zlog - 0.000923 * zlogsq) * exp(1.5 * zlog)
        let cmin = log(s200keV / smin) / (log(tmin / t200keV) * log(tmin / t200keV))
        let slow = s200keV * exp(0.042 * z * log(t200keV / tlow) * log(t200keV / tlow))
        let s1keV = 300 * zsq
        let clow = log(s1keV / slow) / log(tlow / t1keV)
        let chigh = (7.55e-5 - 0.0542e-5 * z) * zsq * z / log(t100MeV / tmin)
        let xs: Double
        if e < tlow {
            xs = e < t1keV ? slow * exp(clow * log(tlow / t1keV)) : slow * exp(clow * log(tlow / e))
        } else if e < t200keV {
            xs = s200keV * exp(0.042 * z * log(t200keV / e) * log(t200keV / e))
        } else if e < tmin {
            let x = log(tmin / e)
            xs = smin * exp(cmin * x * x)
        } else {
            xs = smin + chigh * log(e / tmin)
        }
        return xs * PhysicsConstants.barn
    }

    /// Approximate e± stopping power per atom (ionisation + 0.1 x bremsstrahlung estimate),
    /// MeV mm^2 (`G4RToEConvForElectron/Positron::ComputeValue`).
    static func approximateDEDX(z: Double, energy e: Double, positron: Bool) -> Double {
        let cbr1 = 0.02, cbr2 = -5.7e-5, cbr3 = 1.0, cbr4 = 0.072
        let tlow = 0.01, thigh = 1000.0
        let mass = PhysicsConstants.electronMass
        let bremFactor = 0.1
        let ionpot = 1.6e-5 * exp(0.9 * log(z)) / mass
        let ionpotlog = log(ionpot)
        func ionisation(_ tau: Double) -> Double {
            let t1 = tau + 1, t2 = tau + 2, tsq = tau * tau
            let beta2 = tau * t2 / (t1 * t1)
            let f: Double
            if positron {
                f = 2 * log(tau) - (6 * tau + 1.5 * tsq - tau * (1 - tsq / 3) / t2 - tsq * (0.5 - tsq / 12) / (t2 * t2)) / (t1 * t1)
            } else {
                f = 1 - beta2 + log(tsq / 2) + (0.5 + 0.25 * tsq + (1 + 2 * tau) * log(0.5)) / (t1 * t1)
            }
            return (log(2 * tau + 4) - 2 * ionpotlog + f) / beta2 * PhysicsConstants.twoPiMc2Re2 * z
        }
        if e < tlow {
            let taul = tlow / mass
            let clow = ionisation(taul) * taul.squareRoot()
            return clow / (e / mass).squareRoot()
        }
        let tau = e / mass
        var dedx = ionisation(tau)
        let t1 = tau + 1
        let beta2 = tau * (tau + 2) / (t1 * t1)
        var cbrem = (cbr1 + cbr2 * z) * (cbr3 + cbr4 * log(e / thigh))
        cbrem = z * (z + 1) * cbrem * tau / beta2
        cbrem *= bremFactor
        dedx += PhysicsConstants.twoPiMc2Re2 * cbrem
        return dedx
    }
}
