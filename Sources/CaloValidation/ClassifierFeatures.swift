import CaloData
import CaloSupport
import Foundation

/// Inputs of the classifier two-sample test, one row per shower, standardised.
///
/// Low-level: each cell as log10(E_cell / E_inc) clamped at 1e-7 (so an empty cell is -7),
/// plus log10(E_inc / MeV). High-level: every `Observable` plus log10(E_inc / MeV); an
/// undefined observable (NaN) becomes the training mean. Both then end with the condition
/// columns (`ClassifierConditions`: species one-hot, cos theta, sin and cos phi, impact x and y,
/// those the reference varies in; none for a reference at one condition). Every column is then
/// shifted and scaled to zero mean and unit variance over the training rows of both classes.
///
/// Width: cells + 1 + conditions (low-level), observables + 1 + conditions (high-level).
struct ClassifierFeatures {
    /// Row-major [rows, width].
    var values: [Float]
    let width: Int
    var rows: Int { values.count / width }

    /// Smallest cell fraction kept before the logarithm.
    static let floorFraction: Float = 1e-7

    /// Low-level rows of the showers `indices` of `sample`, with the condition `columns` of each.
    static func lowLevel(_ sample: ShowerBatch, indices: [Int],
                         columns: ClassifierConditions = ClassifierConditions()) -> ClassifierFeatures {
        let cells = sample.cellCount, width = cells + 1 + columns.count
        var v = [Float](repeating: 0, count: indices.count * width)
        let logFloor = log10(floorFraction)
        for (row, s) in indices.enumerated() {
            let e = sample.incidentEnergiesMeV[s]
            let inverse = 1 / e
            for c in 0..<cells {
                let f = sample.cellEnergiesMeV[s * cells + c] * inverse
                v[row * width + c] = f > floorFraction ? log10(f) : logFloor
            }
            v[row * width + cells] = log10(e)
            if columns.count > 0 { columns.write(sample.conditions(s), into: &v, at: row * width + cells + 1) }
        }
        return ClassifierFeatures(values: v, width: width)
    }

    /// High-level rows: `observables[k][shower]` for the showers `indices`; `conditions[row]`
    /// the conditions of the row's shower (one per index; unread when `columns` is empty).
    static func highLevel(_ observables: [[Float]], energies: [Float], indices: [Int], conditions: [ShowerConditions] = [],
                          columns: ClassifierConditions = ClassifierConditions()) -> ClassifierFeatures {
        precondition(columns.count == 0 || conditions.count == indices.count,
                     "ClassifierFeatures.highLevel: \(conditions.count) conditions for \(indices.count) rows")
        let width = observables.count + 1 + columns.count
        var v = [Float](repeating: 0, count: indices.count * width)
        for (row, s) in indices.enumerated() {
            for k in 0..<observables.count { v[row * width + k] = observables[k][s] }
            v[row * width + observables.count] = log10(energies[s])
            if columns.count > 0 { columns.write(conditions[row], into: &v, at: row * width + observables.count + 1) }
        }
        return ClassifierFeatures(values: v, width: width)
    }

    /// Per-column mean and standard deviation over `rows` (NaN ignored).
    static func standardisation(_ parts: [ClassifierFeatures]) -> (mean: [Float], scale: [Float]) {
        let width = parts[0].width
        var sum = [Double](repeating: 0, count: width), sum2 = sum, n = sum
        for p in parts {
            for r in 0..<p.rows {
                for c in 0..<width {
                    let x = p.values[r * width + c]
                    guard !x.isNaN else { continue }
                    sum[c] += Double(x); sum2[c] += Double(x) * Double(x); n[c] += 1
                }
            }
        }
        var mean = [Float](repeating: 0, count: width), scale = [Float](repeating: 1, count: width)
        for c in 0..<width where n[c] > 0 {
            let m = sum[c] / n[c]
            let sd = PowerSums.variance(sum: sum[c], sumOfSquares: sum2[c], count: n[c]).squareRoot()
            mean[c] = Float(m)
            scale[c] = sd > 1e-12 ? Float(1 / sd) : 1
        }
        return (mean, scale)
    }

    /// Applies a standardisation in place; NaN becomes 0 (the mean).
    mutating func standardise(mean: [Float], scale: [Float]) {
        for r in 0..<rows {
            for c in 0..<width {
                let x = values[r * width + c]
                values[r * width + c] = x.isNaN ? 0 : (x - mean[c]) * scale[c]
            }
        }
    }
}
