import Foundation

/// Physical constants in the simulator's units: MeV, mm (docs/physics.md §1; CODATA 2018).
enum PhysicsConstants {
    /// Electron rest energy m_e c^2, MeV.
    static let electronMass = 0.51099895
    /// Classical electron radius r_e, mm.
    static let classicalElectronRadius = 2.8179403262e-12
    /// Fine-structure constant.
    static let alpha = 1 / 137.035999084
    /// hbar c in MeV mm.
    static let hbarC = 197.3269804e-12
    /// Bohr radius in mm.
    static let bohrRadius = 0.529177210903e-7
    /// Avogadro's number, 1/mol.
    static let avogadro = 6.02214076e23
    /// 2 pi r_e^2 m_e c^2, MeV mm^2 (the Bethe prefactor per electron).
    static let twoPiMc2Re2 = 2 * Double.pi * electronMass * classicalElectronRadius * classicalElectronRadius
    /// One barn in mm^2.
    static let barn = 1e-22
}
