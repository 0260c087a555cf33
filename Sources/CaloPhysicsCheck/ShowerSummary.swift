import CaloDetector
import CaloSim

/// What the checks keep of one simulated shower (the cells of the `lateral` geometry are reduced
/// to the energy within the requested radii at once, so a sample stays small).
public struct ShowerSummary: Sendable {
    public let incidentMeV: Double
    /// Deposit in all materials, MeV.
    public let depositedMeV: Double
    /// Deposit in active (argon) slabs, MeV.
    public let visibleMeV: Double
    /// Energy leaving through the front face, the back face and the sides, MeV.
    public let escapedBackwardMeV: Double
    public let escapedForwardMeV: Double
    public let escapedLateralMeV: Double
    public let depositedPerLayer: [Double]
    public let activePerLayer: [Double]
    /// Energy within each radius of the sample's `LateralContainment` (empty without one), MeV.
    public let insideMeV: [Double]
    /// |incident - deposited - escaped| / incident (docs/physics.md §12.5).
    public let ledgerResidual: Double
    /// |sum over layers of (expected scored - scored) - unscored| / incident: the readout's own
    /// bookkeeping (cells + overflow equal the deposit the layer scores).
    public let readoutResidual: Double

    /// Reduces `result` in `geometry`.
    public init(_ result: ShowerResult, geometry: Geometry, containment: LateralContainment?) {
        incidentMeV = result.incident
        depositedMeV = result.deposited
        visibleMeV = result.depositedActive
        escapedBackwardMeV = result.escapedBackward
        escapedForwardMeV = result.escapedForward
        escapedLateralMeV = result.escapedLateral
        depositedPerLayer = result.depositedPerLayer
        activePerLayer = result.activePerLayer
        insideMeV = containment?.energyInside(cells: result.cells) ?? []
        ledgerResidual = abs(result.ledgerResidual)
        var missing = 0.0
        for (l, layer) in geometry.layers.enumerated() {
            var scored = result.overflow[l]
            for c in layer.firstCell..<(layer.firstCell + layer.cellCount) { scored += result.cells[c] }
            let expected = layer.scoring == .all ? result.depositedPerLayer[l] : result.activePerLayer[l]
            missing += (result.depositedPerLayer[l] - expected) + (expected - scored)
        }
        readoutResidual = abs(missing - result.unscored) / result.incident
    }
}
