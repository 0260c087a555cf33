import CaloData
import CaloDetector
import Foundation

/// Where a requested shower condition lies with respect to what a model was trained on.
public enum ConditionDomain: Sendable, Equatable {
    /// Inside the trained ranges.
    case inside
    /// Outside the range of a quantity the model is conditioned on: the generator extrapolates.
    case extrapolates(String)
    /// A value the model cannot be asked for: a species it never saw, or a direction or impact
    /// point other than the single one it was trained at (it has no input for that quantity).
    case untrained(String)
}

extension ConditionEncoding {
    /// Where `c` lies (the species is checked by `ModelConfiguration.domain(of:)`, which knows a
    /// single-species model's one). Angles in the messages in degrees, impact points in mm.
    /// Slack: `angleSlack`, `impactSlack`, or for a varying quantity `edgeSlack` of its range's
    /// width where that is more (the range is the training set's extremes, which fall short of
    /// the drawn range's ends by about width / N: theta drawn uniform in cos theta over 0-20 deg
    /// has its smallest of 60,000 values near 0.1 deg); energies as `EnergyCondition.contains`.
    public func domain(of c: ShowerConditions) -> ConditionDomain {
        func deg(_ r: Float) -> String { String(format: "%.3g deg", Double(r) * 180 / .pi) }
        func mm(_ v: Float) -> String { String(format: "%.3g mm", Double(v)) }
        /// A quantity checked against its range (nil: trained at `fixed` only).
        func check(_ value: Float, _ range: Range?, fixed: Float, slack: Float, name: String,
                   format: (Float) -> String) -> ConditionDomain {
            guard let range, range.varies else {
                let trained = range?.minimum ?? fixed
                return abs(value - trained) <= slack ? .inside
                    : .untrained("\(name) \(format(value)): the model was trained at \(name) = \(format(trained)) only")
            }
            return range.contains(value, slack: max(slack, Self.edgeSlack * (range.maximum - range.minimum))) ? .inside
                : .extrapolates("\(name) \(format(value)) is outside the model's trained range \(format(range.minimum)) to \(format(range.maximum)); the generator extrapolates")
        }
        // What the model has no input for first (refused whatever else), then extrapolation.
        let theta = check(c.thetaRadians, thetaRadians, fixed: 0, slack: Self.angleSlack, name: "theta", format: deg)
        if case .untrained = theta { return theta }
        // The azimuth matters only off the normal.
        let phi = phiRadians != nil && c.thetaRadians > Self.angleSlack
            ? check(c.phiRadians, phiRadians, fixed: 0, slack: Self.angleSlack, name: "phi", format: deg) : .inside
        if case .untrained = phi { return phi }
        let x = check(c.impactXMM, impactXMM, fixed: 0, slack: Self.impactSlack, name: "impact x", format: mm)
        if case .untrained = x { return x }
        let y = check(c.impactYMM, impactYMM, fixed: 0, slack: Self.impactSlack, name: "impact y", format: mm)
        if case .untrained = y { return y }
        if !energy.contains(c.incidentEnergyMeV) {
            return .extrapolates("energy \(c.incidentEnergyMeV / 1000) GeV is outside the model's trained range "
                + "\(energy.minimumMeV / 1000)-\(energy.maximumMeV / 1000) GeV; the generator extrapolates")
        }
        if theta != .inside { return theta }
        if phi != .inside { return phi }
        return x != .inside ? x : y
    }
}

extension ModelConfiguration {
    /// The species the model generates: `condition.particles`, else the single `particle`
    /// (empty when the training data did not record it).
    public var trainedParticles: [Particle] {
        condition.particles ?? particle.map { [$0] } ?? []
    }

    /// The species of a shower requested without one: the model's single species, or e- for a
    /// model of several that knows it (nil otherwise: the species must be given).
    public var defaultParticle: Particle? {
        if let particle { return particle }
        return trainedParticles.contains(.electron) ? .electron : nil
    }

    /// Where `c` lies for this model: a species it was not trained on is `.untrained` (a shower
    /// without a species is accepted by a single-species model, whose species it takes).
    public func domain(of c: ShowerConditions) -> ConditionDomain {
        func names() -> String { trainedParticles.map(\.name).joined(separator: ", ") }
        if let species = condition.particles {
            guard let p = c.particle else { return .untrained("the model was trained on \(names()); each shower needs its particle (--particle)") }
            if !species.contains(p) { return .untrained("particle \(p.name): the model was trained on \(names()) only") }
        } else if let p = c.particle, let trained = particle, p != trained {
            return .untrained("particle \(p.name): the model was trained on \(names()) only")
        }
        return condition.domain(of: c)
    }
}
