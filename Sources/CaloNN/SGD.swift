import CaloSupport
import CaloTensor

/// Stochastic gradient descent: v = momentum v + (g + weightDecay p); p -= lr v
/// (plain p -= lr g when momentum and weight decay are 0).
public final class SGD {
    public let parameters: [Parameter]
    public var learningRate: Float
    public var momentum: Float
    public var weightDecay: Float
    private var velocity: [[Float]]

    public init(parameters: [Parameter], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        velocity = parameters.map { [Float](repeating: 0, count: $0.value.count) }
    }

    /// One update from `gradients`, aligned with `parameters`.
    public func step(_ gradients: [Tensor]) {
        require(gradients.count == parameters.count, "SGD.step: \(gradients.count) gradients for \(parameters.count) parameters")
        for (i, p) in parameters.enumerated() {
            require(gradients[i].shape == p.value.shape, "SGD.step: gradient \(gradients[i].shape) for parameter \(p.value.shape)")
            let lr = learningRate, mu = momentum, wd = weightDecay
            gradients[i].withUnsafeBufferPointer { g in
                velocity[i].withUnsafeMutableBufferPointer { v in
                    p.value.withUnsafeMutableBufferPointer { w in
                        for j in 0..<w.count {
                            let d = g[j] + wd * w[j]
                            v[j] = mu * v[j] + d
                            w[j] -= lr * v[j]
                        }
                    }
                }
            }
        }
    }
}
