import CaloTensor
import Foundation

/// Binary cross-entropy of logits z against targets y in [0, 1] (labels, or soft targets such
/// as mixture fractions):
///
///     L = mean_i [ softplus(z_i) - y_i z_i ]  =  mean_i -[ y_i log s_i + (1 - y_i) log(1 - s_i) ],
///     s_i = sigmoid(z_i),
///
/// composed from the tensor engine's softplus, products and mean, so its gradient
/// (sigmoid(z) - y) / n comes from their checked rules. ln 2 = no separation.
public enum BinaryCrossEntropy {
    /// The mean loss of logits [B, 1] (or [B]) against targets of the same shape; a rank-0 tensor.
    public static func loss(logits: Tensor, targets: Tensor) -> Tensor {
        precondition(logits.shape == targets.shape, "BinaryCrossEntropy: logits \(logits.shape), targets \(targets.shape)")
        return (logits.softplus() - targets * logits).mean()
    }

    /// The same mean in double precision from plain arrays (evaluation, early stopping).
    public static func value(logits: [Float], targets: [Float]) -> Double {
        precondition(logits.count == targets.count, "BinaryCrossEntropy: \(logits.count) logits, \(targets.count) targets")
        var total = 0.0
        for (z, y) in zip(logits, targets) {
            let zd = Double(z)
            let softplus = zd > 30 ? zd : zd < -30 ? Foundation.exp(zd) : Foundation.log1p(Foundation.exp(zd))
            total += softplus - Double(y) * zd
        }
        return total / Double(max(logits.count, 1))
    }

    /// The proportion loss of learning from label proportions (Dery, Nachman, Rubbo,
    /// Schwartzman, arXiv:1702.00414): the cross-entropy between a batch's known fraction f of
    /// class 1 and the batch's mean prediction p = mean_i sigmoid(z_i),
    ///
    ///     L = -[ f log p + (1 - f) log(1 - p) ],
    ///
    /// with p clamped to [1e-6, 1 - 1e-6]. Logits [B, 1] of one batch; a rank-0 tensor.
    public static func proportionLoss(logits: Tensor, fraction: Float) -> Tensor {
        precondition((0...1).contains(fraction), "BinaryCrossEntropy: fraction \(fraction) outside [0, 1]")
        let p = logits.sigmoid().mean().clamped(min: 1e-6, max: 1 - 1e-6)
        return -(p.log() * fraction + (1 - p).log() * (1 - fraction))
    }

    /// The proportion loss from plain arrays.
    public static func proportionValue(logits: [Float], fraction: Double) -> Double {
        let p = min(max(logits.map { 1 / (1 + Foundation.exp(-Double($0))) }.reduce(0, +) / Double(max(logits.count, 1)), 1e-6), 1 - 1e-6)
        return -(fraction * Foundation.log(p) + (1 - fraction) * Foundation.log(1 - p))
    }
}
