import CaloData
import CaloSupport
import Foundation

/// Inputs of the classifier two-sample test, one row per shower, standardised.
///
/// Low-level: each cell as log10(E_cell / E_inc) clamped at 1e-7 (so an empty cell is -7),
/// plus log10(E_inc / MeV). High-level: every `Observable` plus log10(E_inc / MeV); an
/// undefined observable (NaN) becomes the training mean. Every column is then shifted and
/// scaled to zero mean and unit variance over the training rows of both classes.
struct ClassifierFeatures {
    /// Row-major [rows, width].
    var values: [Float]
    let width: Int
    var rows: Int { values.count / width }

    /// Smallest cell fraction kept before the logarithm.
    static let floorFraction: Float = 1e-7

    /// Low-level rows of the showers `indices` of `sample`.
    static func lowLevel(_ sample: ShowerBatch, indices: [Int]) -> ClassifierFeatures {
        let cells = sample.cellCount, width = cells + 1
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
        }
        return ClassifierFeatures(values: v, width: width)
    }

    /// High-level rows: `observables[k][shower]` for the showers `indices`.
    static func highLevel(_ observables: [[Float]], energies: [Float], indices: [Int]) -> ClassifierFeatures {
        let width = observables.count + 1
        var v = [Float](repeating: 0, count: indices.count * width)
        for (row, s) in indices.enumerated() {
            for k in 0..<observables.count { v[row * width + k] = observables[k][s] }
            v[row * width + observables.count] = log10(energies[s])
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
