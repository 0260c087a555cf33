import Foundation

/// One physics check: which quantity (`check`), its measured value with its error, the expected
/// band, the pull and the status.
///
/// Status as `BandComparison` decides it (`pass`, `compatible`, `fail`), or `info` for a number
/// reported with its expected band but not tested (docs/physics.md §14.1). JSON keys: `check`
/// (the `PhysicsCheckID` name), `name`, `value`, `error`, `lower`, `upper`, `unit`, `pull`,
/// `status`, `note`.
public struct CheckOutcome: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case pass = "PASS"
        case compatible = "PASS(3sd)"
        case fail = "FAIL"
        case info = "info"
    }

    /// What is checked.
    public let check: PhysicsCheckID
    /// The quantity with its particle and energy ("t_max e- 10 GeV").
    public let name: String
    public let value: Double
    /// Statistical error (plus any stated systematic, in quadrature).
    public let error: Double
    public let lower: Double
    public let upper: Double
    public let unit: String
    public let pull: Double
    public let status: Status
    /// Sample size, method and diagnosis.
    public let note: String

    /// Maximum pull for `compatible`.
    public static let maximumPull = BandComparison.maximumPull

    /// A check of `value +- error` against `band`; informational when `informational` is true.
    public init(check: PhysicsCheckID, name: String, value: Double, error: Double, band: ClosedRange<Double>,
                unit: String = "", informational: Bool = false, note: String = "") {
        self.check = check
        self.name = name
        self.value = value
        self.error = error
        lower = band.lowerBound
        upper = band.upperBound
        self.unit = unit
        let comparison = BandComparison(value: value, error: error, band: band)
        pull = comparison.pull
        status = informational ? .info : comparison.status
        self.note = note
    }

    /// A check that failed to produce a value (a fit that did not converge, no showers).
    public static func unavailable(check: PhysicsCheckID, name: String, band: ClosedRange<Double>, note: String) -> CheckOutcome {
        CheckOutcome(check: check, name: name, value: .nan, error: .nan, band: band, note: note)
    }

    /// Passed or compatible.
    public var passed: Bool { status == .pass || status == .compatible }
}
