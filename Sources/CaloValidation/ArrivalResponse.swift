import CaloData
import CaloDetector
import CaloSupport
import Foundation

/// How each layer's centroid follows the shower's arrival, in the reference and the generated
/// sample: a shower that enters 5 mm further out, or inclined, must deposit its energy further
/// out by the same amount, layer by layer.
///
/// Per layer and axis a (x or y), a linear least-squares fit (`LinearFit`, errors from the
/// scatter) of the energy-weighted centroid c_a (mm) over the showers whose layer holds energy:
///
///     c_a = p0 + p_impact a0 + t_a (p_depth + p_slope ln(E / E_ref))
///
/// with a0 the impact point (mm), t_x = tan(theta) cos(phi), t_y = tan(theta) sin(phi) and E_ref
/// the reference's geometric-mean energy. p_impact (mm per mm) is 1 where the layer's cells
/// resolve the shower's position and less where they are coarse; p_depth (mm) is the depth at
/// which the layer's centroid sits on the shower's axis at E_ref. Terms whose condition does not
/// vary in the reference are left out. A readout that follows the particle (polar) has slopes
/// near 0 in both samples and no check.
///
/// Each slope is a check, |p_gen / p_ref - 1| <= `Thresholds.arrivalSlopeDeviation`, where the
/// ratio's statistical error is at most 2 % (else it is reported only).
public struct ArrivalResponse: Sendable, Codable {
    /// One slope in both samples.
    public struct Slope: Sendable, Codable {
        public var layer: Int
        /// "x" or "y".
        public var axis: String
        /// "impact" (mm per mm) or "depth" (mm).
        public var term: String
        public var reference: Double
        public var referenceError: Double
        public var generated: Double
        public var generatedError: Double
        /// Showers fitted (layer not empty) in each sample.
        public var referenceShowers: Int
        public var generatedShowers: Int

        /// p_gen / p_ref.
        public var ratio: Double { generated / reference }
        /// Statistical error of the ratio (the two fits independent).
        public var ratioError: Double {
            abs(ratio) * ((referenceError / reference) * (referenceError / reference)
                + (generatedError / generated) * (generatedError / generated)).squareRoot()
        }
        /// (p_gen - p_ref) / combined error.
        public var pull: Double { (generated - reference) / (referenceError * referenceError + generatedError * generatedError).squareRoot() }
        /// Whether the ratio is measured well enough (error <= 0.02) for a check.
        public var isChecked: Bool { ratioError.isFinite && ratioError <= 0.02 && reference != 0 }
        public var name: String { "\(term) slope of the layer-\(layer) centroid in \(axis)" }
    }

    public var slopes: [Slope]
    /// ln E_ref of the depth terms (E in MeV).
    public var referenceLogEnergy: Double

    /// The fits of both samples; nil where the reference does not record its arrival or neither
    /// the impact point nor the direction varies. `referenceObservables`/`generatedObservables`
    /// are the per-shower values in the order of `observables` (mm for the centroids).
    public static func make(reference: any ValidationSample, generated: any ValidationSample, observables: [Observable],
                            referenceObservables: [[Float]], generatedObservables: [[Float]], layers: Int) -> ArrivalResponse? {
        guard reference.recordsArrival, generated.recordsArrival else { return nil }
        let rc = reference.conditions, gc = generated.conditions
        func varies(_ v: (ShowerConditions) -> Float) -> Bool { rc.contains { v($0) != v(rc[0]) } }
        let impact = (x: varies(\.impactXMM), y: varies(\.impactYMM))
        let inclined = varies(\.thetaRadians) || (varies(\.phiRadians) && rc.contains { $0.thetaRadians > 0 })
        guard impact.x || impact.y || inclined else { return nil }
        let logE = rc.reduce(0.0) { $0 + Foundation.log(Double($1.incidentEnergyMeV)) } / Double(rc.count)
        let index = Dictionary(uniqueKeysWithValues: observables.enumerated().map { ($1, $0) })
        var slopes = [Slope]()
        for l in 0..<layers {
            for axis in ["x", "y"] {
                guard let k = index[axis == "x" ? .centroidX(l) : .centroidY(l)] else { continue }
                let withImpact = axis == "x" ? impact.x : impact.y
                // The design row of a shower: 1, a0, t_a, t_a ln(E/E_ref), as the data vary.
                func row(_ c: ShowerConditions) -> [Double] {
                    var r: [Double] = [1]
                    if withImpact { r.append(Double(axis == "x" ? c.impactXMM : c.impactYMM)) }
                    if inclined {
                        let t = Foundation.tan(Double(c.thetaRadians)) * (axis == "x" ? Foundation.cos(Double(c.phiRadians))
                                                                                      : Foundation.sin(Double(c.phiRadians)))
                        r += [t, t * (Foundation.log(Double(c.incidentEnergyMeV)) - logE)]
                    }
                    return r
                }
                func fit(_ conditions: [ShowerConditions], _ values: [Float]) -> (LinearFit, Int)? {
                    var design = [[Double]](), y = [Double]()
                    for (c, v) in zip(conditions, values) where v.isFinite {
                        design.append(row(c))
                        y.append(Double(v))
                    }
                    return LinearFit(design: design, values: y).map { ($0, y.count) }
                }
                guard let (r, nr) = fit(rc, referenceObservables[k]), let (g, ng) = fit(gc, generatedObservables[k]) else { continue }
                var terms = [(String, Int)]()
                if withImpact { terms.append(("impact", 1)) }
                if inclined { terms.append(("depth", withImpact ? 2 : 1)) }
                for (term, p) in terms {
                    slopes.append(Slope(layer: l, axis: axis, term: term, reference: r.parameters[p], referenceError: r.error(p),
                                        generated: g.parameters[p], generatedError: g.error(p), referenceShowers: nr, generatedShowers: ng))
                }
            }
        }
        return slopes.isEmpty ? nil : ArrivalResponse(slopes: slopes, referenceLogEnergy: logE)
    }

    /// The checks of the slopes measured well enough (`Slope.isChecked`).
    public func checks(thresholds: Thresholds) -> [ValidationCheck] {
        slopes.filter(\.isChecked).map { s in
            ValidationCheck(check: .arrivalResponse, name: s.name, value: abs(s.ratio - 1), limit: thresholds.arrivalSlopeDeviation,
                            detail: String(format: "generated %.4g ± %.2g, reference %.4g ± %.2g (ratio %.4f ± %.4f)", s.generated,
                                           s.generatedError, s.reference, s.referenceError, s.ratio, s.ratioError),
                            pull: s.pull)
        }
    }
}
