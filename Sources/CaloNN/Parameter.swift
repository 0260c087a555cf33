import CaloSupport
import CaloTensor

/// A trainable tensor: a leaf of the autodiff graph that optimisers update in place.
///
/// A reference type, so a layer and an optimiser see the same values. Ask for its gradient with
/// `gradients(of: loss, wrt: [parameter.value])`.
public final class Parameter: @unchecked Sendable {
    /// The current values (requires gradients).
    public var value: Tensor

    /// A parameter holding `initial`'s elements.
    public init(_ initial: Tensor) {
        value = initial.detached.requiringGrad()
    }

    /// The shape of the values.
    public var shape: [Int] { value.shape }

    /// Replaces the values (same shape), keeping them a graph leaf.
    public func assign(_ newValue: Tensor) {
        require(newValue.shape == value.shape, "Parameter.assign: \(newValue.shape) into \(value.shape)")
        value = newValue.detached.requiringGrad()
    }
}

/// Something with named parameters (layers, networks).
public protocol ParameterContainer: AnyObject {
    /// Every parameter with its dotted name (PyTorch's `named_parameters()` convention).
    var namedParameters: [(name: String, parameter: Parameter)] { get }
}

extension ParameterContainer {
    /// The parameters in `namedParameters` order.
    public var parameters: [Parameter] { namedParameters.map(\.parameter) }

    /// The parameters' values in `namedParameters` order (the `wrt:` list for `gradients`).
    public var parameterValues: [Tensor] { namedParameters.map(\.parameter.value) }

    /// Total number of trainable scalars.
    public var parameterCount: Int { namedParameters.reduce(0) { $0 + $1.parameter.value.count } }
}

/// A differentiable function of one tensor with parameters.
public protocol Layer: ParameterContainer {
    /// The layer applied to a batch.
    func callAsFunction(_ x: Tensor) -> Tensor
}
