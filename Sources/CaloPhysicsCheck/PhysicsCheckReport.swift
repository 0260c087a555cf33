import Foundation

/// The result of `PhysicsCheck.run`: every check with its value, error, band and status, and
/// what was simulated (samples, showers, wall time).
public struct PhysicsCheckReport: Sendable, Codable, Equatable {
    /// One simulated sample.
    public struct Sample: Sendable, Codable, Equatable {
        public let geometry: String
        public let particle: String
        public let energyGeV: Double
        public let variant: String
        public let showers: Int
        public let seconds: Double
    }

    public var configuration: PhysicsCheckConfiguration
    public var checks: [CheckOutcome] = []
    public var samples: [Sample] = []
    /// Named per-energy diagnostics (mean profiles, leakage, intrinsic resolution...).
    public var diagnostics: [String: [Double]] = [:]

    public init(configuration: PhysicsCheckConfiguration) { self.configuration = configuration }

    public var passedCount: Int { checks.filter(\.passed).count }
    public var failedCount: Int { checks.filter { $0.status == .fail }.count }

    /// A fixed-width table: check (the `PhysicsCheckID` name), quantity, value +- error, band,
    /// pull, status; then "N passed, M failed".
    public var table: String {
        var lines: [String] = []
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        let idWidth = PhysicsCheckID.longestName + 2
        lines.append(pad("check", idWidth) + pad("quantity", 44) + pad("measured", 34) + pad("band", 26) + pad("pull", 7) + "status")
        for c in checks {
            let value = "\(Self.format(c.value)) +- \(Self.format(c.error)) \(c.unit)"
            let band = "[\(Self.format(c.lower)), \(Self.format(c.upper))]"
            let pull = c.status == .info ? "" : String(format: "%.1f", c.pull)
            lines.append(pad(c.check.rawValue, idWidth) + pad(c.name, 44) + pad(value, 34) + pad(band, 26) + pad(pull, 7)
                         + c.status.rawValue + (c.note.isEmpty ? "" : "  " + c.note))
        }
        let shown = samples.map { "\($0.geometry) \($0.particle) \(Self.format($0.energyGeV)) GeV \($0.variant): \($0.showers) showers, \(String(format: "%.1f", $0.seconds)) s" }
        lines.append("samples: " + shown.joined(separator: "; "))
        lines.append("\(passedCount) passed, \(failedCount) failed")
        return lines.joined(separator: "\n")
    }

    /// Four significant digits, or an exponent for very small/large numbers.
    static func format(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : "inf" }
        let a = abs(x)
        if a != 0 && (a < 1e-3 || a >= 1e6) { return String(format: "%.3e", x) }
        return String(format: "%.4g", x)
    }
}
