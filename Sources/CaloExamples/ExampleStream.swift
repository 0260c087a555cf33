import CaloSupport

/// The purposes an example draws random numbers for: purpose p, item i is element p 2^32 + i of
/// `StreamDomain.exampleDraws` under the example's seed (key `example`), so no two purposes share
/// a stream and every draw is reproducible whatever the thread count.
enum ExampleStream: UInt64 {
    /// Shape image i of the shapes data set (kind, size, position, rotation).
    case shapeImage = 0
    /// The train / test shuffle of the shapes images (item 0).
    case shapesSplit = 1
    /// Minibatch order of a classifier: item = network tag (0 dense, 1 CNN) 2^16 + epoch.
    case classifierBatches = 2
    /// Initial weights: item = network tag 2^16 + layer.
    case layerInitialisation = 3
    /// Dropout masks (item = network tag), seeds of `Tensor.uniform(shape:seed:stream:)`.
    case dropout = 4
    /// GAN noise and minibatches: item = training step.
    case ganStep = 5
    /// The GAN's fixed noise for sample grids and the classifier check (item 0), and the noise and
    /// labels that re-estimate the averaged generator's batch-norm statistics (item 1).
    case ganSamples = 6

    /// The generator of `item` under `seed`.
    func generator(seed: UInt64, item: UInt64) -> Philox {
        precondition(item < 1 << 32, "ExampleStream: item \(item) outside 2^32")
        return StreamDomain.exampleDraws.generator(key: seed, index: rawValue << 32 | item)
    }

    /// A seed for the engine's counter-based fills, from this purpose's stream.
    func derivedSeed(seed: UInt64, item: UInt64) -> UInt64 {
        var g = generator(seed: seed, item: item)
        return g.next()
    }
}
