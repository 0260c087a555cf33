/// A measured value with its statistical error against an expected band: the pull and the verdict.
///
/// The pull is the distance outside the band in units of the error (0 inside): the Geant4
/// test-suite rule |mean - expected| sqrt(N)/rms <= 3 generalised to a band. `pass` inside the
/// band; `compatible` outside it by at most `maximumPull` errors (the sample cannot tell the
/// value from the band; more showers decide); `fail` beyond, or when the value or its error is
/// not finite (docs/physics.md §14.1).
public struct BandComparison: Sendable, Equatable {
    public let value: Double
    public let error: Double
    public let band: ClosedRange<Double>
    public let pull: Double
    /// `pass`, `compatible` or `fail` (never `info`).
    public let status: CheckOutcome.Status

    /// Maximum pull for `compatible`.
    public static let maximumPull = 3.0

    public init(value: Double, error: Double, band: ClosedRange<Double>) {
        self.value = value
        self.error = error
        self.band = band
        let outside = value < band.lowerBound ? band.lowerBound - value : (value > band.upperBound ? value - band.upperBound : 0)
        let p = outside == 0 ? 0 : (error > 0 ? outside / error : .infinity)
        pull = value.isFinite ? p : .infinity
        if !value.isFinite || !error.isFinite {
            status = .fail
        } else if outside == 0 {
            status = .pass
        } else {
            status = p <= BandComparison.maximumPull ? .compatible : .fail
        }
    }

    /// Passed or compatible.
    public var passed: Bool { status == .pass || status == .compatible }
}
