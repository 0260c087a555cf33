import CaloSupport
import Foundation

/// A homogeneous material: elements by mass fraction, density and mean excitation energy.
public struct Material: Sendable, Hashable, CustomStringConvertible {
    /// One element of a material and its share of the mass.
    public struct Component: Sendable, Hashable {
        public let element: Element
        /// Mass fraction in [0, 1]; the fractions of a material sum to 1.
        public let massFraction: Double
    }

    /// Sternheimer density-effect parameters (Sternheimer, Berger, Seltzer, ADNDT 30 (1984) 261).
    ///
    /// delta(x) = 4.6052 x - cBar + a (x1 - x)^m for x0 <= x < x1; 4.6052 x - cBar above x1;
    /// delta0 * 10^(2(x - x0)) below x0, with x = log10(beta gamma).
    public struct DensityEffect: Sendable, Hashable {
        public let cBar: Double, x0: Double, x1: Double, a: Double, m: Double, delta0: Double
        public init(cBar: Double, x0: Double, x1: Double, a: Double, m: Double, delta0: Double) {
            self.cBar = cBar; self.x0 = x0; self.x1 = x1; self.a = a; self.m = m; self.delta0 = delta0
        }
    }

    public let name: String
    /// Density in g/cm^3.
    public let densityGPerCm3: Double
    public let components: [Component]
    /// Mean excitation energy in eV (tabulated, or by Bragg additivity for compounds).
    public let meanExcitationEnergyEV: Double
    /// Tabulated density-effect parameters, or the general Sternheimer-Peierls recipe.
    public let densityEffect: DensityEffect

    public var description: String { name }

    /// Builds a material from mass fractions (normalised here).
    public init(name: String, densityGPerCm3: Double, massFractions: [(Element, Double)],
                meanExcitationEnergyEV: Double? = nil, densityEffect: DensityEffect? = nil) {
        require(densityGPerCm3 > 0, "Material \(name): density must be > 0")
        require(!massFractions.isEmpty, "Material \(name): no elements")
        let total = massFractions.reduce(0) { $0 + $1.1 }
        require(total > 0, "Material \(name): mass fractions sum to 0")
        self.name = name
        self.densityGPerCm3 = densityGPerCm3
        let components = massFractions.map { Component(element: $0.0, massFraction: $0.1 / total) }
        self.components = components
        // Bragg additivity: ln I = sum w_j (Z/A)_j ln I_j / sum w_j (Z/A)_j (ICRU-37).
        let meanI = meanExcitationEnergyEV ?? {
            var num = 0.0, den = 0.0
            for c in components {
                let za = c.massFraction * Double(c.element.z) / c.element.molarMass
                num += za * log(c.element.meanExcitationEnergyEV)
                den += za
            }
            return exp(num / den)
        }()
        self.meanExcitationEnergyEV = meanI
        self.densityEffect = densityEffect ?? Material.sternheimerPeierls(
            meanExcitationEnergyEV: meanI, electronDensityPerCm3: Material.electronDensity(components, densityGPerCm3))
    }

    /// Builds a compound from atom counts per formula unit (PbWO4: Pb 1, W 1, O 4).
    public init(name: String, densityGPerCm3: Double, atomCounts: [(Element, Double)],
                meanExcitationEnergyEV: Double? = nil, densityEffect: DensityEffect? = nil) {
        self.init(name: name, densityGPerCm3: densityGPerCm3,
                  massFractions: atomCounts.map { ($0.0, $0.1 * $0.0.molarMass) },
                  meanExcitationEnergyEV: meanExcitationEnergyEV, densityEffect: densityEffect)
    }

    /// Avogadro's number, 1/mol (CODATA 2018, exact).
    public static let avogadro = 6.02214076e23

    static func electronDensity(_ components: [Component], _ rho: Double) -> Double {
        components.reduce(0) { $0 + $1.massFraction * Double($1.element.z) / $1.element.molarMass } * rho * avogadro
    }

    /// Electrons per cm^3: n_e = rho N_A sum w_j Z_j / A_j.
    public var electronDensityPerCm3: Double { Material.electronDensity(components, densityGPerCm3) }

    /// Atoms of each element per cm^3, in `components` order: n_j = rho N_A w_j / A_j.
    public var atomDensitiesPerCm3: [Double] {
        components.map { densityGPerCm3 * Material.avogadro * $0.massFraction / $0.element.molarMass }
    }

    /// Plasma energy hbar omega_p = 28.816 sqrt(rho <Z/A>) eV (PDG).
    public var plasmaEnergyEV: Double {
        let za = components.reduce(0) { $0 + $1.massFraction * Double($1.element.z) / $1.element.molarMass }
        return 28.816 * (densityGPerCm3 * za).squareRoot()
    }

    /// The general Sternheimer-Peierls recipe for condensed materials without tabulated values
    /// (docs/physics.md §2.3): -C = 2 ln(I / hbar omega_p) + 1, m = 3, a from continuity at x0.
    static func sternheimerPeierls(meanExcitationEnergyEV i: Double, electronDensityPerCm3 ne: Double) -> DensityEffect {
        // hbar omega_p = sqrt(4 pi n_e r_e^3) m c^2 / alpha.
        let re = 2.8179403262e-13, mc2EV = 0.51099895e6, alpha = 1 / 137.035999084
        let plasma = (4 * Double.pi * ne * re * re * re).squareRoot() * mc2EV / alpha
        let cBar = 2 * log(i / plasma) + 1
        let x0: Double, x1: Double
        if i < 100 {
            (x0, x1) = cBar <= 3.681 ? (0.2, 2.0) : (0.326 * cBar - 1.0, 2.0)
        } else {
            (x0, x1) = cBar <= 5.215 ? (0.2, 3.0) : (0.326 * cBar - 1.5, 3.0)
        }
        let m = 3.0
        let a = (cBar - 4.6052 * x0) / pow(x1 - x0, m)
        return DensityEffect(cBar: cBar, x0: x0, x1: x1, a: a, m: m, delta0: 0)
    }

    /// Density correction delta(x), x = log10(beta gamma).
    public func densityCorrection(log10BetaGamma x: Double) -> Double {
        let d = densityEffect
        if x >= d.x1 { return 4.6052 * x - d.cBar }
        if x >= d.x0 { return 4.6052 * x - d.cBar + d.a * pow(d.x1 - x, d.m) }
        return d.delta0 * pow(10, 2 * (x - d.x0))
    }
}
