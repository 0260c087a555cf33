/// Everything the reference simulator records for one shower (MeV).
///
/// Ledger: `incident = deposited + escaped` to 1e-9 relative, where `incident` is the kinetic
/// energy of the primary plus 2 m_e c^2 for a positron (its own rest energy and that of the
/// electron it annihilates with), and escaping e+ count T + 2 m_e c^2 (docs/physics.md §12.5).
public struct ShowerResult: Sendable {
    /// Scored energy per readout cell, in the geometry's cell order (`Geometry` docs).
    public var cells: [Double]
    /// Scored energy outside each layer's cell grid, one value per readout layer.
    public var overflow: [Double]
    /// Energy deposited per readout layer in all materials, whatever the scoring mode.
    public var depositedPerLayer: [Double]
    /// Energy deposited per readout layer in active slabs only.
    public var activePerLayer: [Double]
    /// Energy deposited in material that is not scored (passive slabs of `active` layers).
    public var unscored: Double
    /// Energy leaving through the front face (z = 0), the back face, and the sides.
    public var escapedBackward: Double
    public var escapedForward: Double
    public var escapedLateral: Double
    /// Energy that entered the ledger: primary kinetic energy (+ 2 m_e c^2 for a positron).
    public var incident: Double
    /// Work counters: e± steps, photon steps (interactions and boundary crossings), and
    /// secondaries produced per species.
    public var chargedSteps = 0
    public var photonSteps = 0
    public var secondaryPhotons = 0
    public var secondaryElectrons = 0
    public var secondaryPositrons = 0

    public init(cellCount: Int, layerCount: Int, incident: Double) {
        cells = Array(repeating: 0, count: cellCount)
        overflow = Array(repeating: 0, count: layerCount)
        depositedPerLayer = Array(repeating: 0, count: layerCount)
        activePerLayer = Array(repeating: 0, count: layerCount)
        unscored = 0
        escapedBackward = 0
        escapedForward = 0
        escapedLateral = 0
        self.incident = incident
    }

    /// Total energy deposited in the calorimeter (all materials).
    public var deposited: Double { depositedPerLayer.reduce(0, +) }
    /// Total energy deposited in active slabs.
    public var depositedActive: Double { activePerLayer.reduce(0, +) }
    /// Total escaping energy.
    public var escaped: Double { escapedBackward + escapedForward + escapedLateral }
    /// Scored energy (cells + overflow).
    public var scored: Double { cells.reduce(0, +) + overflow.reduce(0, +) }
    /// incident - deposited - escaped, relative to incident (should be below 1e-9).
    public var ledgerResidual: Double { (incident - deposited - escaped) / incident }
}
