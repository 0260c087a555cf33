import CaloSupport
import Foundation

/// The mean cross-entropy of softmax(logits) against integer class labels (PyTorch's
/// `F.cross_entropy`), computed stably as log-sum-exp minus the labelled logit:
///
///     L = (1 / N) sum_n [ log sum_k e^{x[n, k]} - x[n, label_n] ]
///
/// Shapes: logits [N, K], labels N values in 0 ..< K -> a rank-0 tensor. Derivative:
/// (softmax(x) - onehot(labels)) / N, written in differentiable ops (so it has a second derivative).
public func softmaxCrossEntropy(logits x: Tensor, labels: [Int]) -> Tensor {
    require(x.rank == 2 && x.shape[0] == labels.count && x.shape[0] > 0,
            "softmaxCrossEntropy: logits \(x.shape) for \(labels.count) labels")
    let n = x.shape[0], k = x.shape[1]
    require(labels.allSatisfy { (0..<k).contains($0) }, "softmaxCrossEntropy: a label outside 0 ..< \(k)")
    var total = 0.0
    x.withUnsafeBufferPointer { p in
        for r in 0..<n {
            let row = p.baseAddress! + r * k
            var m = -Float.infinity
            for j in 0..<k { m = max(m, row[j]) }
            var s = 0.0
            for j in 0..<k { s += Foundation.exp(Double(row[j] - m)) }
            total += Foundation.log(s) + Double(m) - Double(row[labels[r]])
        }
    }
    let out = Tensor(Float(total / Double(n)))
    guard Tensor.recording(x) else { return out }
    var onehot = [Float](repeating: 0, count: n * k)
    for (r, label) in labels.enumerated() { onehot[r * k + label] = 1 }
    let target = Tensor(shape: [n, k], scalars: onehot)
    return out.recorded("softmaxCrossEntropy", [x]) { g, _ in [(x.softmax() - target) * (g * (1 / Float(n)))] }
}
