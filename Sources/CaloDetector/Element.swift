import CaloSupport

/// A chemical element with the constants the detector description and the physics need.
///
/// Values as Geant4 builds its NIST materials (`G4NistMaterialBuilder.cc`), ICRU-37 mean
/// excitation energies; see `docs/physics.md` §2.1.
public struct Element: Sendable, Hashable, CustomStringConvertible {
    /// Chemical symbol ("Pb").
    public let symbol: String
    /// Atomic number.
    public let z: Int
    /// Molar mass in g/mol.
    public let molarMass: Double
    /// Mean excitation energy of the element in eV (ICRU-37).
    public let meanExcitationEnergyEV: Double

    public init(symbol: String, z: Int, molarMass: Double, meanExcitationEnergyEV: Double) {
        require(z >= 1 && molarMass > 0 && meanExcitationEnergyEV > 0, "Element \(symbol): bad constants")
        self.symbol = symbol
        self.z = z
        self.molarMass = molarMass
        self.meanExcitationEnergyEV = meanExcitationEnergyEV
    }

    public var description: String { symbol }

    /// The built-in elements, by symbol.
    public static let table: [String: Element] = {
        let list = [
            Element(symbol: "H", z: 1, molarMass: 1.00794, meanExcitationEnergyEV: 19.2),
            Element(symbol: "C", z: 6, molarMass: 12.0107, meanExcitationEnergyEV: 81.0),
            Element(symbol: "N", z: 7, molarMass: 14.0067, meanExcitationEnergyEV: 82.0),
            Element(symbol: "O", z: 8, molarMass: 15.9994, meanExcitationEnergyEV: 95.0),
            Element(symbol: "Al", z: 13, molarMass: 26.9815, meanExcitationEnergyEV: 166.0),
            Element(symbol: "Si", z: 14, molarMass: 28.0855, meanExcitationEnergyEV: 173.0),
            Element(symbol: "Ar", z: 18, molarMass: 39.948, meanExcitationEnergyEV: 188.0),
            Element(symbol: "Fe", z: 26, molarMass: 55.845, meanExcitationEnergyEV: 286.0),
            Element(symbol: "Cu", z: 29, molarMass: 63.546, meanExcitationEnergyEV: 322.0),
            Element(symbol: "W", z: 74, molarMass: 183.84, meanExcitationEnergyEV: 727.0),
            Element(symbol: "Pb", z: 82, molarMass: 207.2, meanExcitationEnergyEV: 823.0),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.symbol, $0) })
    }()
}
