import CaloSupport
import CaloTensor
import Foundation

/// The terms of a linear prediction of where a shower's axis crosses each layer, computed from
/// its condition vector (`ConditionEncoding`), for the critic's axis offsets
/// (`ConditionalCritic.axisOffsets`).
///
/// A straight axis entering at the impact point (x0, y0) with direction (theta, phi) crosses
/// depth z at x = x0 + z tan(theta) cos(phi), y = y0 + z tan(theta) sin(phi). A layer's
/// energy-weighted centroid follows that line at the depth of the layer's energy, which grows
/// with ln E (Rossi's shower maximum, t_max = ln(E/E_c) + const). The terms, each only where the
/// condition vector has it:
/// 1. 1 (the centroid at the centre, straight incidence);
/// 2. the normalised impact x and y entries (linear in mm);
/// 3. with varying phi: t_x = tan(theta) cos(phi), t_y = tan(theta) sin(phi) and, for the depth's
///    energy dependence, c_E t_x and c_E t_y (c_E the energy entry, linear in ln E); with theta
///    varying at a fixed phi: tan(theta) and c_E tan(theta).
///
/// The coefficients per layer and axis come from a least-squares fit on the training showers
/// (`fit`), so the same terms serve any geometry and layer depth.
public struct ArrivalBasis: Sendable, Equatable {
    /// Index of the cos theta entry and its range (to decode theta); nil where theta is constant.
    let cosThetaIndex: Int?
    let cosThetaRange: ConditionEncoding.Range?
    /// The constant polar angle where theta is not an entry (radians).
    let fixedTheta: Float
    /// Index of the sin phi entry (cos phi follows); nil where phi is not an entry.
    let phiIndex: Int?
    /// Indices of the impact entries.
    let impactIndices: [Int]
    /// Entries of the condition vector.
    public let conditionWidth: Int

    /// The basis of an encoding's condition vector; nil: the energy alone (width 1, normal
    /// incidence through the centre), whose basis is the constant.
    public init(encoding: ConditionEncoding?) {
        guard let e = encoding else {
            (cosThetaIndex, cosThetaRange, fixedTheta, phiIndex, impactIndices, conditionWidth) = (nil, nil, 0, nil, [], 1)
            return
        }
        var k = 1 + (e.particles?.count ?? 0)
        if e.encodesTheta, let range = e.cosTheta {
            (cosThetaIndex, cosThetaRange) = (k, range)
            k += 1
        } else {
            (cosThetaIndex, cosThetaRange) = (nil, nil)
        }
        fixedTheta = e.thetaRadians?.minimum ?? 0
        if e.encodesPhi {
            phiIndex = k
            k += 2
        } else {
            phiIndex = nil
        }
        var impact = [Int]()
        if e.encodesImpactX { impact.append(k); k += 1 }
        if e.encodesImpactY { impact.append(k); k += 1 }
        impactIndices = impact
        conditionWidth = e.width
        precondition(k == conditionWidth, "ArrivalBasis: entries \(k) for a condition of width \(conditionWidth)")
    }

    /// Terms per shower: 1 + impact entries + 4 with varying phi (2 with theta alone varying).
    public var count: Int { 1 + impactIndices.count + (phiIndex != nil ? 4 : cosThetaIndex != nil ? 2 : 0) }

    /// The terms of one condition vector (`conditionWidth` entries), in the order of the type's
    /// doc comment.
    public func terms(_ c: UnsafeBufferPointer<Float>) -> [Float] {
        precondition(c.count == conditionWidth, "ArrivalBasis: \(c.count) entries for a condition of width \(conditionWidth)")
        var t: [Float] = [1]
        for i in impactIndices { t.append(c[i]) }
        var theta = fixedTheta
        if let i = cosThetaIndex, let range = cosThetaRange {
            let cos = range.minimum + (c[i] + 1) / 2 * (range.maximum - range.minimum)
            theta = Foundation.acos(min(max(cos, -1), 1))
        }
        let tan = Foundation.tan(theta), energy = c[0]
        if let i = phiIndex {
            let tx = tan * c[i + 1], ty = tan * c[i]
            t += [tx, ty, energy * tx, energy * ty]
        } else if cosThetaIndex != nil {
            t += [tan, energy * tan]
        }
        return t
    }

    /// The terms of a batch of condition vectors [B, conditionWidth] as [B, count] (a constant:
    /// no gradient flows to the conditions).
    public func callAsFunction(_ c: Tensor) -> Tensor {
        precondition(c.rank == 2 && c.shape[1] == conditionWidth, "ArrivalBasis: condition of shape \(c.shape), width \(conditionWidth)")
        let b = c.shape[0], scalars = c.scalars
        var out = [Float]()
        out.reserveCapacity(b * count)
        scalars.withUnsafeBufferPointer { p in
            for r in 0..<b { out += terms(UnsafeBufferPointer(rebasing: p[r * conditionWidth..<(r + 1) * conditionWidth])) }
        }
        return Tensor(shape: [b, count], scalars: out)
    }

    /// Least-squares coefficients [count, targets] of `targets` values per shower on the terms:
    /// `chunks` calls its body with each chunk's terms [n, count] and values [n, targets]. The
    /// normal equations are summed in Double; a column whose system is singular (a term that does
    /// not vary in the data) falls back to the intercept alone, the mean, whose equation is the
    /// first row and column of the same sums (the first term is the constant 1).
    public static func fit(count: Int, targets: Int, chunks: ((_ terms: Tensor, _ values: Tensor) -> Void) -> Void) -> Tensor {
        var full = (0..<targets).map { _ in NormalEquations(parameterCount: count) }
        chunks { terms, values in
            precondition(terms.shape[1] == count && values.shape[1] == targets && terms.shape[0] == values.shape[0],
                         "ArrivalBasis.fit: terms \(terms.shape) and values \(values.shape) for \(count) terms, \(targets) targets")
            let a = terms.scalars, y = values.scalars
            for r in 0..<terms.shape[0] {
                let row = a[r * count..<(r + 1) * count].map(Double.init)
                for j in 0..<targets { full[j].add(row, value: Double(y[r * targets + j])) }
            }
        }
        var beta = [Float](repeating: 0, count: count * targets)
        for j in 0..<targets {
            var p = full[j].solve()
            if !p.allSatisfy(\.isFinite) { p = [full[j].rhs[0] / full[j][0, 0]] + Array(repeating: 0, count: count - 1) }
            for k in 0..<count { beta[k * targets + j] = Float(p[k].isFinite ? p[k] : 0) }
        }
        return Tensor(shape: [count, targets], scalars: beta)
    }
}
