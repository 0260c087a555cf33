import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// How a binary classifier is trained: Adam on minibatches, a fixed number of epochs, and the
/// network of the epoch with the lowest validation loss kept (early stopping without labels
/// when the validation targets are mixture labels, as classification without labels prescribes).
public struct BinaryTraining: Sendable, Equatable {
    public var epochs: Int
    public var batchSize: Int
    /// Adam's learning rate.
    public var learningRate: Float
    /// Training stops when the validation loss has not improved for this many epochs.
    public var patience: Int

    public init(epochs: Int = 30, batchSize: Int = 128, learningRate: Float = 1e-3, patience: Int = 10) {
        precondition(epochs >= 1 && batchSize >= 1 && learningRate > 0 && patience >= 1, "BinaryTraining: bad settings")
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.patience = patience
    }
}

/// What a training did.
public struct BinaryFitSummary: Sendable, Equatable {
    /// Epochs run, and the one whose network was kept (1-based).
    public var epochs: Int
    public var bestEpoch: Int
    /// Its validation loss (the training loss of the last epoch when there is no validation set).
    public var validationLoss: Double
}

/// Minibatch training loops over `BinaryNetwork`s.
public enum BinaryTrainer {
    /// Minimises the binary cross-entropy of the network's logit against `train.targets`.
    ///
    /// Batch order: element `run` of `BinaryExampleStreams.minibatches` under `seed`; the last
    /// partial batch of an epoch is dropped.
    public static func fit(_ network: BinaryNetwork, train: BinaryDataset, validation: BinaryDataset?,
                           options: BinaryTraining, seed: UInt64, run: UInt64, name: String,
                           log: (String) -> Void = { _ in }) -> BinaryFitSummary {
        precondition(network.outputs == 1 && network.inputs == train.width, "BinaryTrainer: network does not fit the data")
        let batch = min(options.batchSize, train.rows)
        let batches = (0..<train.rows / batch)
        var rng = BinaryExampleStreams.minibatches.generator(key: seed, index: run)
        let x = Tensor(shape: [train.rows, train.width], scalars: train.values)
        let y = Tensor(shape: [train.rows, 1], scalars: train.targets)
        return loop(network, options: options, name: name, log: log, validationLoss: {
            validation.map { BinaryCrossEntropy.value(logits: network.evaluate($0.values), targets: $0.targets) }
        }, epoch: {
            let order = Array(0..<train.rows).shuffled(using: &rng)
            return batches.map { b in
                let rows = Array(order[b * batch..<(b + 1) * batch])
                return { BinaryCrossEntropy.loss(logits: network(x.gathering(rows: rows)), targets: y.gathering(rows: rows)) }
            }
        })
    }

    /// Learning from label proportions (arXiv:1702.00414): every minibatch comes from one bag
    /// (here a mixture) whose fraction of class 1 is known, and the loss is
    /// `BinaryCrossEntropy.proportionLoss` of the batch; no row carries a label. The validation
    /// loss is the same over batches of the validation bags.
    public static func fitProportions(_ network: BinaryNetwork, bags: [(values: [Float], fraction: Float)],
                                      validationBags: [(values: [Float], fraction: Float)], options: BinaryTraining,
                                      seed: UInt64, run: UInt64, name: String,
                                      log: (String) -> Void = { _ in }) -> BinaryFitSummary {
        let width = network.inputs
        let batch = options.batchSize
        var rng = BinaryExampleStreams.minibatches.generator(key: seed, index: run)
        let tensors = bags.map { Tensor(shape: [$0.values.count / width, width], scalars: $0.values) }
        let validationScores = {
            var total = 0.0, count = 0
            for bag in validationBags {
                let z = network.evaluate(bag.values)
                var lo = 0
                while lo + batch <= z.count {
                    total += BinaryCrossEntropy.proportionValue(logits: Array(z[lo..<lo + batch]), fraction: Double(bag.fraction))
                    count += 1
                    lo += batch
                }
            }
            return count > 0 ? total / Double(count) : Double.nan
        }
        return loop(network, options: options, name: name, log: log, validationLoss: {
            validationBags.isEmpty ? nil : validationScores()
        }, epoch: {
            // (bag, rows) of every full batch, in a shuffled order.
            var list: [(Int, [Int])] = []
            for (k, t) in tensors.enumerated() {
                let order = Array(0..<t.shape[0]).shuffled(using: &rng)
                for b in 0..<order.count / batch { list.append((k, Array(order[b * batch..<(b + 1) * batch]))) }
            }
            return list.shuffled(using: &rng).map { k, rows in
                { BinaryCrossEntropy.proportionLoss(logits: network(tensors[k].gathering(rows: rows)), fraction: bags[k].fraction) }
            }
        })
    }

    /// The epoch loop: `epoch` shuffles and returns one loss builder per minibatch (each run
    /// and stepped in turn), `validationLoss` chooses the epoch kept.
    static func loop(_ network: BinaryNetwork, options: BinaryTraining, name: String, log: (String) -> Void,
                     validationLoss: () -> Double?, epoch: () -> [() -> Tensor]) -> BinaryFitSummary {
        let adam = Adam(parameters: network.parameters, learningRate: options.learningRate)
        var best = (loss: Double.infinity, epoch: 0, weights: network.snapshot)
        var run = 0
        for e in 0..<options.epochs {
            var total = 0.0, steps = 0
            for makeLoss in epoch() {
                let loss = makeLoss()
                adam.step(gradients(of: loss, wrt: network.model.parameterValues))
                total += Double(loss.scalar)
                steps += 1
            }
            run = e + 1
            let trainLoss = total / Double(max(steps, 1))
            let v = validationLoss() ?? trainLoss
            if v < best.loss { best = (v, e, network.snapshot) }
            if e % 5 == 0 || e == options.epochs - 1 {
                log(String(format: "%@: epoch %d, training loss %.4f, validation loss %.4f (best %.4f at epoch %d)",
                           name, e + 1, trainLoss, v, best.loss, best.epoch + 1))
            }
            if e - best.epoch >= options.patience { break }
        }
        network.restore(best.weights)
        return BinaryFitSummary(epochs: run, bestEpoch: best.epoch + 1, validationLoss: best.loss)
    }
}
