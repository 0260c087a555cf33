import CaloDetector
import CaloSim
import CaloSupport

/// Everything a run chooses per shower: the species (`ParticleMixture`), the incident energy
/// (`EnergySpectrum`) and the arrival, direction and impact point (`ArrivalSpectrum`).
///
/// Shower `index` of a run with `seed` draws its energy from element `index` of
/// `StreamDomain.incidentEnergy` (as every run always has) and the rest from element `index`
/// of `StreamDomain.showerConditions`, five uniforms in a fixed order: species, theta, phi,
/// impact x, impact y; each is used only when that quantity varies, so fixing one does not move
/// the others' draws. A run of one species at a fixed arrival draws nothing beyond the energy.
/// The draw depends only on (seed, index): the same for any thread count or shard split.
public struct ConditionSpectrum: Sendable, Equatable {
    public var particles: ParticleMixture
    public var energy: EnergySpectrum
    public var arrival: ArrivalSpectrum

    public init(particles: ParticleMixture, energy: EnergySpectrum, arrival: ArrivalSpectrum = .normalAtCentre) {
        self.particles = particles
        self.energy = energy
        self.arrival = arrival
    }

    /// The primary of shower `index` (< 2^62) of a run with `seed`.
    public func primary(seed: UInt64, index: UInt64) -> Primary {
        let energyMeV = energy.energyMeV(seed: seed, index: index)
        let a = arrival
        guard !(particles.isSingle && a.isFixed) else {
            return Primary(particle: particles.particles[0], kineticEnergyMeV: energyMeV, xMM: a.impactXMM.lowerBound,
                           yMM: a.impactYMM.lowerBound, thetaRadians: a.thetaRadians.lowerBound, phiRadians: a.phiRadians.lowerBound)
        }
        var rng = StreamDomain.showerConditions.generator(key: seed, index: index)
        let uSpecies = rng.uniform(), uTheta = rng.uniform(), uPhi = rng.uniform(), uX = rng.uniform(), uY = rng.uniform()
        return Primary(particle: particles.particle(u: uSpecies), kineticEnergyMeV: energyMeV,
                       xMM: ArrivalSpectrum.uniform(a.impactXMM, u: uX), yMM: ArrivalSpectrum.uniform(a.impactYMM, u: uY),
                       thetaRadians: a.theta(u: uTheta), phiRadians: ArrivalSpectrum.uniform(a.phiRadians, u: uPhi))
    }

    /// File attributes describing the run's conditions: `particle_name` ("e-" or "e-,gamma"),
    /// `particle_weights` ("e-:1", "e-:2,gamma:1"), `spectrum` and `energy_range_mev`, and
    /// the arrival's (`ArrivalSpectrum.metadata`).
    public var metadata: [String: String] {
        var extra = arrival.metadata
        extra["particle_name"] = particles.names
        extra["particle_weights"] = particles.weighted
        extra["spectrum"] = energy.description
        extra["energy_range_mev"] = "\(energy.rangeMeV.lowerBound):\(energy.rangeMeV.upperBound)"
        return extra
    }
}
