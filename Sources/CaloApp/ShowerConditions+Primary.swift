import CaloData
import CaloSim

extension ShowerConditions {
    /// The conditions of a shower of `primary`, as files store them (float32).
    public init(_ primary: Primary) {
        self.init(particle: primary.particle, incidentEnergyMeV: Float(primary.kineticEnergyMeV),
                  thetaRadians: Float(primary.thetaRadians), phiRadians: Float(primary.phiRadians),
                  impactXMM: Float(primary.xMM), impactYMM: Float(primary.yMM))
    }
}
