import CaloTensor

/// Standardisation of the critic's inputs: (v - mean) / max(rms, floor), fitted on training data.
public struct CriticNormalization: Sendable {
    public var cellShift: Tensor
    public var cellScale: Tensor
    public var featureShift: Tensor
    public var featureScale: Tensor

    static func identity(cells: Int, features: Int) -> CriticNormalization {
        CriticNormalization(cellShift: Tensor(shape: [1, cells]), cellScale: Tensor(shape: [1, cells], repeating: 1),
                            featureShift: Tensor(shape: [1, features]), featureScale: Tensor(shape: [1, features], repeating: 1))
    }

    /// Column means and 1 / max(rms, floor) of `values` [rows, columns].
    static func standardisation(_ values: Tensor, floor: Float) -> (shift: Tensor, scale: Tensor) {
        let mean = values.mean(axis: 0, keepingDimensions: true)
        let rms = (values - mean).squared().mean(axis: 0, keepingDimensions: true).sqrt()
        return (mean, 1 / rms.maximum(floor))
    }

    /// Fitted on training cells [count, cells] in network space (the critic's features of them).
    static func fit(critic: ConditionalCritic, cells: [Float], count: Int) -> CriticNormalization {
        let x = Tensor(shape: [count, cells.count / count], scalars: cells)
        return withoutGradients {
            let c = standardisation(x, floor: 0.1), f = standardisation(critic.features(x), floor: 1e-4)
            return CriticNormalization(cellShift: c.shift, cellScale: c.scale, featureShift: f.shift, featureScale: f.scale)
        }
    }

    /// The fields under their checkpoint names.
    static var fields: [(name: String, path: WritableKeyPath<CriticNormalization, Tensor>)] { [
        ("cell_shift", \.cellShift), ("cell_scale", \.cellScale), ("feature_shift", \.featureShift), ("feature_scale", \.featureScale),
    ] }
}
