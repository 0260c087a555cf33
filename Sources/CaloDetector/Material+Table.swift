extension Material {
    private static func el(_ s: String) -> Element { Element.table[s]! }

    /// The built-in materials by name (with Geant4-style aliases such as "G4_Pb").
    ///
    /// Densities and I as Geant4's NIST builder; density-effect parameters from
    /// `G4DensityEffectData.cc` where tabulated (docs/physics.md §2.3), otherwise the general
    /// Sternheimer-Peierls recipe.
    public static let table: [String: Material] = {
        let list: [Material] = [
            Material(name: "Pb", densityGPerCm3: 11.35, massFractions: [(el("Pb"), 1)],
                     densityEffect: .init(cBar: 6.2018, x0: 0.3776, x1: 3.8073, a: 0.09359, m: 3.1608, delta0: 0.14)),
            Material(name: "W", densityGPerCm3: 19.30, massFractions: [(el("W"), 1)],
                     densityEffect: .init(cBar: 5.4059, x0: 0.2167, x1: 3.496, a: 0.15509, m: 2.8447, delta0: 0.14)),
            Material(name: "Si", densityGPerCm3: 2.33, massFractions: [(el("Si"), 1)],
                     densityEffect: .init(cBar: 4.4351, x0: 0.2014, x1: 2.8715, a: 0.14921, m: 3.2546, delta0: 0.14)),
            Material(name: "Fe", densityGPerCm3: 7.874, massFractions: [(el("Fe"), 1)],
                     densityEffect: .init(cBar: 4.2911, x0: -0.0012, x1: 3.1531, a: 0.14680, m: 2.9632, delta0: 0.12)),
            Material(name: "Cu", densityGPerCm3: 8.96, massFractions: [(el("Cu"), 1)],
                     densityEffect: .init(cBar: 4.4190, x0: -0.0254, x1: 3.2792, a: 0.14339, m: 2.9044, delta0: 0.08)),
            Material(name: "Al", densityGPerCm3: 2.699, massFractions: [(el("Al"), 1)],
                     densityEffect: .init(cBar: 4.2395, x0: 0.1708, x1: 3.0127, a: 0.08024, m: 3.6345, delta0: 0.12)),
            // Liquid argon: not in the density-effect table; general recipe (docs/physics.md §2.3).
            Material(name: "LAr", densityGPerCm3: 1.396, massFractions: [(el("Ar"), 1)]),
            // PbWO4: O:W:Pb = 4:1:1 by atoms; I by Bragg additivity as Geant4 computes it.
            Material(name: "PbWO4", densityGPerCm3: 8.28, atomCounts: [(el("Pb"), 1), (el("W"), 1), (el("O"), 4)]),
        ]
        var table = Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
        let aliases = ["G4_Pb": "Pb", "G4_W": "W", "G4_Si": "Si", "G4_Fe": "Fe", "G4_Cu": "Cu", "G4_Al": "Al",
                       "G4_lAr": "LAr", "lAr": "LAr", "G4_PbWO4": "PbWO4"]
        for (alias, name) in aliases { table[alias] = table[name] }
        return table
    }()

    /// Names accepted in geometry files, sorted.
    public static var knownNames: [String] { table.keys.sorted() }
}
