import CaloSupport
import CaloTensor

/// Standardisation of the critic's inputs: (v - mean) / max(rms, floor), fitted on training data.
public struct CriticNormalization: Sendable {
    public var cellShift: Tensor
    public var cellScale: Tensor
    public var featureShift: Tensor
    public var featureScale: Tensor
    /// Least-squares coefficients [terms, 2 layers] of the layers' centroids on the arrival's
    /// terms (`ArrivalBasis`), for the critic's axis offsets; nil for a critic without them.
    public var axisCoefficients: Tensor?

    static func identity(cells: Int, features: Int) -> CriticNormalization {
        CriticNormalization(cellShift: Tensor(shape: [1, cells]), cellScale: Tensor(shape: [1, cells], repeating: 1),
                            featureShift: Tensor(shape: [1, features]), featureScale: Tensor(shape: [1, features], repeating: 1))
    }

    /// Column means and 1 / max(rms, floor) of `values` [rows, columns] (the plain form of
    /// `standardisation(rows:chunkShowers:floor:_:)`).
    static func standardisation(_ values: Tensor, floor: Float) -> (shift: Tensor, scale: Tensor) {
        let mean = values.mean(axis: 0, keepingDimensions: true)
        let rms = (values - mean).squared().mean(axis: 0, keepingDimensions: true).sqrt()
        return (mean, 1 / rms.maximum(floor))
    }

    /// Column means and 1 / max(rms, floor) of `rows` rows that `chunk(range)` returns a range of
    /// at a time ([range.count, columns]): two passes (the mean, then the mean squared deviation
    /// from it), summed in Double, so memory is one chunk whatever `rows`.
    static func standardisation(rows: Int, chunkShowers: Int, floor: Float,
                                _ chunk: (Range<Int>) -> Tensor) -> (shift: Tensor, scale: Tensor) {
        require(rows > 0 && chunkShowers > 0, "CriticNormalization: \(rows) rows in chunks of \(chunkShowers)")
        // Each chunk's values [n, columns] with its column count.
        func eachChunk(_ body: (_ values: [Float], _ columns: Int) -> Void) {
            for first in stride(from: 0, to: rows, by: chunkShowers) {
                let n = min(chunkShowers, rows - first), values = chunk(first..<first + n).scalars
                body(values, values.count / n)
            }
        }
        var means = [Double]()
        eachChunk { v, columns in
            if means.isEmpty { means = [Double](repeating: 0, count: columns) }
            for r in stride(from: 0, to: v.count, by: columns) {
                for c in 0..<columns { means[c] += Double(v[r + c]) }
            }
        }
        means = means.map { $0 / Double(rows) }
        var squares = [Double](repeating: 0, count: means.count)
        eachChunk { v, columns in
            for r in stride(from: 0, to: v.count, by: columns) {
                for c in 0..<columns {
                    let d = Double(v[r + c]) - means[c]
                    squares[c] += d * d
                }
            }
        }
        let mean = means.map(Float.init), rms = squares.map { Float(($0 / Double(rows)).squareRoot()) }
        return (Tensor(shape: [1, mean.count], scalars: mean), Tensor(shape: [1, rms.count], scalars: rms.map { 1 / max($0, floor) }))
    }

    /// Showers per chunk of `fit`.
    static let fitChunkShowers = 2048

    /// Fitted on training cells [count, cells] in network space and their condition vectors
    /// [count, critic.conditionWidth] (the critic's features of them), `fitChunkShowers` at a
    /// time: first the axis coefficients where the critic has axis offsets (`ArrivalBasis.fit`
    /// of the centroids), then the standardisation of cells and features.
    static func fit(critic: ConditionalCritic, cells: [Float], conditions: [Float], count: Int) -> CriticNormalization {
        let width = cells.count / count, w = critic.conditionWidth
        require(conditions.count == count * w, "CriticNormalization.fit: \(conditions.count) condition entries for \(count) showers of \(w)")
        func rows(_ range: Range<Int>) -> Tensor {
            Tensor(shape: [range.count, width], scalars: Array(cells[range.lowerBound * width..<range.upperBound * width]))
        }
        func conditionRows(_ range: Range<Int>) -> Tensor {
            Tensor(shape: [range.count, w], scalars: Array(conditions[range.lowerBound * w..<range.upperBound * w]))
        }
        return withoutGradients {
            let c = standardisation(rows: count, chunkShowers: fitChunkShowers, floor: 0.1, rows)
            if let axis = critic.axis {
                critic.normalization.axisCoefficients = ArrivalBasis.fit(count: axis.count, targets: 2 * critic.map.layerCells.count) { body in
                    for first in stride(from: 0, to: count, by: fitChunkShowers) {
                        let range = first..<min(first + fitChunkShowers, count)
                        body(axis(conditionRows(range)), critic.centroids(rows(range)))
                    }
                }
            }
            let f = standardisation(rows: count, chunkShowers: fitChunkShowers, floor: 1e-4) {
                critic.features(rows($0), condition: conditionRows($0))
            }
            return CriticNormalization(cellShift: c.shift, cellScale: c.scale, featureShift: f.shift, featureScale: f.scale,
                                       axisCoefficients: critic.normalization.axisCoefficients)
        }
    }

    /// The fields under their checkpoint names.
    static var fields: [(name: String, path: WritableKeyPath<CriticNormalization, Tensor>)] { [
        ("cell_shift", \.cellShift), ("cell_scale", \.cellScale), ("feature_shift", \.featureShift), ("feature_scale", \.featureScale),
    ] }
}
