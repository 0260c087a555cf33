import ArgumentParser
import CaloApp

/// `--spectrum uniform|log` (also "flat", "log-uniform", "loguniform").
extension SpectrumShape: ExpressibleByArgument {
    public init?(argument: String) { self.init(name: argument) }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }

    public var defaultValueDescription: String { rawValue }
}
