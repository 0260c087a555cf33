/// Whether ops record the autodiff graph. On by default; `withoutGradients` turns it off for a
/// scope (inference: no node is created even for parameters).
public enum GradMode {
    /// True while ops record nodes for inputs that require gradients.
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` with graph recording off (inference mode): no node is created, nothing is kept.
@inlinable
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    try GradMode.$isEnabled.withValue(false, operation: body)
}

/// One recorded op: its inputs' nodes and its derivative rule, written in differentiable tensor
/// ops so that a backward pass run with recording on is itself a graph (higher derivatives).
///
/// Nodes point only to their inputs, so a graph lives exactly as long as a tensor that uses it.
@usableFromInline
final class GraphNode: @unchecked Sendable {
    /// grad: the gradient of the output; needed[i]: whether input i needs its gradient.
    /// Returns one gradient per input (nil where not needed), each of that input's shape.
    typealias Backward = (_ grad: Tensor, _ needed: [Bool]) -> [Tensor?]

    let operation: String
    let shape: [Int]
    let inputs: [GraphNode?]
    let backward: Backward?

    init(leafOfShape shape: [Int]) {
        operation = "leaf"
        self.shape = shape
        inputs = []
        backward = nil
    }

    init(operation: String, shape: [Int], inputs: [GraphNode?], backward: @escaping Backward) {
        self.operation = operation
        self.shape = shape
        self.inputs = inputs
        self.backward = backward
    }
}

extension Tensor {
    /// True when an op on `a` must record a node.
    @inline(__always)
    static func recording(_ a: Tensor) -> Bool { a.node != nil && GradMode.isEnabled }

    @inline(__always)
    static func recording(_ a: Tensor, _ b: Tensor) -> Bool {
        (a.node != nil || b.node != nil) && GradMode.isEnabled
    }

    static func recording(_ xs: [Tensor]) -> Bool {
        xs.contains { $0.node != nil } && GradMode.isEnabled
    }

    /// This result as the output of op `operation` on `inputs`, with derivative rule `backward`.
    func recorded(_ operation: String, _ inputs: [Tensor], _ backward: @escaping GraphNode.Backward) -> Tensor {
        Tensor(shape: shape, storage: storage,
               node: GraphNode(operation: operation, shape: shape, inputs: inputs.map(\.node), backward: backward))
    }
}
