import ArgumentParser
import CaloApp

/// Species, direction and impact point of generated showers on the command line (degrees, mm);
/// values may start with '-' (--phi-range -180:180, --impact -5,3), as simulate's.
struct ConditionOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Particle: e-, e+ or gamma, or an equal mixture like e-,gamma (default: the model's; e- for a model of several species).")
    var particle: String?

    @Option(parsing: .unconditional, help: "Polar angle to the calorimeter's normal, degrees (0 = normal incidence).")
    var theta: Double?

    @Option(name: .customLong("theta-range"), parsing: .unconditional, help: "Theta range LOW:HIGH in degrees, uniform in cos theta.")
    var thetaRange: String?

    @Option(parsing: .unconditional, help: "Azimuth of the direction about the normal, degrees, from +x towards +y.")
    var phi: Double?

    @Option(name: .customLong("phi-range"), parsing: .unconditional, help: "Phi range LOW:HIGH in degrees, uniform.")
    var phiRange: String?

    @Option(parsing: .unconditional, help: "Impact point X,Y on the front face, mm from the readout's centre.")
    var impact: String?

    @Option(name: .customLong("impact-range"), parsing: .unconditional, help: "Impact range X0:X1,Y0:Y1 in mm, uniform.")
    var impactRange: String?

    func request() -> ConditionRequest {
        ConditionRequest(particles: particle, thetaDegrees: theta, thetaRangeDegrees: thetaRange, phiDegrees: phi,
                         phiRangeDegrees: phiRange, impactMM: impact, impactRangeMM: impactRange)
    }
}
