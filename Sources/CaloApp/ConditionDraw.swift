import CaloData
import CaloDetector
import CaloSupport
import Foundation

/// How the species, direction and impact point of generated showers are chosen: fixed values,
/// or uniform draws over ranges, for each shower from its own random stream.
///
/// Shower `index` of a run with `seed` draws from element `index` of `StreamDomain.incidentEnergy`,
/// after the one uniform its incident energy takes (`EnergySpectrum.energyMeV`, which the draw
/// skips whether or not the spectrum used it): the species, then cos theta, phi, x, y, one
/// uniform each, every one drawn even when its range is a point (so each quantity keeps its
/// numbers when another's range changes). Output does not depend on threads or batches.
///
/// Distributions: the species uniform over `particles` (equal shares); cos theta uniform over
/// [cos theta_max, cos theta_min] (uniform in solid angle: an isotropic source restricted to
/// the cone); phi, x and y uniform over their ranges. Units: radians and mm.
public struct ConditionDraw: Sendable, Equatable {
    /// The species; empty: the model's single species (or none recorded).
    public var particles: [Particle] = []
    /// Polar angle to the normal, radians, within [0, pi/2).
    public var thetaRadians: ClosedRange<Double> = 0...0
    /// Azimuth, radians.
    public var phiRadians: ClosedRange<Double> = 0...0
    /// Impact point on the front face, mm.
    public var impactXMM: ClosedRange<Double> = 0...0
    public var impactYMM: ClosedRange<Double> = 0...0

    public init() {}

    public init(particles: [Particle], thetaRadians: ClosedRange<Double> = 0...0, phiRadians: ClosedRange<Double> = 0...0,
                impactXMM: ClosedRange<Double> = 0...0, impactYMM: ClosedRange<Double> = 0...0) {
        self.particles = particles
        self.thetaRadians = thetaRadians
        self.phiRadians = phiRadians
        self.impactXMM = impactXMM
        self.impactYMM = impactYMM
    }

    /// True when nothing is drawn: at most one species and every range a point.
    public var isFixed: Bool {
        particles.count <= 1 && thetaRadians.lowerBound == thetaRadians.upperBound && phiRadians.lowerBound == phiRadians.upperBound
            && impactXMM.lowerBound == impactXMM.upperBound && impactYMM.lowerBound == impactYMM.upperBound
    }

    /// True when every shower arrives at normal incidence through the centre.
    public var isNormalAtCentre: Bool {
        thetaRadians == 0...0 && impactXMM == 0...0 && impactYMM == 0...0
    }

    /// The conditions of shower `index`: `energyMeV` and the draws described above; the
    /// species is `defaultParticle` when `particles` is empty.
    public func conditions(energyMeV: Float, defaultParticle: Particle?, seed: UInt64, index: UInt64) -> ShowerConditions {
        if isFixed {
            // Nothing to draw: the values every draw would give.
            return ShowerConditions(particle: particles.first ?? defaultParticle, incidentEnergyMeV: energyMeV,
                                    thetaRadians: Float(thetaRadians.lowerBound), phiRadians: Float(phiRadians.lowerBound),
                                    impactXMM: Float(impactXMM.lowerBound), impactYMM: Float(impactYMM.lowerBound))
        }
        var rng = StreamDomain.incidentEnergy.generator(key: seed, index: index)
        _ = rng.uniform()  // the energy's
        let uSpecies = rng.uniform(), uTheta = rng.uniform(), uPhi = rng.uniform(), uX = rng.uniform(), uY = rng.uniform()
        func within(_ r: ClosedRange<Double>, _ t: Double) -> Float { Float(r.lowerBound + (r.upperBound - r.lowerBound) * t) }
        let particle = particles.isEmpty ? defaultParticle : particles[min(Int(uSpecies * Double(particles.count)), particles.count - 1)]
        let theta: Float
        if thetaRadians.lowerBound == thetaRadians.upperBound {
            theta = Float(thetaRadians.lowerBound)
        } else {
            let cosHigh = cos(thetaRadians.lowerBound), cosLow = cos(thetaRadians.upperBound)
            theta = Float(acos(cosLow + (cosHigh - cosLow) * uTheta))
        }
        return ShowerConditions(particle: particle, incidentEnergyMeV: energyMeV, thetaRadians: theta,
                                phiRadians: within(phiRadians, uPhi), impactXMM: within(impactXMM, uX), impactYMM: within(impactYMM, uY))
    }
}
