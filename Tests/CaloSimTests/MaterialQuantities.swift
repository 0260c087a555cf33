@testable import CaloSim
import CaloDetector
import XCTest

/// Material-level quantities that the material tests compare with published tables (PDG, NIST),
/// computed from the simulator's own formulas (docs/physics.md §2, §4, §9).
enum MaterialQuantities {
    /// Minimum of the Bethe stopping power of a muon, MeV cm^2/g: the PDG "minimum ionising"
    /// value, which checks I, Z/A and the density effect the electron tables share.
    static func minimumIonisation(_ m: Material) -> Double {
        let mc2 = PhysicsConstants.electronMass, mass = 105.6583755
        let i = m.meanExcitationEnergyEV * 1e-6
        let za = m.components.reduce(0) { $0 + $1.massFraction * Double($1.element.z) / $1.element.molarMass }
        var best = Double.infinity
        var bg = 0.5
        while bg < 50 {
            let g = (1 + bg * bg).squareRoot(), b2 = bg * bg / (g * g)
            let tMax = 2 * mc2 * bg * bg / (1 + 2 * g * mc2 / mass + (mc2 / mass) * (mc2 / mass))
            let l = 0.5 * log(2 * mc2 * bg * bg * tMax / (i * i)) - b2 - 0.5 * m.densityCorrection(log10BetaGamma: log10(bg))
            best = min(best, 0.307075 * za / b2 * l)
            bg *= 1.01
        }
        return best
    }

    /// Rossi critical energy, MeV: (dE/dx)_coll(E_c) X0 = E_c, by bisection on 1-100 MeV.
    static func criticalEnergy(_ m: Material, positron: Bool) -> Double {
        let data = Ionisation.MaterialData(m)
        var lo = 1.0, hi = 100.0
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            let f = Ionisation.totalStoppingPower(data, kineticEnergy: mid, positron: positron) * m.radiationLengthMM - mid
            if f > 0 { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// Total radiative loss of an e- of kinetic energy t (MeV) times X0 over its total energy:
    /// 1 in Tsai's complete-screening limit (PDG).
    static func radiativeLossTimesX0OverE(_ m: Material, kineticEnergy t: Double) -> Double {
        var loss = 0.0
        for (j, c) in m.components.enumerated() {
            let n = m.atomDensitiesPerCm3[j] * 1e-3
            loss += n * Bremsstrahlung.restrictedLoss(ElementConstants(c.element), kineticEnergy: t, kCut: t,
                                                      plasmaEnergy: m.plasmaEnergyEV * 1e-6)
        }
        return loss / (t + PhysicsConstants.electronMass) * m.radiationLengthMM
    }
}

/// Asserts |got / want - 1| < tol, with a message that says how far off (in per cent).
func assertRelative(_ got: Double, _ want: Double, _ tol: Double, _ what: String,
                    file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertLessThan(abs(got / want - 1), tol, "\(what): \(got) vs \(want) (\(100 * (got / want - 1)) %)",
                      file: file, line: line)
}
