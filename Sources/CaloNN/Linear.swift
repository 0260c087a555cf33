import CaloSupport
import CaloTensor
import Foundation

/// How a layer's weights are drawn.
public enum Initialization: String, Codable, Sendable {
    /// He (Kaiming) normal: std = sqrt(2 / ((1 + a^2) fanIn)), a the LeakyReLU slope that
    /// follows (0 for ReLU or none). He et al., arXiv:1502.01852.
    case he
    /// Glorot (Xavier) uniform: U(-l, l), l = sqrt(6 / (fanIn + fanOut)). Glorot & Bengio 2010.
    case glorot
    /// PyTorch's `nn.Linear` default: weights and biases U(-l, l), l = 1 / sqrt(fanIn)
    /// (variance 1 / (3 fanIn)).
    case lecunUniform
}

/// A fully connected layer y = act(x W^T + b), the activation (ReLU or LeakyReLU) optionally
/// fused into the same op.
///
/// Shapes: x [B, inputSize] -> [B, outputSize]; weight [outputSize, inputSize] and bias
/// [outputSize], named "weight" and "bias" as in PyTorch's `nn.Linear`.
public final class Linear: Layer {
    public let weight: Parameter
    public let bias: Parameter
    /// ReLU (0) or LeakyReLU slope applied in the same op; nil for none.
    public let fusedSlope: Float?

    /// A layer with weights from `initialization` drawn from `generator`; biases are zero, except
    /// with `.lecunUniform`, which draws them too (after the weights).
    public init(inputSize: Int, outputSize: Int, fusedSlope: Float? = nil, initialization: Initialization = .he,
                generator: inout Philox) {
        require(inputSize > 0 && outputSize > 0, "Linear: sizes \(inputSize) -> \(outputSize)")
        self.fusedSlope = fusedSlope
        let w: Tensor
        switch initialization {
        case .he:
            let a = fusedSlope ?? 0
            let std = Foundation.sqrt(2 / ((1 + a * a) * Float(inputSize)))
            w = Tensor.normal(shape: [outputSize, inputSize], standardDeviation: std, generator: &generator)
        case .glorot:
            let l = Foundation.sqrt(6 / Float(inputSize + outputSize))
            w = Tensor.uniform(shape: [outputSize, inputSize], low: -l, high: l, generator: &generator)
        case .lecunUniform:
            let l = 1 / Foundation.sqrt(Float(inputSize))
            w = Tensor.uniform(shape: [outputSize, inputSize], low: -l, high: l, generator: &generator)
        }
        weight = Parameter(w)
        if initialization == .lecunUniform {
            let l = 1 / Foundation.sqrt(Float(inputSize))
            bias = Parameter(Tensor.uniform(shape: [outputSize], low: -l, high: l, generator: &generator))
        } else {
            bias = Parameter(Tensor.zeros([outputSize]))
        }
    }

    public var inputSize: Int { weight.shape[1] }
    public var outputSize: Int { weight.shape[0] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        linear(x, weight: weight.value, bias: bias.value, leakyReLUSlope: fusedSlope)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
}
