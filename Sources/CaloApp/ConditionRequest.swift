import CaloDetector
import CaloSupport
import Foundation

/// Species, direction and impact point as a user gives them to `calosim generate`: angles in
/// degrees, the impact point in mm; each quantity fixed or a range, never both.
///
/// `draw()` checks and converts to a `ConditionDraw` (radians, mm). Text forms: `particles`
/// "e-" or a mixture "e-,gamma"; a range "LOW:HIGH"; `impactMM` "X,Y"; `impactRangeMM`
/// "X0:X1,Y0:Y1".
public struct ConditionRequest: Sendable, Equatable {
    public var particles: String?
    public var thetaDegrees: Double?
    public var thetaRangeDegrees: String?
    public var phiDegrees: Double?
    public var phiRangeDegrees: String?
    public var impactMM: String?
    public var impactRangeMM: String?

    public init(particles: String? = nil, thetaDegrees: Double? = nil, thetaRangeDegrees: String? = nil, phiDegrees: Double? = nil,
                phiRangeDegrees: String? = nil, impactMM: String? = nil, impactRangeMM: String? = nil) {
        self.particles = particles
        self.thetaDegrees = thetaDegrees
        self.thetaRangeDegrees = thetaRangeDegrees
        self.phiDegrees = phiDegrees
        self.phiRangeDegrees = phiRangeDegrees
        self.impactMM = impactMM
        self.impactRangeMM = impactRangeMM
    }

    /// True when nothing beyond the energy is asked for.
    public var isEmpty: Bool { self == ConditionRequest() }

    /// The draw, checked: known species (each once); theta in [0, 90) degrees; phi in
    /// [-180, 180] degrees; finite impact coordinates; ranges with LOW < HIGH; not a value and a
    /// range of the same quantity.
    public func draw() throws -> ConditionDraw {
        var d = ConditionDraw()
        if let particles {
            let names = particles.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            d.particles = try names.map { name in
                guard let p = Particle(name: name) else {
                    throw CalosimError.badInput("unknown particle '\(name)' in --particle (use e-, e+ or gamma, or a mixture like e-,gamma)")
                }
                return p
            }
            guard Set(d.particles).count == d.particles.count else {
                throw CalosimError.badInput("--particle names a species twice ('\(particles)')")
            }
        }
        let radians = Double.pi / 180
        if let theta = try Self.value(thetaDegrees, range: thetaRangeDegrees, name: "theta", bounds: "[0, 90) degrees",
                                         allowed: { $0 >= 0 && $0 < 90 }, unit: "degrees") {
            d.thetaRadians = (theta.lowerBound * radians)...(theta.upperBound * radians)
        }
        if let phi = try Self.value(phiDegrees, range: phiRangeDegrees, name: "phi", bounds: "[-180, 180] degrees",
                                       allowed: { abs($0) <= 180 }, unit: "degrees") {
            d.phiRadians = (phi.lowerBound * radians)...(phi.upperBound * radians)
        }
        guard impactMM == nil || impactRangeMM == nil else {
            throw CalosimError.badInput("give either --impact or --impact-range, not both")
        }
        if let impactMM {
            let xy = try Self.numbers(impactMM, separator: ",", count: 2, what: "--impact must be X,Y in mm, e.g. 5,-3")
            d.impactXMM = xy[0]...xy[0]
            d.impactYMM = xy[1]...xy[1]
        }
        if let impactRangeMM {
            let form = "--impact-range must be X0:X1,Y0:Y1 in mm, e.g. -10:10,-10:10"
            let axes = impactRangeMM.split(separator: ",", omittingEmptySubsequences: false)
            guard axes.count == 2 else { throw CalosimError.badInput("\(form) (got '\(impactRangeMM)')") }
            let x = try Self.numbers(String(axes[0]), separator: ":", count: 2, what: form)
            let y = try Self.numbers(String(axes[1]), separator: ":", count: 2, what: form)
            guard x[0] < x[1], y[0] < y[1] else {
                throw CalosimError.badInput("--impact-range: each low end must be below its high end (got '\(impactRangeMM)')")
            }
            d.impactXMM = x[0]...x[1]
            d.impactYMM = y[0]...y[1]
        }
        return d
    }

    /// A fixed value or a "LOW:HIGH" range of one quantity, checked against `allowed` (`bounds` in words); nil when neither is given.
    private static func value(_ fixed: Double?, range: String?, name: String, bounds: String, allowed: (Double) -> Bool,
                              unit: String) throws -> ClosedRange<Double>? {
        func check(_ v: Double, _ what: String) throws -> Double {
            guard v.isFinite, allowed(v) else { throw CalosimError.badInput("\(what) \(v) is outside \(bounds)") }
            return v
        }
        switch (fixed, range) {
        case (nil, nil): return nil
        case (.some, .some): throw CalosimError.badInput("give either --\(name) or --\(name)-range, not both")
        case (let v?, nil):
            let v = try check(v, "--\(name)")
            return v...v
        case (nil, let text?):
            let ends = try numbers(text, separator: ":", count: 2, what: "--\(name)-range must be LOW:HIGH in \(unit), e.g. 0:30")
            let lo = try check(ends[0], "--\(name)-range low end"), hi = try check(ends[1], "--\(name)-range high end")
            guard lo < hi else { throw CalosimError.badInput("--\(name)-range: low end \(lo) must be below high end \(hi)") }
            return lo...hi
        }
    }

    /// `count` finite numbers separated by `separator`, else the error `what`.
    private static func numbers(_ text: String, separator: Character, count: Int, what: String) throws -> [Double] {
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        let values = parts.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == count, values.count == count, values.allSatisfy(\.isFinite) else {
            throw CalosimError.badInput("\(what) (got '\(text)')")
        }
        return values
    }
}
