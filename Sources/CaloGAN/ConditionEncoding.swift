import CaloData
import CaloDetector
import CaloSupport
import Foundation

/// The condition vector fed to generator and critic, built from what the training data vary in,
/// with each entry's normalisation over the training range (stored in `model.json` under
/// `condition`).
///
/// Entries, in this order (each only where it applies):
/// 1. the incident energy, c = 2 (ln E - ln E_min) / (ln E_max - ln E_min) - 1 (`EnergyCondition`),
///    always;
/// 2. the species as a one-hot over `particles` (1 for the shower's species, 0 else), where the
///    training data hold more than one;
/// 3. cos theta, normalised to [-1, 1] over the trained range of cos theta, where theta varies;
/// 4. (sin phi, cos phi), already in [-1, 1] and continuous across phi = +-pi, where phi varies
///    and the showers are inclined (theta not 0 throughout: at normal incidence phi has no
///    meaning, at a fixed inclination it turns the shower's lateral shape);
/// 5. the impact point x and y, each normalised to [-1, 1] over its trained range, where it varies.
///
/// A condition that is constant in the training data is not an entry, but its value is kept
/// (a degenerate `Range`) so that generation can refuse a value the model never saw. The JSON of
/// a model trained on one species at normal incidence through the centre is the energy range
/// alone, as `EnergyCondition` writes it: such models read and write unchanged.
///
/// Units: theta and phi in radians (as `ShowerConditions`), impact point in mm.
public struct ConditionEncoding: Codable, Sendable, Equatable {
    /// A trained interval [minimum, maximum] (equal ends: a constant).
    public struct Range: Codable, Sendable, Equatable {
        public var minimum: Float
        public var maximum: Float

        public init(minimum: Float, maximum: Float) {
            self.minimum = minimum
            self.maximum = maximum
        }

        /// The interval of `values` (not empty).
        public init(of values: [Float]) {
            require(!values.isEmpty, "ConditionEncoding.Range: no values")
            self.init(minimum: values.min()!, maximum: values.max()!)
        }

        /// True for a range wider than a point: the quantity is an entry of the vector.
        public var varies: Bool { maximum > minimum }

        /// 2 (v - min) / (max - min) - 1: -1 and 1 at the ends of a varying range.
        @inlinable
        public func normalised(_ v: Float) -> Float { 2 * (v - minimum) / (maximum - minimum) - 1 }

        /// True when `v` lies in the range, with `slack` (absolute) on both sides.
        public func contains(_ v: Float, slack: Float) -> Bool { v >= minimum - slack && v <= maximum + slack }

        var isFinite: Bool { minimum.isFinite && maximum.isFinite && minimum <= maximum }
    }

    /// The incident energy's range and normalisation.
    public var energy: EnergyCondition
    /// The species trained on, in one-hot order; nil for a single species (see `ModelConfiguration.particle`).
    public var particles: [Particle]?
    /// Polar angle to the normal, radians; nil: normal incidence only.
    public var thetaRadians: Range?
    /// Azimuth, radians; nil where theta is nil.
    public var phiRadians: Range?
    /// Impact point, mm; nil: through the centre only.
    public var impactXMM: Range?
    public var impactYMM: Range?

    /// Slack of the domain checks: 1e-3 rad for angles, 0.01 mm for the impact point.
    public static let angleSlack: Float = 1e-3, impactSlack: Float = 0.01
    /// Slack of a varying quantity's domain check as a fraction of its trained range's width.
    public static let edgeSlack: Float = 0.01

    /// The energy alone: the condition of a model trained on one species at normal incidence.
    public init(energy: EnergyCondition) {
        self.energy = energy
    }

    public init(energy: EnergyCondition, particles: [Particle]?, thetaRadians: Range? = nil, phiRadians: Range? = nil,
                impactXMM: Range? = nil, impactYMM: Range? = nil) {
        require(particles.map { $0.count > 1 && Set($0).count == $0.count } ?? true,
                "ConditionEncoding: a one-hot needs two or more distinct species (got \(particles ?? []))")
        require(phiRadians == nil || thetaRadians != nil, "ConditionEncoding: an azimuth range without a polar one")
        self.energy = energy
        self.particles = particles
        self.thetaRadians = thetaRadians
        self.phiRadians = phiRadians
        self.impactXMM = impactXMM
        self.impactYMM = impactYMM
    }

    /// The encoding of a training set: energy range as `EnergyCondition(energiesMeV:)`, the
    /// species in PDG-code order when there are several, and the arrival where it differs from
    /// normal incidence through the centre.
    /// - Throws: when some showers record their species and others do not.
    public init(fitting batch: ShowerBatch, path: String) throws {
        try self.init(fitting: batch.conditions, path: path)
    }

    /// The encoding of showers with these conditions (every shower of a training set, in any
    /// order), as `init(fitting:path:)` of a batch.
    public init(fitting conditions: [ShowerConditions], path: String) throws {
        require(!conditions.isEmpty, "ConditionEncoding: no showers")
        let energy = EnergyCondition(energiesMeV: conditions.map(\.incidentEnergyMeV))
        let recorded = Set(conditions.compactMap(\.particle))
        if !recorded.isEmpty, conditions.contains(where: { $0.particle == nil }) {
            throw CalosimError.badFile(path: path, reason: "records the species of some showers but not of others")
        }
        let species = recorded.count > 1 ? recorded.sorted { $0.pdgCode < $1.pdgCode } : nil
        let theta = Range(of: conditions.map(\.thetaRadians))
        let inclined = theta != Range(minimum: 0, maximum: 0)
        let x = Range(of: conditions.map(\.impactXMM))
        let y = Range(of: conditions.map(\.impactYMM))
        let offCentre = x != Range(minimum: 0, maximum: 0) || y != Range(minimum: 0, maximum: 0)
        self.init(energy: energy, particles: species, thetaRadians: inclined ? theta : nil,
                  phiRadians: inclined ? Range(of: conditions.map(\.phiRadians)) : nil,
                  impactXMM: offCentre ? x : nil, impactYMM: offCentre ? y : nil)
    }

    /// Whether cos theta, (sin phi, cos phi), impact x and impact y are entries of the vector.
    public var encodesTheta: Bool { thetaRadians?.varies ?? false }
    public var encodesPhi: Bool { thetaRadians != nil && (phiRadians?.varies ?? false) }
    public var encodesImpactX: Bool { impactXMM?.varies ?? false }
    public var encodesImpactY: Bool { impactYMM?.varies ?? false }
    private var usesPhi: Bool { encodesPhi }

    /// Entries of the vector: 1 + species + cos theta + 2 for phi + impact x + impact y.
    public var width: Int {
        1 + (particles?.count ?? 0) + (encodesTheta ? 1 : 0) + (usesPhi ? 2 : 0) + (encodesImpactX ? 1 : 0) + (encodesImpactY ? 1 : 0)
    }

    /// The cos theta range: [cos theta_max, cos theta_min] (Float cos, as the encoding computes it).
    public var cosTheta: Range? {
        thetaRadians.map { Range(minimum: Foundation.cos($0.maximum), maximum: Foundation.cos($0.minimum)) }
    }

    /// Writes the vector of `c` into `out[0..<width]`. The species must be one of `particles`
    /// (checked by `problem(with:)` first).
    public func encode(_ c: ShowerConditions, into out: UnsafeMutablePointer<Float>) {
        out[0] = energy.value(c.incidentEnergyMeV)
        var k = 1
        if let particles {
            guard let index = c.particle.flatMap({ particles.firstIndex(of: $0) }) else {
                requirementFailed("ConditionEncoding: a \(c.particle?.name ?? "unrecorded") shower for a model of \(particles.map(\.name))")
            }
            for j in particles.indices { out[k + j] = j == index ? 1 : 0 }
            k += particles.count
        }
        if let cosTheta, cosTheta.varies {
            out[k] = cosTheta.normalised(Foundation.cos(c.thetaRadians))
            k += 1
        }
        if usesPhi {
            out[k] = Foundation.sin(c.phiRadians)
            out[k + 1] = Foundation.cos(c.phiRadians)
            k += 2
        }
        if let impactXMM, impactXMM.varies { out[k] = impactXMM.normalised(c.impactXMM); k += 1 }
        if let impactYMM, impactYMM.varies { out[k] = impactYMM.normalised(c.impactYMM) }
    }

    private enum CodingKeys: String, CodingKey {
        case minimumMeV, maximumMeV, particles, thetaRadians, phiRadians, impactXMM, impactYMM
    }

    /// The energy's keys as `EnergyCondition` writes them, then the optional entries (species as
    /// PDG codes); absent keys are the defaults (one species, normal incidence, centre).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        energy = try EnergyCondition(from: decoder)
        if let codes = try c.decodeIfPresent([Int32].self, forKey: .particles) {
            let species = try codes.map { code -> Particle in
                guard let p = Particle(pdgCode: code) else {
                    throw DecodingError.dataCorruptedError(forKey: .particles, in: c, debugDescription: "particle code \(code) is not one calosim knows")
                }
                return p
            }
            guard species.count > 1, Set(species).count == species.count else {
                throw DecodingError.dataCorruptedError(forKey: .particles, in: c, debugDescription: "condition particles must be two or more distinct species")
            }
            particles = species
        }
        thetaRadians = try c.decodeIfPresent(Range.self, forKey: .thetaRadians)
        phiRadians = try c.decodeIfPresent(Range.self, forKey: .phiRadians)
        impactXMM = try c.decodeIfPresent(Range.self, forKey: .impactXMM)
        impactYMM = try c.decodeIfPresent(Range.self, forKey: .impactYMM)
    }

    /// What contradicts itself in a decoded encoding, or nil: an energy range that is not
    /// positive and ordered, a range that is not finite and ordered, theta outside [0, pi/2),
    /// an azimuth without a polar angle, one impact coordinate without the other.
    public func consistencyProblem() -> String? {
        let (lo, hi) = (energy.minimumMeV, energy.maximumMeV)
        guard lo > 0, lo.isFinite, hi.isFinite, hi >= lo else {
            return "condition needs 0 < minimumMeV <= maximumMeV (got \(lo) and \(hi))"
        }
        for (range, key) in [(thetaRadians, "thetaRadians"), (phiRadians, "phiRadians"), (impactXMM, "impactXMM"), (impactYMM, "impactYMM")] {
            if let range, !range.isFinite { return "condition \(key) needs finite minimum <= maximum" }
        }
        if let theta = thetaRadians, theta.minimum < 0 || theta.maximum >= Float.pi / 2 {
            return "condition thetaRadians must lie in [0, pi/2)"
        }
        guard phiRadians == nil || thetaRadians != nil, (impactXMM == nil) == (impactYMM == nil) else {
            return "condition has phiRadians without thetaRadians, or one impact coordinate without the other"
        }
        return nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(energy.minimumMeV, forKey: .minimumMeV)
        try c.encode(energy.maximumMeV, forKey: .maximumMeV)
        try c.encodeIfPresent(particles?.map(\.pdgCode), forKey: .particles)
        try c.encodeIfPresent(thetaRadians, forKey: .thetaRadians)
        try c.encodeIfPresent(phiRadians, forKey: .phiRadians)
        try c.encodeIfPresent(impactXMM, forKey: .impactXMM)
        try c.encodeIfPresent(impactYMM, forKey: .impactYMM)
    }

    /// The vectors of `conditions`, row-major [count, width].
    public func values(_ conditions: [ShowerConditions]) -> [Float] {
        let w = width
        var out = [Float](repeating: 0, count: conditions.count * w)
        out.withUnsafeMutableBufferPointer { o in
            for (i, c) in conditions.enumerated() { encode(c, into: o.baseAddress! + i * w) }
        }
        return out
    }
}
