import CaloDetector
import CaloSim

extension ShowerSimulator: ShowerSource {}

extension PhysicsCheck {
    /// The reference simulator in a physics variant: 0.7 mm cut and reference step limits,
    /// `stepLimitScale` 0.5, or a 0.1 mm production cut.
    public static let referenceSimulator: SourceFactory = { geometry, variant in
        var c = SimulationConfiguration()
        switch variant {
        case .reference: break
        case .halfStepLimits: c.stepLimitScale = 0.5
        case .fineCut: c.productionCutMM = 0.1
        }
        return try ShowerSimulator(geometry: geometry, configuration: c)
    }
}
