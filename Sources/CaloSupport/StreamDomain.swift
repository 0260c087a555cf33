/// A named range of Philox stream numbers: the one place where calosim decides which random
/// numbers serve which purpose.
///
/// A `Philox` generator is the pair (key, stream), key and stream 64 bits each. Every command
/// derives a few keys from its seed (`Key`); under one key, two purposes must never draw from the
/// same stream, or they would see the same numbers. Each purpose is a domain: `capacity` streams
/// from `first` on, element `index` of the domain being stream `first + index`. The domains and
/// their keys (the stream numbers are those calosim has always used, so every output is unchanged):
///
/// | domain | key | streams | element |
/// |---|---|---|---|
/// | `showerTransport` | simulation | [0, 2^63) | shower index |
/// | `incidentEnergy` | simulation, generation | [2^63, 2^63 + 2^62) | shower index |
/// | `showerConditions` | simulation, generation | [2^63 + 2^62, 2^64) | shower index |
/// | `generatorNoise` | generation, checkpoint selection | [0, 2^63) | shower index |
/// | `ganStep` | training | [0, 1,592,613,143) | iteration t, step k: t max(8, n_critic + 1) + k |
/// | `trainingSplit` | training | 0x5EED_5917 | the one shuffle of the showers |
/// | `layerInitialisation` | training, critic initialisation, classifier | [0, 1024) | layer index |
/// | `benchmarkData` | training | [2^40, 2^40 + 2) | 0: cells, 1: conditions |
/// | `classifierSplit` | classifier | 2^40 | the shuffles of both samples |
/// | `classifierBatches` | classifier | 2^40 + 1 | the minibatch order |
/// | `bootstrapReplicas` | physics check | [0, 2^32) | replica |
/// | `physicsCheckShowers` | physics check | [2^32, 2^63) | (tag - 1) 2^32 + shower |
/// | `tensorFillKeys` | tensor fill | 0x7E45_0001 | draw = the fill's stream argument |
/// | `tensorFillBlocks` | tensor fill block | [0, 2^32) | block of 8192 elements |
/// | `sgemmCheck`, `penaltyCheck` | benchmark check | 0, 1 | the check's operands |
/// | `exampleDraws` | example | [0, 2^48) | purpose 2^32 + item (the example's table) |
///
/// One overlap remains (`knownOverlaps`): a generator's initial weights use streams 0 ..< layers
/// under the training key, where the first GAN steps of iteration 0 also draw (stream 0 gives the
/// generator's first layer and the first critic batch). Separating them would change the bytes of
/// every newly trained model, so it is kept and listed; `StreamDomainTests` fails on any other
/// overlap. (The classifier test's split and batch order, once streams 0 and 1 beside its layers'
/// initialisation, draw from 2^40 and 2^40 + 1.)
public struct StreamDomain: Sendable, Hashable, CustomStringConvertible {
    /// Which Philox key a domain's streams are drawn under, by the seed it follows from.
    public enum Key: String, Sendable, Hashable, CaseIterable {
        /// The seed of a simulation (`simulate --seed`, the benchmarks' and checks' simulations).
        case simulation
        /// The seed of a generation (`generate`, `calibrate`, `validate --model`).
        case generation
        /// The training seed (hyperparameter `seed`): generator initialisation, split, steps.
        case training
        /// Training seed + 1: the critic's initialisation.
        case criticInitialisation
        /// Training seed XOR 0xA11D: the noise of the held-out checkpoint selection.
        case checkpointSelection
        /// The classifier test's seed (`validate`).
        case classifier
        /// The physics check's seed (`physics-check --seed`).
        case physicsCheck
        /// A seed given to `Tensor.normal` or `Tensor.uniform` with a stream argument.
        case tensorFill
        /// The key derived from that seed and stream for the parallel fill's blocks.
        case tensorFillBlock
        /// The engine benchmark's fixed seed for its correctness checks.
        case benchmarkCheck
        /// The seed of a lecture example (`calosim examples NAME --seed`).
        case example
    }

    public let name: String
    /// The keys under which the domain is used.
    public let keys: Set<Key>
    /// The domain's first stream.
    public let first: UInt64
    /// Number of streams, at least 1; the last is `first + capacity - 1`.
    public let capacity: UInt64

    public init(_ name: String, keys: Set<Key>, first: UInt64, capacity: UInt64) {
        require(capacity >= 1 && capacity - 1 <= UInt64.max - first,
                     "StreamDomain \(name): \(capacity) streams from \(first) exceed 2^64")
        self.name = name
        self.keys = keys
        self.first = first
        self.capacity = capacity
    }

    /// The last stream of the domain.
    public var last: UInt64 { first + (capacity - 1) }

    /// The stream of element `index` (0 ..< capacity).
    @inlinable
    public func stream(_ index: UInt64) -> UInt64 {
        require(index < capacity, "StreamDomain \(name): element \(index) outside its \(capacity) streams")
        return first &+ index
    }

    /// The generator of element `index` under `key` (the seed or key the domain's `Key` names).
    @inlinable
    public func generator(key: UInt64, index: UInt64) -> Philox {
        Philox(seed: key, stream: stream(index))
    }

    /// True when the two domains share a stream under a common key.
    public func overlaps(_ other: StreamDomain) -> Bool {
        !keys.isDisjoint(with: other.keys) && first <= other.last && other.first <= last
    }

    public var description: String {
        "\(name) [\(first), \(last)] under \(keys.map(\.rawValue).sorted().joined(separator: ", "))"
    }
}

extension StreamDomain {
    /// Random numbers of shower transport: stream = shower index.
    public static let showerTransport = StreamDomain("shower transport", keys: [.simulation], first: 0, capacity: 1 << 63)
    /// Incident energies drawn from a spectrum, one stream per shower index (top bit set).
    public static let incidentEnergy = StreamDomain("incident energy", keys: [.simulation, .generation],
                                                    first: 1 << 63, capacity: 1 << 62)
    /// The rest of a shower's conditions drawn from a mixture (species, direction, impact point),
    /// one stream per shower index (top two bits set).
    public static let showerConditions = StreamDomain("shower conditions", keys: [.simulation, .generation],
                                                      first: (1 << 63) | (1 << 62), capacity: 1 << 62)
    /// The generator's noise vector of shower `index`.
    public static let generatorNoise = StreamDomain("generator noise", keys: [.generation, .checkpointSelection],
                                                    first: 0, capacity: 1 << 63)
    /// The WGAN-GP steps (`WGANStep.streamIndex`), up to the training split's stream.
    public static let ganStep = StreamDomain("GAN step", keys: [.training], first: 0, capacity: 0x5EED_5917)
    /// The seeded shuffle that holds out the validation showers.
    public static let trainingSplit = StreamDomain("training split", keys: [.training], first: 0x5EED_5917, capacity: 1)
    /// A network's initial weights, one stream per linear layer (`Sequential.mlp`).
    public static let layerInitialisation = StreamDomain(
        "layer initialisation", keys: [.training, .criticInitialisation, .classifier], first: 0, capacity: 1024)
    /// The engine benchmark's random training set: cells, then conditions.
    public static let benchmarkData = StreamDomain("benchmark data", keys: [.training], first: 1 << 40, capacity: 2)
    /// The classifier test's shuffles of the reference and generated samples.
    public static let classifierSplit = StreamDomain("classifier split", keys: [.classifier], first: 1 << 40, capacity: 1)
    /// The classifier test's minibatch order.
    public static let classifierBatches = StreamDomain("classifier batches", keys: [.classifier], first: (1 << 40) + 1, capacity: 1)
    /// Bootstrap replica b's resampled indices.
    public static let bootstrapReplicas = StreamDomain("bootstrap replicas", keys: [.physicsCheck], first: 0, capacity: 1 << 32)
    /// The physics check's showers: sample tag (1 ..< 2^31) in the high word, shower in the low.
    public static let physicsCheckShowers = StreamDomain("physics-check showers", keys: [.physicsCheck],
                                                         first: 1 << 32, capacity: (1 << 63) - (1 << 32))
    /// The stream whose draws derive the block keys of a seeded tensor fill.
    public static let tensorFillKeys = StreamDomain("tensor fill keys", keys: [.tensorFill], first: 0x7E45_0001, capacity: 1)
    /// The blocks of a parallel tensor fill (`RandomKernels.block` elements each).
    public static let tensorFillBlocks = StreamDomain("tensor fill blocks", keys: [.tensorFillBlock], first: 0, capacity: 1 << 32)
    /// The operands of the benchmark's sgemm check.
    public static let sgemmCheck = StreamDomain("sgemm check", keys: [.benchmarkCheck], first: 0, capacity: 1)
    /// The directions of the benchmark's penalty-gradient check.
    public static let penaltyCheck = StreamDomain("penalty check", keys: [.benchmarkCheck], first: 1, capacity: 1)
    /// A lecture example's draws: element purpose 2^32 + item, the purposes listed by each example.
    public static let exampleDraws = StreamDomain("example draws", keys: [.example], first: 0, capacity: 1 << 48)

    /// Every domain calosim uses.
    public static let all: [StreamDomain] = [
        showerTransport, incidentEnergy, showerConditions, generatorNoise, ganStep, trainingSplit, layerInitialisation, benchmarkData,
        classifierSplit, classifierBatches, bootstrapReplicas, physicsCheckShowers, tensorFillKeys, tensorFillBlocks,
        sgemmCheck, penaltyCheck, exampleDraws,
    ]

    /// Pairs that share streams, kept because separating them would change the bytes of every
    /// newly trained model: the generator's initial weights use streams 0 ..< layers under the
    /// same key as the first GAN steps.
    public static let knownOverlaps: [(StreamDomain, StreamDomain)] = [
        (layerInitialisation, ganStep),
    ]
}
