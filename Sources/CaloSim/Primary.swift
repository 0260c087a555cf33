import CaloDetector

/// The incident particle of one shower.
public struct Primary: Sendable, Equatable {
    public var particle: Particle
    /// Kinetic energy in MeV (for a photon, its energy).
    public var kineticEnergyMeV: Double
    /// Impact point on the front face (z = 0), mm.
    public var xMM: Double
    public var yMM: Double
    /// Incidence angle to the z axis, radians, tilted in the x-z plane (0: perpendicular).
    public var thetaRadians: Double

    public init(particle: Particle, kineticEnergyMeV: Double, xMM: Double = 0, yMM: Double = 0,
                thetaRadians: Double = 0) {
        self.particle = particle
        self.kineticEnergyMeV = kineticEnergyMeV
        self.xMM = xMM
        self.yMM = yMM
        self.thetaRadians = thetaRadians
    }

    /// Accepted primary energies: 1 MeV to 1 TeV.
    public static let energyRangeMeV: ClosedRange<Double> = 1...1_000_000
}
