import ArgumentParser
import CaloDetector

/// `--particle e-|e+|gamma` (also "electron", "positron", "photon" and the PDG codes).
extension Particle: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }

    public var defaultValueDescription: String { rawValue }
}

extension Choice where Value == Particle {
    /// The default particle, the electron.
    static var electron: Choice { Choice(.electron, text: Particle.electron.rawValue) }
}
