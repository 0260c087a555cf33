import CaloSupport
import CaloTensor

/// Dropout (Srivastava et al., JMLR 15 (2014) 1929), inverted as in PyTorch: in training each
/// element is zeroed with probability p and the survivors scaled by 1 / (1 - p); in inference the
/// layer is the identity.
///
/// The masks are seeded: call k (counted from 0) draws its uniforms from
/// `Tensor.uniform(shape:seed:stream:)` with this layer's seed and stream k, so a run repeats
/// exactly whatever the thread count.
public final class Dropout: TrainingModeLayer {
    public let probability: Float
    public let seed: UInt64
    public var isTraining = true
    /// Masks drawn so far (the next call's stream).
    public private(set) var calls: UInt64 = 0

    public init(probability: Float, seed: UInt64) {
        require(probability >= 0 && probability < 1, "Dropout: probability \(probability) outside [0, 1)")
        self.probability = probability
        self.seed = seed
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        guard isTraining, probability > 0 else { return x }
        let u = Tensor.uniform(shape: x.shape, seed: seed, stream: calls)
        calls += 1
        return x * (u.isGreater(than: probability) * (1 / (1 - probability)))
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [] }
}
