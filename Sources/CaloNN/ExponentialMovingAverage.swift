import CaloSupport
import CaloTensor

/// An exponential moving average of parameters: a <- d a + (1 - d) p after each update, with the
/// warm-up d_t = min(d, (1 + t) / (10 + t)) so that early averages follow the weights instead of
/// remembering their random initialisation (as TensorFlow's `ExponentialMovingAverage` with
/// `num_updates`).
///
/// Generating with averaged generator weights smooths the oscillation of adversarial training
/// (Yazici et al., arXiv:1806.04498).
public final class ExponentialMovingAverage {
    public let decay: Float
    public private(set) var averages: [[Float]]

    public init(parameters: [Parameter], decay: Float) {
        self.decay = decay
        averages = parameters.map { $0.value.scalars }
    }

    /// Folds in the weights after update number `step` (0-based).
    public func update(_ parameters: [Parameter], step: Int) {
        require(parameters.count == averages.count, "EMA: \(parameters.count) parameters, \(averages.count) averages")
        let d = min(decay, Float(1 + step) / Float(10 + step))
        for (i, p) in parameters.enumerated() {
            p.value.withUnsafeBufferPointer { v in
                averages[i].withUnsafeMutableBufferPointer { a in
                    for j in 0..<a.count { a[j] = d * a[j] + (1 - d) * v[j] }
                }
            }
        }
    }

    /// The averages as tensors shaped like `parameters`.
    public func tensors(shapedLike parameters: [Parameter]) -> [Tensor] {
        zip(averages, parameters).map { Tensor(shape: $1.shape, scalars: $0) }
    }

    public func load(_ values: [[Float]]) {
        require(values.map(\.count) == averages.map(\.count), "EMA.load: sizes differ")
        averages = values
    }
}
