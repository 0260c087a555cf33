import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// A class-conditional convolutional discriminator for side x side grey images: a projection
/// discriminator (Miyato & Koyama, arXiv:1802.05637) with an auxiliary classifier (AC-GAN,
/// Odena, Olah & Shlens, arXiv:1610.09585) on the same features.
///
/// Features phi(x) [N, F]: three convolutions (kernel 4, stride 2, padding 1: 32 -> 16 -> 8 -> 4
/// pixels; w, 2w, 4w channels, LeakyReLU 0.2), flattened, F = 4w x 4 x 4. Then
///
///     D(x, y) = psi . phi(x) + b + <V[y], phi(x)>      (the real/fake logit, [N, 1])
///     C(x)    = W_c phi(x) + b_c                        (class logits, [N, classes])
///
/// V [classes, F] is the class embedding the projection term reads.
final class ProjectionDiscriminator: ParameterContainer {
    let classes: Int
    let features: Sequential
    let head: Linear
    let embedding: Parameter
    let classifier: Linear

    /// Weights drawn from `next()`, one generator per layer in order.
    init(width: Int, classes: Int, next: () -> Philox) {
        precondition(width > 0 && classes > 1, "ProjectionDiscriminator: width \(width), \(classes) classes")
        self.classes = classes
        var d0 = next(), d1 = next(), d2 = next(), d3 = next(), d4 = next(), d5 = next()
        features = Sequential([
            Conv2D(inChannels: 1, outChannels: width, kernel: 4, stride: 2, padding: 1, fusedSlope: 0.2, generator: &d0),
            Conv2D(inChannels: width, outChannels: 2 * width, kernel: 4, stride: 2, padding: 1, fusedSlope: 0.2, generator: &d1),
            Conv2D(inChannels: 2 * width, outChannels: 4 * width, kernel: 4, stride: 2, padding: 1, fusedSlope: 0.2, generator: &d2),
            Flatten(),
        ])
        let f = 4 * width * 16
        head = Linear(inputSize: f, outputSize: 1, initialization: .glorot, generator: &d3)
        let l = Foundation.sqrt(6 / Float(classes + f))
        embedding = Parameter(Tensor.uniform(shape: [classes, f], low: -l, high: l, generator: &d4))
        classifier = Linear(inputSize: f, outputSize: classes, initialization: .glorot, generator: &d5)
    }

    var namedParameters: [(name: String, parameter: Parameter)] {
        features.namedParameters.map { ("features.\($0.name)", $0.parameter) }
            + head.namedParameters.map { ("head.\($0.name)", $0.parameter) }
            + [("embedding", embedding)]
            + classifier.namedParameters.map { ("classifier.\($0.name)", $0.parameter) }
    }

    /// The real/fake logits [N, 1] of images [N, 1, side, side] labelled `labels` (N classes in
    /// 0 ..< classes), and the auxiliary class logits [N, classes].
    func callAsFunction(_ images: Tensor, labels: [Int]) -> (logit: Tensor, classLogits: Tensor) {
        precondition(images.shape[0] == labels.count, "ProjectionDiscriminator: \(images.shape[0]) images, \(labels.count) labels")
        let phi = features(images)
        let projected = (phi * matmul(oneHot(labels, classes: classes), embedding.value)).sum(axis: 1, keepingDimensions: true)
        return (head(phi) + projected, classifier(phi))
    }
}

/// One-hot rows [labels.count, classes] (constants of the graph).
func oneHot(_ labels: [Int], classes: Int) -> Tensor {
    var v = [Float](repeating: 0, count: labels.count * classes)
    for (r, label) in labels.enumerated() {
        precondition((0..<classes).contains(label), "oneHot: label \(label) outside 0 ..< \(classes)")
        v[r * classes + label] = 1
    }
    return Tensor(shape: [labels.count, classes], scalars: v)
}
