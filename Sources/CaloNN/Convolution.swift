import CaloSupport
import CaloTensor
import Foundation

/// A 2-D convolution layer (PyTorch's `nn.Conv2d`), optionally with ReLU or LeakyReLU fused.
///
/// Shapes: x [N, inChannels, H, W] -> [N, outChannels, Ho, Wo], Ho = (H + 2 padding - k) / stride + 1;
/// weight [out, in, k, k] and bias [out], named "weight" and "bias" as in PyTorch.
public final class Conv2D: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let stride: Int
    public let padding: Int
    public let fusedSlope: Float?

    /// Weights from `initialization` with fan-in in x k x k (biases zero, or drawn for `.lecunUniform`).
    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                fusedSlope: Float? = nil, initialization: Initialization = .he, generator: inout Philox) {
        require(inChannels > 0 && outChannels > 0 && kernel > 0, "Conv2D: \(inChannels) -> \(outChannels) channels, kernel \(kernel)")
        self.stride = stride
        self.padding = padding
        self.fusedSlope = fusedSlope
        let shape = [outChannels, inChannels, kernel, kernel]
        (weight, bias) = convolutionParameters(shape: shape, fanIn: inChannels * kernel * kernel, fanOut: outChannels * kernel * kernel,
                                               biasCount: outChannels, slope: fusedSlope, initialization, &generator)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        conv2d(x, weight: weight.value, bias: bias.value, stride: stride, padding: padding, leakyReLUSlope: fusedSlope)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
}

/// A transposed 2-D convolution layer (PyTorch's `nn.ConvTranspose2d`): the generator's upsampling
/// step, e.g. kernel 4, stride 2, padding 1 doubles H and W.
///
/// Shapes: x [N, inChannels, H, W] -> [N, outChannels, (H - 1) stride - 2 padding + k, ...];
/// weight [in, out, k, k] (PyTorch's layout) and bias [out].
public final class ConvTranspose2D: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let stride: Int
    public let padding: Int

    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                initialization: Initialization = .he, generator: inout Philox) {
        require(inChannels > 0 && outChannels > 0 && kernel > 0, "ConvTranspose2D: \(inChannels) -> \(outChannels) channels, kernel \(kernel)")
        self.stride = stride
        self.padding = padding
        // Each output pixel sums about in x (k / stride)^2 terms.
        let fanIn = max(1, inChannels * kernel * kernel / (stride * stride))
        (weight, bias) = convolutionParameters(shape: [inChannels, outChannels, kernel, kernel], fanIn: fanIn,
                                               fanOut: outChannels * kernel * kernel, biasCount: outChannels, slope: nil,
                                               initialization, &generator)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        convTranspose2d(x, weight: weight.value, bias: bias.value, stride: stride, padding: padding)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
}

/// Kernel weights and biases drawn as `Linear` draws them, for the given fan-in and fan-out.
func convolutionParameters(shape: [Int], fanIn: Int, fanOut: Int, biasCount: Int, slope: Float?,
                           _ initialization: Initialization, _ generator: inout Philox) -> (Parameter, Parameter) {
    let w: Tensor
    switch initialization {
    case .he:
        let a = slope ?? 0
        w = Tensor.normal(shape: shape, standardDeviation: Foundation.sqrt(2 / ((1 + a * a) * Float(fanIn))), generator: &generator)
    case .glorot:
        let l = Foundation.sqrt(6 / Float(fanIn + fanOut))
        w = Tensor.uniform(shape: shape, low: -l, high: l, generator: &generator)
    case .lecunUniform:
        let l = 1 / Foundation.sqrt(Float(fanIn))
        w = Tensor.uniform(shape: shape, low: -l, high: l, generator: &generator)
    }
    let b: Tensor
    if initialization == .lecunUniform {
        let l = 1 / Foundation.sqrt(Float(fanIn))
        b = Tensor.uniform(shape: [biasCount], low: -l, high: l, generator: &generator)
    } else {
        b = Tensor.zeros([biasCount])
    }
    return (Parameter(w), Parameter(b))
}
