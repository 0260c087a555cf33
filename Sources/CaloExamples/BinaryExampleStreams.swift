import CaloSupport

/// The Philox streams of the binary-classification examples (`pivot`, `cwola`): every random
/// draw of an example follows from its `--seed` through one of these domains, drawn under the
/// example's seed as key (`.training`: an example's seed is the seed of its trainings).
///
/// They sit at 2^44 and above, clear of every domain in `StreamDomain.all` under the same key
/// (the GAN steps end below 2^31, the benchmark data at 2^40 + 2); the example tests check that.
/// Showers are simulated under `StreamDomain.showerTransport` and `incidentEnergy` as by
/// `calosim simulate`, with the example's seed as the simulation seed.
///
/// | domain | streams | element |
/// |---|---|---|
/// | `networkInitialisation` | 2^44 + [0, 2^16) | network n, layer l: 256 n + l |
/// | `minibatches` | 2^44 + 2^16 + [0, 256) | one training run's shuffles |
/// | `pivotToyData` | 2^44 + 2^17 + [0, 16) | 0: training set, 1 + k: test slice k |
/// | `cwolaSplit` | 2^44 + 2^17 + 16 | the assignment of showers to mixtures and splits |
public enum BinaryExampleStreams {
    static let base: UInt64 = 1 << 44

    /// Initial weights: network n's linear layer l draws from element 256 n + l.
    public static let networkInitialisation = StreamDomain("example network initialisation", keys: [.training],
                                                           first: base, capacity: 1 << 16)
    /// The minibatch order of training run r.
    public static let minibatches = StreamDomain("example minibatches", keys: [.training],
                                                 first: base + (1 << 16), capacity: 256)
    /// The pivot toy's samples: element 0 the training set, 1 + k the test slice at the k-th nuisance value.
    public static let pivotToyData = StreamDomain("pivot toy data", keys: [.training],
                                                  first: base + (1 << 17), capacity: 16)
    /// How CWoLa's simulated showers are dealt into the two mixtures and the test set.
    public static let cwolaSplit = StreamDomain("cwola split", keys: [.training],
                                                first: base + (1 << 17) + 16, capacity: 1)

    /// Every domain above.
    public static let all: [StreamDomain] = [networkInitialisation, minibatches, pivotToyData, cwolaSplit]
}
