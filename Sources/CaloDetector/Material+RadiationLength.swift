import Foundation

extension Element {
    /// Coulomb correction f(Z) = a^2 [1/(1+a^2) + 0.20206 - 0.0369 a^2 + 0.0083 a^4 - 0.002 a^6],
    /// a = alpha Z (Davies-Bethe-Maximon; Geant4 `G4Element::ComputeCoulombFactor`).
    public var coulombCorrection: Double {
        let a2 = pow(Double(z) / 137.035999084, 2)
        return a2 * (1 / (1 + a2) + 0.20206 - 0.0369 * a2 + 0.0083 * a2 * a2 - 0.002 * a2 * a2 * a2)
    }

    /// Tsai's radiation logarithms (L_rad, L'_rad); table values for Z <= 4 (`G4Element.cc`).
    public var radiationLogarithms: (lRad: Double, lRadPrime: Double) {
        switch z {
        case 1: return (5.31, 6.144)
        case 2: return (4.79, 5.621)
        case 3: return (4.74, 5.805)
        case 4: return (4.71, 5.924)
        default:
            let zd = Double(z)
            return (log(184.15 * pow(zd, -1.0 / 3)), log(1194 * pow(zd, -2.0 / 3)))
        }
    }

    /// Radiation length in g/cm^2 (Tsai; PDG "Passage of particles through matter"):
    /// 1/X0 = (4 alpha r_e^2 N_A / A) { Z^2 [L_rad - f(Z)] + Z L'_rad }.
    public var radiationLengthGPerCm2: Double {
        let alpha = 1 / 137.035999084, re = 2.8179403262e-13
        let (lRad, lRadPrime) = radiationLogarithms
        let zd = Double(z)
        let inv = 4 * alpha * re * re * Material.avogadro / molarMass
            * (zd * zd * (lRad - coulombCorrection) + zd * lRadPrime)
        return 1 / inv
    }
}

extension Material {
    /// Radiation length in g/cm^2: 1/X0 = sum_j w_j / X0_j (PDG).
    public var radiationLengthGPerCm2: Double {
        1 / components.reduce(0) { $0 + $1.massFraction / $1.element.radiationLengthGPerCm2 }
    }

    /// Radiation length in mm.
    public var radiationLengthMM: Double { 10 * radiationLengthGPerCm2 / densityGPerCm3 }
}
