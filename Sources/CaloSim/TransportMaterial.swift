import Foundation

/// The per-material data the stepping loops read, laid out for the hot path: scalars in a plain
/// struct (reading one copies no arrays, so costs no retain/release), and the few arrays the
/// samplers need held per material on their own. Built once per simulator from `MaterialTables`;
/// every value is the one `MaterialPhysics` holds (or a function of it computed the same way), so
/// using these changes no result.
struct TransportMaterial: Sendable {
    /// Production thresholds, MeV.
    let electronCut: Double
    let gammaCut: Double
    /// Mean excitation energy, MeV.
    let excitation: Double
    /// Plasma energy hbar omega_p, MeV.
    let plasmaEnergy: Double
    /// LPM energy, MeV.
    let lpmEnergy: Double
    /// Number of elements, and the row of the first one in the per-element tables.
    let elementCount: Int
    let elementOffset: Int
    /// The Urban-model constants at a delta-ray cut equal to `electronCut` (the usual case).
    let fluctuation: EnergyLossFluctuation.Constants

    init(_ mp: MaterialPhysics) {
        electronCut = mp.cuts.electronMeV
        gammaCut = mp.cuts.gammaMeV
        excitation = mp.excitation
        plasmaEnergy = mp.plasmaEnergy
        lpmEnergy = mp.lpmEnergy
        elementCount = mp.elements.count
        elementOffset = mp.elementOffset
        fluctuation = EnergyLossFluctuation.Constants(cut: mp.cuts.electronMeV, excitation: mp.excitation)
    }
}

/// All materials of a simulator in the hot-path layout (`TransportMaterial`), indexed like
/// `MaterialTables.materials`.
struct TransportMaterials: Sendable {
    let scalars: [TransportMaterial]
    let elements: [[ElementConstants]]
    /// Atoms per mm^3, in `elements` order.
    let atomDensities: [[Double]]
    let scatteringTerms: [[MultipleScattering.Term]]
    let photoelectric: [Photoelectric]

    init(_ tables: MaterialTables) {
        scalars = tables.materials.map(TransportMaterial.init)
        elements = tables.materials.map(\.elements)
        atomDensities = tables.materials.map(\.atomDensities)
        scatteringTerms = tables.materials.map(\.scatteringTerms)
        photoelectric = tables.materials.map(\.photoelectric)
    }
}
