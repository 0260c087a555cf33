import CaloTensor

/// Max pooling over non-overlapping size x size blocks (`nn.MaxPool2d(size)`): [N, C, H, W] ->
/// [N, C, H / size, W / size].
public final class MaxPool2D: Layer {
    public let size: Int
    public init(size: Int = 2) { self.size = size }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.maxPooled(size: size) }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// Average pooling over non-overlapping size x size blocks (`nn.AvgPool2d(size)`).
public final class AveragePool2D: Layer {
    public let size: Int
    public init(size: Int = 2) { self.size = size }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.averagePooled(size: size) }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// Nearest-neighbour upsampling by an integer factor (`nn.Upsample(scale_factor: factor)`):
/// [N, C, H, W] -> [N, C, H factor, W factor].
public final class Upsample2D: Layer {
    public let factor: Int
    public init(factor: Int = 2) { self.factor = factor }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.upsampled(factor: factor) }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// Every axis after the first joined (`nn.Flatten()`): [N, ...] -> [N, product].
public final class Flatten: Layer {
    public init() {}
    public func callAsFunction(_ x: Tensor) -> Tensor { x.reshaped(to: [x.shape[0], x.count / max(x.shape[0], 1)]) }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}

/// A fixed reshape of each sample (`x.view(N, *shape)`): [N, ...] -> [N] + shape.
public final class Reshape: Layer {
    public let sampleShape: [Int]
    public init(_ sampleShape: [Int]) { self.sampleShape = sampleShape }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.reshaped(to: [x.shape[0]] + sampleShape) }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}
