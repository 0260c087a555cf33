import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// A softmax classifier of side x side images (the shapes task), trained with Adam on the mean
/// softmax cross-entropy.
final class ImageClassifier {
    /// The lecture's fully connected network: 1024 -> Dense 512 ReLU -> Dense 512 ReLU -> Dense 3
    /// (softmax in the loss): 788,995 parameters.
    static func fullyConnected(seed: UInt64) -> ImageClassifier {
        let side = ShapesDataset.side
        var layers: [any Layer] = []
        let sizes = [side * side, 512, 512, 3]
        for i in 0..<3 {
            var g = ExampleStream.layerInitialisation.generator(seed: seed, item: UInt64(i))
            layers.append(Linear(inputSize: sizes[i], outputSize: sizes[i + 1], fusedSlope: i < 2 ? 0 : nil,
                                 initialization: .he, generator: &g))
        }
        return ImageClassifier(tag: 0, network: Sequential(layers), imageInput: false)
    }

    /// A small CNN: three 3 x 3 convolutions (width, 2 width, 4 width channels, ReLU), each followed
    /// by 2 x 2 max pooling (32 -> 4 pixels), then Dense 64 ReLU, dropout and Dense 3.
    static func convolutional(width: Int, seed: UInt64) -> ImageClassifier {
        var layer: UInt64 = 0
        func next() -> Philox {
            defer { layer += 1 }
            return ExampleStream.layerInitialisation.generator(seed: seed, item: 1 << 16 + layer)
        }
        var g0 = next(), g1 = next(), g2 = next(), g3 = next(), g4 = next()
        let flat = 4 * width * 4 * 4
        let network = Sequential([
            Conv2D(inChannels: 1, outChannels: width, kernel: 3, padding: 1, fusedSlope: 0, generator: &g0), MaxPool2D(size: 2),
            Conv2D(inChannels: width, outChannels: 2 * width, kernel: 3, padding: 1, fusedSlope: 0, generator: &g1), MaxPool2D(size: 2),
            Conv2D(inChannels: 2 * width, outChannels: 4 * width, kernel: 3, padding: 1, fusedSlope: 0, generator: &g2), MaxPool2D(size: 2),
            Flatten(),
            Linear(inputSize: flat, outputSize: 64, fusedSlope: 0, generator: &g3),
            Dropout(probability: 0.25, seed: ExampleStream.dropout.derivedSeed(seed: seed, item: 1)),
            Linear(inputSize: 64, outputSize: 3, generator: &g4),
        ])
        return ImageClassifier(tag: 1, network: network, imageInput: true)
    }

    /// 0 for the dense network, 1 for the CNN (the stream items of its draws).
    let tag: UInt64
    let network: Sequential
    /// True when the network takes [N, 1, side, side] images rather than [N, side^2] rows.
    let imageInput: Bool

    init(tag: UInt64, network: Sequential, imageInput: Bool) {
        self.tag = tag
        self.network = network
        self.imageInput = imageInput
    }

    var parameterCount: Int { network.parameterCount }

    func input(_ rows: [Float], count: Int) -> Tensor {
        let side = ShapesDataset.side
        return Tensor(shape: imageInput ? [count, 1, side, side] : [count, side * side], scalars: rows)
    }

    /// Adam over `epochs` passes of shuffled minibatches (learning rate divided by 10 for the last
    /// fifth of the epochs); returns the mean training loss of each epoch.
    func train(_ data: ShapesDataset, indices: [Int], epochs: Int, batchSize: Int, learningRate: Float, seed: UInt64,
               log: (String) -> Void) -> [Double] {
        network.setTraining(true)
        let adam = Adam(parameters: network.parameters, learningRate: learningRate)
        var losses: [Double] = []
        for epoch in 0..<epochs {
            if epoch >= epochs - max(1, epochs / 5) { adam.learningRate = learningRate / 10 }
            var g = ExampleStream.classifierBatches.generator(seed: seed, item: tag << 16 + UInt64(epoch))
            var order = indices
            order.shuffle(using: &g)
            var sum = 0.0, batches = 0
            for start in stride(from: 0, to: order.count - batchSize + 1, by: batchSize) {
                let batch = Array(order[start..<(start + batchSize)])
                let loss = softmaxCrossEntropy(logits: network(input(data.rows(batch), count: batch.count)),
                                               labels: batch.map { data.labels[$0] })
                adam.step(gradients(of: loss, wrt: network.parameterValues))
                sum += Double(loss.scalar)
                batches += 1
            }
            losses.append(sum / Double(max(batches, 1)))
            log("\(tag == 0 ? "dense" : "CNN") epoch \(epoch + 1)/\(epochs): loss \(String(format: "%.4f", losses.last!))")
        }
        network.setTraining(false)
        return losses
    }

    /// Class probabilities [count, 3] of `rows` (count images), in inference mode.
    func probabilities(_ rows: [Float], count: Int) -> [Float] {
        network.setTraining(false)
        let side2 = ShapesDataset.side * ShapesDataset.side
        var out: [Float] = []
        out.reserveCapacity(count * 3)
        withoutGradients {
            for start in stride(from: 0, to: count, by: 500) {
                let m = min(500, count - start)
                let x = input(Array(rows[(start * side2)..<((start + m) * side2)]), count: m)
                out.append(contentsOf: network(x).softmax().scalars)
            }
        }
        return out
    }
}

/// The most probable class of each row of probabilities [n, 3], with its probability.
func predictions(_ probabilities: [Float]) -> [(label: Int, confidence: Float)] {
    stride(from: 0, to: probabilities.count, by: 3).map { r in
        let p = probabilities[r..<(r + 3)]
        let best = p.indices.max { p[$0] < p[$1] }!
        return (best - r, p[best])
    }
}
