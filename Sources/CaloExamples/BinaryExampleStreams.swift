import CaloSupport

/// The Philox streams of the binary-classification examples (`pivot`, `cwola`): every random
/// draw of an example follows from its `--seed` through one of these domains, drawn under the
/// example's seed as key (`.training`: an example's seed is the seed of its trainings).
///
/// They sit at 2^44 and above, clear of every domain in `StreamDomain.all` under the same key
/// (the GAN steps end below 2^31, the benchmark data at 2^40 + 2); the example tests check that.
/// Showers are simulated under `StreamDomain.showerTransport` and `incidentEnergy` as by
/// `calosim simulate`, with the example's seed as the simulation seed: their shower indices
/// stay below 2^33, so the streams drawn under the same number are disjoint from these.
///
/// | domain | streams | element |
/// |---|---|---|
/// | `networkInitialisation` | 2^44 + [0, 2^16) | network n, layer l: 256 n + l |
/// | `minibatches` | 2^44 + 2^16 + [0, 256) | one training run's shuffles |
/// | `pivotToyData` | 2^44 + 2^17 + [0, 16) | 0: training set, 1 + k: test slice k |
/// | `cwolaSplit` | 2^44 + 2^17 + 16 | the shuffle of each mixture before its validation split |
/// | `cwolaBootstrap` | 2^44 + 2^17 + 32 + [0, 2^12) | bootstrap replica of the test showers |
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
    /// The shuffle of each CWoLa mixture before its last rows are set aside for validation.
    public static let cwolaSplit = StreamDomain("cwola split", keys: [.training],
                                                first: base + (1 << 17) + 16, capacity: 1)

    /// The bootstrap replicas of CWoLa's test showers (the error of the AUC difference).
    public static let cwolaBootstrap = StreamDomain("cwola bootstrap", keys: [.training],
                                                    first: base + (1 << 17) + 32, capacity: 1 << 12)

    /// Every domain above.
    public static let all: [StreamDomain] = [networkInitialisation, minibatches, pivotToyData, cwolaSplit, cwolaBootstrap]
}
