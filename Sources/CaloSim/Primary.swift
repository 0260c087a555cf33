import CaloDetector
import Foundation

/// The incident particle of one shower.
///
/// Direction of flight: (sin theta cos phi, sin theta sin phi, cos theta), theta the polar angle
/// to the z axis (the calorimeter's normal) and phi the azimuth about it, from +x towards +y;
/// phi = 0 tilts the beam in the x-z plane.
public struct Primary: Sendable, Equatable {
    public var particle: Particle
    /// Kinetic energy in MeV (for a photon, its energy).
    public var kineticEnergyMeV: Double
    /// Impact point on the front face (z = 0), mm.
    public var xMM: Double
    public var yMM: Double
    /// Incidence angle to the z axis, radians (0: perpendicular), below pi/2 in magnitude.
    public var thetaRadians: Double
    /// Azimuth of the direction about the z axis, radians (0: tilted in the x-z plane).
    public var phiRadians: Double

    public init(particle: Particle, kineticEnergyMeV: Double, xMM: Double = 0, yMM: Double = 0,
                thetaRadians: Double = 0, phiRadians: Double = 0) {
        self.particle = particle
        self.kineticEnergyMeV = kineticEnergyMeV
        self.xMM = xMM
        self.yMM = yMM
        self.thetaRadians = thetaRadians
        self.phiRadians = phiRadians
    }

    /// Unit direction of flight (sin theta cos phi, sin theta sin phi, cos theta). At phi = 0
    /// exactly (sin theta, 0, cos theta), the y component a true zero.
    public var direction: (x: Double, y: Double, z: Double) {
        let s = sin(thetaRadians), c = cos(thetaRadians)
        if phiRadians == 0 { return (s, 0, c) }
        return (s * cos(phiRadians), s * sin(phiRadians), c)
    }

    /// Accepted primary energies: 1 MeV to 1 TeV.
    public static let energyRangeMeV: ClosedRange<Double> = 1...1_000_000
}
