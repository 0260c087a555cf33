import CaloData
import CaloDetector
import CaloSupport
import Foundation

/// How the direction and impact point of a run's showers are chosen: the polar angle theta to
/// the calorimeter's normal, the azimuth phi about it (from +x towards +y) and the impact point
/// (x, y) on the front face, each fixed (a range of zero width) or drawn over a range.
///
/// Direction of flight (sin theta cos phi, sin theta sin phi, cos theta) (`Primary`). Units:
/// radians and mm. theta in [0, pi/2), phi in [-pi, pi], the impact point inside the front face.
public struct ArrivalSpectrum: Sendable, Equatable {
    /// How theta is spread over its range.
    public enum ThetaShape: String, CaseIterable, Sendable {
        /// Uniform in cos theta: equal numbers per solid angle, an isotropic flux within the cone.
        case cosine
        /// Uniform in theta.
        case uniform

        /// "cosine" (or "cos"), "uniform" (or "flat"), any case.
        public init?(name: String) {
            switch name.lowercased() {
            case "cosine", "cos": self = .cosine
            case "uniform", "flat": self = .uniform
            default: return nil
            }
        }
    }

    /// Polar angle range, radians.
    public var thetaRadians: ClosedRange<Double>
    public var thetaShape: ThetaShape
    /// Azimuth range, radians.
    public var phiRadians: ClosedRange<Double>
    /// Impact point ranges on the front face, mm.
    public var impactXMM: ClosedRange<Double>
    public var impactYMM: ClosedRange<Double>

    public init(thetaRadians: ClosedRange<Double> = 0...0, thetaShape: ThetaShape = .cosine,
                phiRadians: ClosedRange<Double> = 0...0, impactXMM: ClosedRange<Double> = 0...0,
                impactYMM: ClosedRange<Double> = 0...0) {
        self.thetaRadians = thetaRadians
        self.thetaShape = thetaShape
        self.phiRadians = phiRadians
        self.impactXMM = impactXMM
        self.impactYMM = impactYMM
    }

    /// Normal incidence through the centre of the front face.
    public static let normalAtCentre = ArrivalSpectrum()

    /// True when nothing is drawn: every shower arrives the same way.
    public var isFixed: Bool {
        [thetaRadians, phiRadians, impactXMM, impactYMM].allSatisfy { $0.lowerBound == $0.upperBound }
    }

    /// theta for u uniform in (0, 1): uniform in cos theta, theta = acos(cos lo - u (cos lo - cos hi)),
    /// or uniform in theta; the fixed value when the range has zero width.
    public func theta(u: Double) -> Double {
        let (lo, hi) = (thetaRadians.lowerBound, thetaRadians.upperBound)
        if lo == hi { return lo }
        switch thetaShape {
        case .cosine:
            let (c0, c1) = (cos(lo), cos(hi))
            return min(max(acos(c0 - u * (c0 - c1)), lo), hi)
        case .uniform:
            return lo + u * (hi - lo)
        }
    }

    /// A value of `range` for u uniform in (0, 1): lo + u (hi - lo), the fixed value for zero width.
    static func uniform(_ range: ClosedRange<Double>, u: Double) -> Double {
        range.lowerBound == range.upperBound ? range.lowerBound : range.lowerBound + u * (range.upperBound - range.lowerBound)
    }

    /// Refuses directions and impact points a shower cannot have in `geometry`: theta outside
    /// [0, 90) degrees (also in float32, as files store it), phi outside [-180, 180] degrees,
    /// an impact point on or beyond the edge of the readout (`Geometry.impactHalfSizeMM`).
    public func check(geometry: Geometry) throws {
        /// "30" or "10 to 30", degrees.
        func degrees(_ r: ClosedRange<Double>) -> String {
            func d(_ x: Double) -> String { String(format: "%g", x * 180 / .pi) }
            return r.lowerBound == r.upperBound ? d(r.lowerBound) : "\(d(r.lowerBound)) to \(d(r.upperBound))"
        }
        for (name, range) in [("theta", thetaRadians), ("phi", phiRadians), ("impact x", impactXMM), ("impact y", impactYMM)] {
            guard range.lowerBound.isFinite, range.upperBound.isFinite else {
                throw CalosimError.badInput("\(name) must be a finite number")
            }
        }
        guard thetaRadians.lowerBound >= 0, thetaRadians.upperBound < .pi / 2,
              ShowerConditions.thetaRangeRadians.contains(Float(thetaRadians.upperBound)) else {
            throw CalosimError.badInput("incidence angle theta must be from 0 to below 90 degrees (got \(degrees(thetaRadians)))"
                + (thetaRadians.lowerBound < 0 ? "; tilt towards -x with phi = 180 degrees" : ""))
        }
        guard phiRadians.lowerBound >= -Double.pi, phiRadians.upperBound <= Double.pi else {
            throw CalosimError.badInput("azimuth phi must be within -180 to 180 degrees (got \(degrees(phiRadians)))")
        }
        let (hx, hy) = geometry.impactHalfSizeMM
        for (x, y) in [(impactXMM.lowerBound, impactYMM.lowerBound), (impactXMM.upperBound, impactYMM.upperBound)]
            where !(abs(x) < hx && abs(y) < hy) {
            throw CalosimError.badInput("impact point (\(x), \(y)) mm is outside the readout of '\(geometry.name)': "
                + "|x| < \(hx) and |y| < \(hy) mm, where the stack and every layer's cells are")
        }
    }

    /// File attributes describing the arrival: `theta_spectrum` ("fixed 30 deg", "uniform in cos
    /// theta 0-30 deg"), `theta_range_rad`, `phi_range_rad` ("LOW:HIGH") and `impact_range_mm`
    /// ("X0:X1,Y0:Y1").
    public var metadata: [String: String] {
        func deg(_ r: Double) -> String { String(format: "%g", r * 180 / .pi) }
        func span(_ r: ClosedRange<Double>) -> String { "\(r.lowerBound):\(r.upperBound)" }
        let (lo, hi) = (thetaRadians.lowerBound, thetaRadians.upperBound)
        let theta = lo == hi ? "fixed \(deg(lo)) deg"
            : "uniform in \(thetaShape == .cosine ? "cos theta" : "theta") \(deg(lo))-\(deg(hi)) deg"
        return ["theta_spectrum": theta, "theta_range_rad": span(thetaRadians), "phi_range_rad": span(phiRadians),
                "impact_range_mm": "\(span(impactXMM)),\(span(impactYMM))"]
    }
}
