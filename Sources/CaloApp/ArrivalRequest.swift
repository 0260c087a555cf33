import CaloSupport
import Foundation

/// Directions and impact points as a user gives them: degrees and mm, each quantity fixed or a
/// range (`--angle` or `--theta-range`, `--phi` or `--phi-range`, `--impact` or `--impact-range`).
public struct ArrivalRequest: Sendable, Equatable {
    /// A fixed polar angle to the normal, degrees (nil: 0 unless `thetaRangeDegrees`).
    public var angleDegrees: Double?
    /// A theta range "LOW:HIGH" in degrees, e.g. "0:30".
    public var thetaRangeDegrees: String?
    /// How theta is spread over `thetaRangeDegrees` (uniform in cos theta by default).
    public var thetaShape: ArrivalSpectrum.ThetaShape = .cosine
    /// A fixed azimuth, degrees (nil: 0 unless `phiRangeDegrees`).
    public var phiDegrees: Double?
    /// An azimuth range "LOW:HIGH" in degrees, e.g. "-180:180".
    public var phiRangeDegrees: String?
    /// A fixed impact point "X,Y" in mm (nil: the centre unless `impactRangeMM`).
    public var impactMM: String?
    /// An impact rectangle "X0:X1,Y0:Y1" in mm.
    public var impactRangeMM: String?

    public init() {}

    /// The arrival in radians and mm; throws when a quantity is given both fixed and as a range,
    /// or a text does not read as its form, or a range has its low end above its high end. The
    /// values themselves are checked against the geometry by `ArrivalSpectrum.check(geometry:)`.
    public func spectrum() throws -> ArrivalSpectrum {
        let theta = try Self.quantity(fixed: angleDegrees, range: thetaRangeDegrees, fixedOption: "--angle",
                                      rangeOption: "--theta-range", unit: "degrees", example: "0:30")
        let phi = try Self.quantity(fixed: phiDegrees, range: phiRangeDegrees, fixedOption: "--phi",
                                    rangeOption: "--phi-range", unit: "degrees", example: "-180:180")
        var x = 0.0...0.0, y = 0.0...0.0
        switch (impactMM, impactRangeMM) {
        case (let point?, nil):
            let p = try Self.impactPoint(point)
            (x, y) = (p.xMM...p.xMM, p.yMM...p.yMM)
        case (nil, let rectangle?):
            let parts = rectangle.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw CalosimError.badInput("--impact-range must be X0:X1,Y0:Y1 in mm, e.g. -20:20,-20:20 (got '\(rectangle)')")
            }
            x = try Self.range(String(parts[0]), option: "--impact-range (x)", unit: "mm", example: "-20:20,-20:20")
            y = try Self.range(String(parts[1]), option: "--impact-range (y)", unit: "mm", example: "-20:20,-20:20")
        case (nil, nil):
            break
        case (.some, .some):
            throw CalosimError.badInput("give either --impact or --impact-range, not both")
        }
        return ArrivalSpectrum(thetaRadians: Self.radians(theta.lowerBound)...Self.radians(theta.upperBound), thetaShape: thetaShape,
                               phiRadians: Self.radians(phi.lowerBound)...Self.radians(phi.upperBound),
                               impactXMM: x, impactYMM: y)
    }

    /// Degrees to radians as `--angle` always converted, d pi / 180 (so a fixed angle's showers
    /// keep their bytes); within +-180 degrees clamped to [-pi, pi] against rounding.
    static func radians(_ degrees: Double) -> Double {
        let r = degrees * .pi / 180
        return abs(degrees) <= 180 ? min(max(r, -Double.pi), Double.pi) : r
    }

    /// A quantity given as a fixed value or a "LOW:HIGH" range (0 when neither), in its unit.
    private static func quantity(fixed: Double?, range: String?, fixedOption: String, rangeOption: String,
                                 unit: String, example: String) throws -> ClosedRange<Double> {
        switch (fixed, range) {
        case (let v?, nil):
            guard v.isFinite else { throw CalosimError.badInput("\(fixedOption) must be a finite number of \(unit)") }
            return v...v
        case (nil, let r?): return try Self.range(r, option: rangeOption, unit: unit, example: example)
        case (nil, nil): return 0...0
        case (.some, .some): throw CalosimError.badInput("give either \(fixedOption) or \(rangeOption), not both")
        }
    }

    /// "LOW:HIGH" (blanks allowed) with finite LOW <= HIGH.
    static func range(_ text: String, option: String, unit: String, example: String) throws -> ClosedRange<Double> {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo.isFinite, hi.isFinite else {
            throw CalosimError.badInput("\(option) must be LOW:HIGH in \(unit), e.g. \(example) (got '\(text)')")
        }
        guard lo <= hi else { throw CalosimError.badInput("\(option): low end \(lo) is above high end \(hi)") }
        return lo...hi
    }

    /// "X,Y" (mm, blanks allowed) as two numbers.
    public static func impactPoint(_ text: String) throws -> (xMM: Double, yMM: Double) {
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let x = parts[0], let y = parts[1], x.isFinite, y.isFinite else {
            throw CalosimError.badInput("--impact must be X,Y in mm (got '\(text)')")
        }
        return (x, y)
    }
}
