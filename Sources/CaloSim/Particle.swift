/// The primary and secondary particle species the reference simulator transports.
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

    /// The particle with this PDG code, if it is one of ours.
    public init?(pdgCode: Int32) {
        guard let p = Particle.allCases.first(where: { $0.pdgCode == pdgCode }) else { return nil }
        self = p
    }

    /// Names accepted on the command line ("e-", "electron", "e+", "positron", "gamma", "photon").
    public init?(name: String) {
        switch name.lowercased() {
        case "e-", "electron", "11": self = .electron
        case "e+", "positron", "-11": self = .positron
        case "gamma", "photon", "22": self = .photon
        default: return nil
        }
    }
}
