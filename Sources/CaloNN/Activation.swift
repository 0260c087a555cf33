import CaloTensor

/// A pointwise nonlinearity, as stored in a model config.
public enum Activation: Codable, Equatable, Sendable {
    case identity
    case relu
    case leakyReLU(slope: Float)
    case sigmoid
    case tanh
    case softplus

    /// The activation applied to x.
    public func apply(_ x: Tensor) -> Tensor {
        switch self {
        case .identity: return x
        case .relu: return x.relu()
        case .leakyReLU(let s): return x.leakyReLU(slope: s)
        case .sigmoid: return x.sigmoid()
        case .tanh: return x.tanh()
        case .softplus: return x.softplus()
        }
    }

    /// The slope for `linear(_:weight:bias:leakyReLUSlope:)` when the activation fuses into a
    /// linear layer (ReLU: 0, LeakyReLU: its slope); nil otherwise.
    public var fusedSlope: Float? {
        switch self {
        case .relu: return 0
        case .leakyReLU(let s): return s
        default: return nil
        }
    }
}

/// An activation as a layer of its own (no parameters).
public final class ActivationLayer: Layer {
    public let activation: Activation
    public init(_ activation: Activation) { self.activation = activation }
    public func callAsFunction(_ x: Tensor) -> Tensor { activation.apply(x) }
    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}
