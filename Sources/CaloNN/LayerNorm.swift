import CaloSupport
import CaloTensor

/// Layer normalisation over the last axis (Ba et al., arXiv:1607.06450):
/// y = (x - mean) / sqrt(var + epsilon) * weight + bias, var the biased variance.
///
/// Shapes: x [..., size]; weight and bias [size] (ones and zeros at start).
public final class LayerNorm: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let epsilon: Float

    public init(size: Int, epsilon: Float = 1e-5) {
        weight = Parameter(Tensor.ones([size]))
        bias = Parameter(Tensor.zeros([size]))
        self.epsilon = epsilon
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        require(x.shape.last == weight.shape[0], "LayerNorm: input \(x.shape) for size \(weight.shape[0])")
        let centred = x - x.mean(axis: -1, keepingDimensions: true)
        let variance = centred.squared().mean(axis: -1, keepingDimensions: true)
        return centred / (variance + epsilon).sqrt() * weight.value + bias.value
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
}
