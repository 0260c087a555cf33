/// The particle species calosim knows: the primaries and secondaries of an electromagnetic
/// shower.
///
/// The species is a property of the beam, not of the simulator, so it lives beside the detector
/// description: the reference simulation transports it, datasets record it per shower (as its
/// PDG code), trained models and validation reports carry it.
///
/// PDG Monte Carlo numbering scheme (PDG Review of Particle Physics, "Monte Carlo particle
/// numbering scheme"): e- 11, e+ -11, gamma 22. Code 0 is not a particle in that scheme;
/// calosim's files use it for "species not recorded" (see `init?(recordedCode:)`).
public enum Particle: String, Sendable, CaseIterable, Codable {
    case electron = "e-"
    case positron = "e+"
    case photon = "gamma"

    /// PDG Monte Carlo code (11, -11, 22).
    public var pdgCode: Int32 {
        switch self {
        case .electron: return 11
        case .positron: return -11
        case .photon: return 22
        }
    }

    /// The usual symbol: "e-", "e+", "gamma" (also what the command line and reports print).
    public var name: String { rawValue }

    /// A name safe in file and model identifiers: "eminus", "eplus", "gamma".
    public var identifier: String {
        switch self {
        case .electron: return "eminus"
        case .positron: return "eplus"
        case .photon: return "gamma"
        }
    }

    /// Rest mass m c^2, MeV (PDG 2022: m_e = 0.51099895 MeV).
    public var massMeV: Double {
        switch self {
        case .electron, .positron: return 0.51099895
        case .photon: return 0
        }
    }

    /// Electric charge in units of the elementary charge.
    public var charge: Int {
        switch self {
        case .electron: return -1
        case .positron: return 1
        case .photon: return 0
        }
    }

    /// The particle with this PDG code, if it is one of ours.
    public init?(pdgCode: Int32) {
        guard let p = Particle.allCases.first(where: { $0.pdgCode == pdgCode }) else { return nil }
        self = p
    }

    /// A code as calosim files store it: 0 is "not recorded" (nil); any other code must be one
    /// of ours.
    /// - Throws: `UnknownParticleCode` naming the code.
    public init?(recordedCode code: Int32) throws {
        if code == Particle.notRecordedCode { return nil }
        guard let p = Particle(pdgCode: code) else { throw UnknownParticleCode(code: code) }
        self = p
    }

    /// What files store for a shower whose species is not known.
    public static let notRecordedCode: Int32 = 0

    /// Names accepted on the command line ("e-", "electron", "e+", "positron", "gamma", "photon",
    /// or the PDG codes 11, -11, 22).
    public init?(name: String) {
        switch name.lowercased() {
        case "e-", "electron", "11": self = .electron
        case "e+", "positron", "-11": self = .positron
        case "gamma", "photon", "22": self = .photon
        default: return nil
        }
    }

    /// "e- (11), e+ (-11), gamma (22)": the species an error message can offer.
    public static var choices: String { allCases.map { "\($0.name) (\($0.pdgCode))" }.joined(separator: ", ") }
}

/// A PDG code that is not one of calosim's particles.
public struct UnknownParticleCode: Error, CustomStringConvertible, Equatable {
    public let code: Int32
    public init(code: Int32) { self.code = code }
    public var description: String { "particle code \(code) is not one calosim knows: \(Particle.choices)" }
}
