import CaloDetector
import CaloSupport
import Foundation

/// The species of a run's showers: one particle, or several with weights, each shower drawing
/// its own (`ConditionSpectrum`).
///
/// Written as on the command line: "e-" (one particle), "e-,e+,gamma" (equal shares) or
/// "e-:2,gamma:1" (weights, here two electrons per photon); a name without a weight has weight 1.
/// Shower i is species k with probability w_k / sum(w).
public struct ParticleMixture: Sendable, Equatable, CustomStringConvertible {
    /// The species, distinct, in the order given.
    public let particles: [Particle]
    /// Their weights, finite and > 0, same order.
    public let weights: [Double]

    /// A mixture of `particles` with `weights` (all 1 when nil).
    /// - Throws: `CalosimError.badInput` for no particle, one given twice, a weight that is not a
    ///   finite positive number, or a count mismatch.
    public init(_ particles: [Particle], weights: [Double]? = nil) throws {
        let w = weights ?? Array(repeating: 1, count: particles.count)
        guard !particles.isEmpty else { throw CalosimError.badInput("--particle names no particle") }
        guard w.count == particles.count else {
            throw CalosimError.badInput("--particle: \(w.count) weights for \(particles.count) particles")
        }
        for (i, p) in particles.enumerated() where particles[..<i].contains(p) {
            throw CalosimError.badInput("--particle names \(p.name) twice; give each particle once with its weight, e.g. e-:2,gamma:1")
        }
        for (p, x) in zip(particles, w) where !(x.isFinite && x > 0) {
            throw CalosimError.badInput("--particle: the weight of \(p.name) must be a positive number (got \(x))")
        }
        self.particles = particles
        self.weights = w
    }

    /// One particle.
    public static func single(_ particle: Particle) -> ParticleMixture {
        try! ParticleMixture([particle])
    }

    /// Reads "e-", "e-,e+,gamma" or "e-:2,gamma:1" (names as `Particle(name:)`, blanks allowed).
    /// - Throws: `CalosimError.badInput` naming the part that is not a particle or a weight.
    public init(parsing text: String) throws {
        var particles: [Particle] = [], weights: [Double] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count <= 2, let p = Particle(name: parts[0]) else {
                throw CalosimError.badInput("--particle: unknown particle '\(item.trimmingCharacters(in: .whitespaces))' "
                    + "(use e-, e+ or gamma, a list e-,gamma or weights e-:2,gamma:1)")
            }
            var w = 1.0
            if parts.count == 2 {
                guard let x = Double(parts[1]) else {
                    throw CalosimError.badInput("--particle: the weight of \(p.name) must be a positive number (got '\(parts[1])')")
                }
                w = x
            }
            particles.append(p)
            weights.append(w)
        }
        try self.init(particles, weights: weights)
    }

    /// True for a run of one species (no draw).
    public var isSingle: Bool { particles.count == 1 }

    /// The species of a shower drawn with u uniform in (0, 1): the first k with
    /// u sum(w) < w_0 + ... + w_k (the last one when rounding leaves none).
    public func particle(u: Double) -> Particle {
        if isSingle { return particles[0] }
        let target = u * weights.reduce(0, +)
        var cumulative = 0.0
        for (p, w) in zip(particles, weights) {
            cumulative += w
            if target < cumulative { return p }
        }
        return particles[particles.count - 1]
    }

    /// The species' names, "e-" or "e-,gamma" (the file attribute `particle_name`).
    public var names: String { particles.map(\.name).joined(separator: ",") }

    /// Every species with its weight, "e-:1" or "e-:2,gamma:1" (the file attribute `particle_weights`).
    public var weighted: String {
        zip(particles, weights).map { "\($0.name):\(Self.format($1))" }.joined(separator: ",")
    }

    /// "e-" for one particle, otherwise `weighted`.
    public var description: String { isSingle ? particles[0].name : weighted }

    /// A weight as typed when it is a whole number ("2", not "2.0").
    private static func format(_ w: Double) -> String {
        w == w.rounded() && abs(w) < 1e15 ? String(Int64(w)) : String(w)
    }
}
