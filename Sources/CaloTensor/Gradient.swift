import CaloSupport

/// Reverse-mode gradients of `y` with respect to each of `xs`, exact (no finite differences).
///
/// `y` is usually a scalar; otherwise the result is the gradient of `(y * seed).sum()`, the seed
/// being ones unless given. Each `x` must require gradients (a leaf from `requiringGrad()`, or any
/// recorded intermediate). An `x` that `y` does not depend on gets zeros.
///
/// With `createGraph` the backward pass is recorded like any other computation, so the returned
/// gradients can be differentiated again: the WGAN-GP penalty
/// `((gradients(of: D(xh).sum(), wrt: [xh], createGraph: true)[0].norm(axis: 1) - 1).squared().mean()`
/// then has exact gradients with respect to the critic's weights. Without it nothing is recorded.
///
/// Only the part of the graph between `xs` and `y` is walked, and a node's rule computes only the
/// input gradients that lead to some `x` (no weight gradients when asking for an input gradient).
public func gradients(of y: Tensor, wrt xs: [Tensor], createGraph: Bool = false, seed: Tensor? = nil) -> [Tensor] {
    for (i, x) in xs.enumerated() {
        require(x.node != nil, "gradients: wrt[\(i)] of shape \(x.shape) does not require gradients")
    }
    if let seed { require(seed.shape == y.shape, "gradients: seed \(seed.shape) vs output \(y.shape)") }
    guard let root = y.node else { return xs.map { Tensor.zeros($0.shape) } }

    // Topological order, inputs before outputs (iterative post-order walk).
    var order: [GraphNode] = []
    var visited: Set<ObjectIdentifier> = [ObjectIdentifier(root)]
    var stack: [(GraphNode, Int)] = [(root, 0)]
    while let (node, next) = stack.popLast() {
        if next < node.inputs.count {
            stack.append((node, next + 1))
            if let p = node.inputs[next], visited.insert(ObjectIdentifier(p)).inserted { stack.append((p, 0)) }
        } else {
            order.append(node)
        }
    }

    // Nodes from which some requested input is reachable.
    let targets = Set(xs.map { ObjectIdentifier($0.node!) })
    var leads = Set<ObjectIdentifier>()
    for node in order {
        let id = ObjectIdentifier(node)
        if targets.contains(id) || node.inputs.contains(where: { $0.map { leads.contains(ObjectIdentifier($0)) } ?? false }) {
            leads.insert(id)
        }
    }

    let run = { () -> [Tensor] in
        var grads: [ObjectIdentifier: Tensor] = [:]
        grads[ObjectIdentifier(root)] = seed?.detached ?? Tensor.ones(y.shape)
        for node in order.reversed() {
            let id = ObjectIdentifier(node)
            guard leads.contains(id), let backward = node.backward, let g = grads[id] else { continue }
            if !targets.contains(id) { grads[id] = nil }
            let needed = node.inputs.map { $0.map { leads.contains(ObjectIdentifier($0)) } ?? false }
            let inputGrads = backward(g, needed)
            for (k, input) in node.inputs.enumerated() where needed[k] {
                guard let input, let gk = inputGrads[k] else { continue }
                require(gk.shape == input.shape,
                        "gradients: rule of \(node.operation) gave \(gk.shape) for an input of shape \(input.shape)")
                let pid = ObjectIdentifier(input)
                if var old = grads.removeValue(forKey: pid) {
                    if createGraph { old = old + gk } else { old.addInPlace(gk) }
                    grads[pid] = old
                } else {
                    grads[pid] = gk
                }
            }
        }
        return xs.map { grads[ObjectIdentifier($0.node!)] ?? Tensor.zeros($0.shape) }
    }
    return GradMode.$isEnabled.withValue(createGraph, operation: run)
}
