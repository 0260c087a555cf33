import CaloDetector

/// The conditions of one shower: which particle arrived, with what energy, from which direction
/// and where. What a dataset records of each shower beside its cells, what a conditional model
/// is asked for, and what validation slices by.
///
/// Units: energy in MeV; angles in radians, `thetaRadians` the polar angle to the calorimeter's
/// normal (the +z axis; 0 = normal incidence, below pi/2), `phiRadians` the azimuth of the
/// direction about the normal, measured from +x towards +y, in [-pi, pi]; the impact point
/// (x, y) in mm on the front face (z = 0), relative to the readout's centre.
/// Direction of flight: (sin theta cos phi, sin theta sin phi, cos theta).
public struct ShowerConditions: Sendable, Hashable {
    /// Species of the incident particle; nil where the data do not record it.
    public var particle: Particle?
    /// Energy of the incident particle, MeV.
    public var incidentEnergyMeV: Float
    /// Polar angle to the calorimeter's normal, radians, in [0, pi/2).
    public var thetaRadians: Float
    /// Azimuth of the direction about the normal, radians, in [-pi, pi].
    public var phiRadians: Float
    /// Impact point on the front face, mm.
    public var impactXMM: Float
    public var impactYMM: Float

    public init(particle: Particle?, incidentEnergyMeV: Float, thetaRadians: Float = 0, phiRadians: Float = 0,
                impactXMM: Float = 0, impactYMM: Float = 0) {
        self.particle = particle
        self.incidentEnergyMeV = incidentEnergyMeV
        self.thetaRadians = thetaRadians
        self.phiRadians = phiRadians
        self.impactXMM = impactXMM
        self.impactYMM = impactYMM
    }

    /// The polar angles a shower can have, as float32: [0, pi/2) (the bound is float32(pi/2),
    /// which lies above pi/2, so every float below it is an angle below pi/2).
    public static let thetaRangeRadians: Range<Float> = 0..<Float(Double.pi / 2)
    /// The azimuths a shower can have, as float32: [-pi, pi] (float32(pi), the float nearest pi,
    /// so that an azimuth of pi rounded to float32 stays inside).
    public static let phiRangeRadians: ClosedRange<Float> = -Float(Double.pi)...Float(Double.pi)

    /// True at normal incidence through the readout's centre (every shower of a dataset that
    /// records no arrival).
    public var isNormalAtCentre: Bool {
        thetaRadians == 0 && impactXMM == 0 && impactYMM == 0
    }
}
