import ArgumentParser
import CaloApp

/// `--theta-spectrum cosine|uniform` (also "cos", "flat").
extension ArrivalSpectrum.ThetaShape: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }

    public var defaultValueDescription: String { rawValue }
}
