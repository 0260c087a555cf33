import Foundation

/// One acceptance check: a measured value with its error against an expected band.
///
/// Status: `pass` when the value lies inside the band; `compatible` when it lies outside but
/// within 3 standard errors of it (pull <= 3: statistically consistent, more showers decide);
/// `fail` beyond that; `info` for numbers reported without a criterion.
/// The pull is the distance outside the band in units of the error (0 inside), the style
/// notes' |mean - expected| sqrt(N)/rms <= 3 generalised to a band.
public struct CheckOutcome: Sendable, Equatable, Codable {
    public enum Status: String, Sendable, Codable {
        case pass = "PASS"
        case compatible = "PASS(3sd)"
        case fail = "FAIL"
        case info = "info"
    }

    /// Issue 3 criterion number (1-8; 0 for informational extras).
    public let criterion: Int
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
    public static let maximumPull = 3.0

    /// A check of `value +- error` against `band`; informational when `informational` is true.
    public init(criterion: Int, name: String, value: Double, error: Double, band: ClosedRange<Double>,
                unit: String = "", informational: Bool = false, note: String = "") {
        self.criterion = criterion
        self.name = name
        self.value = value
        self.error = error
        lower = band.lowerBound
        upper = band.upperBound
        self.unit = unit
        let outside = value < band.lowerBound ? band.lowerBound - value : (value > band.upperBound ? value - band.upperBound : 0)
        let p = outside == 0 ? 0 : (error > 0 ? outside / error : .infinity)
        pull = value.isFinite ? p : .infinity
        if informational {
            status = .info
        } else if !value.isFinite || !error.isFinite {
            status = .fail
        } else if outside == 0 {
            status = .pass
        } else {
            status = p <= CheckOutcome.maximumPull ? .compatible : .fail
        }
        self.note = note
    }

    /// A check that failed to produce a value (a fit that did not converge, no showers).
    public static func unavailable(criterion: Int, name: String, band: ClosedRange<Double>, note: String) -> CheckOutcome {
        CheckOutcome(criterion: criterion, name: name, value: .nan, error: .nan, band: band, note: note)
    }

    /// Passed or compatible.
    public var passed: Bool { status == .pass || status == .compatible }
}
