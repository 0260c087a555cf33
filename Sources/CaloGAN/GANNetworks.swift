import CaloDetector
import CaloNN
import CaloTensor

/// Cell-to-layer bookkeeping as tensors: [cells, layers] indicator and its transpose.
struct LayerMap {
    let indicator: Tensor
    let transposed: Tensor
    let layers: Int

    init(layerCells: [Int]) {
        let cells = layerCells.reduce(0, +)
        layers = layerCells.count
        var m = [Float](repeating: 0, count: cells * layers), t = [Float](repeating: 0, count: cells * layers)
        var c = 0
        for (l, n) in layerCells.enumerated() {
            for _ in 0..<n {
                m[c * layers + l] = 1
                t[l * cells + c] = 1
                c += 1
            }
        }
        indicator = Tensor(shape: [cells, layers], scalars: m)
        transposed = Tensor(shape: [layers, cells], scalars: t)
    }

    /// Per-layer sums of cell values: [B, cells] -> [B, layers].
    func layerSums(_ x: Tensor) -> Tensor { matmul(x, indicator) }

    /// Each cell gets its layer's value: [B, layers] -> [B, cells].
    func spread(_ perLayer: Tensor) -> Tensor { matmul(perLayer, transposed) }
}

/// The conditional generator: noise z [B, latent] and condition c [B, 1] to cells in network
/// space [B, cells] (after the cell transform), never negative, empty cells exactly 0.
public final class ConditionalGenerator: ParameterContainer {
    public let network: Sequential
    public let config: MLPConfig
    let head: GeneratorHead
    let map: LayerMap
    let transform: CellTransform

    public init(hyperparameters h: GANHyperparameters, layerCells: [Int], seed: UInt64) {
        let cells = layerCells.reduce(0, +)
        head = h.generatorHead
        map = LayerMap(layerCells: layerCells)
        transform = h.cellTransform
        let outputs: Int
        switch head {
        case .direct: outputs = cells
        case .layers: outputs = cells + layerCells.count
        case .shares: outputs = cells + layerCells.count + 1
        }
        config = MLPConfig(sizes: [h.latentDimension + 1] + h.generatorHidden + [outputs],
                           hiddenActivation: .leakyReLU(slope: h.leakySlope), outputActivation: head == .direct ? .relu : .identity)
        network = Sequential.mlp(config, seed: seed)
    }

    /// Cells in network space x = T(u).
    public func callAsFunction(noise z: Tensor, condition c: Tensor) -> Tensor {
        let raw = network(concatenate(lastAxis: [z, c]))
        return head == .direct ? raw : transform.forward(layerHead(raw))
    }

    /// Cell energies over the incident energy, u >= 0 (for generation: the layer head skips the
    /// transform round trip).
    public func cellFractions(noise z: Tensor, condition c: Tensor) -> Tensor {
        let raw = network(concatenate(lastAxis: [z, c]))
        return head == .direct ? transform.inverse(raw) : layerHead(raw)
    }

    /// u = f_layer * w_cell / sum_layer w, with w = relu(cell outputs) and f = softplus(layer
    /// outputs) (`.layers`) or f = (1 - sigmoid(a - 5)) softmax(b) (`.shares`).
    private func layerHead(_ raw: Tensor) -> Tensor {
        let cells = map.indicator.shape[0]
        let weights = raw.sliced(lastAxis: 0..<cells).relu()
        let fractions: Tensor
        if head == .shares {
            let escaping = (raw.sliced(lastAxis: cells..<(cells + 1)) - 5).sigmoid()
            fractions = raw.sliced(lastAxis: (cells + 1)..<raw.shape[1]).softmax() * (1 - escaping)
        } else {
            fractions = raw.sliced(lastAxis: cells..<raw.shape[1]).softplus()
        }
        let scale = fractions / (map.layerSums(weights) + 1e-6)
        return weights * map.spread(scale)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { network.namedParameters }
}

/// The critic: cells in network space [B, cells] and condition [B, 1] to a score [B, 1].
///
/// Besides the cells it sees physics features computed from them in differentiable ops: each
/// layer's energy and the total energy over the incident energy (u = T^-1(x) summed per layer),
/// so energy response and longitudinal sharing are learnt explicitly.
public final class ConditionalCritic: ParameterContainer {
    public let network: Sequential
    public let config: MLPConfig
    let map: LayerMap
    let transform: CellTransform

    public init(hyperparameters h: GANHyperparameters, layerCells: [Int], seed: UInt64) {
        let cells = layerCells.reduce(0, +)
        config = MLPConfig(sizes: [cells + 1 + layerCells.count + 1] + h.criticHidden + [1],
                           hiddenActivation: .leakyReLU(slope: h.leakySlope), outputActivation: .identity)
        network = Sequential.mlp(config, seed: seed)
        map = LayerMap(layerCells: layerCells)
        transform = h.cellTransform
    }

    /// Layer energies and total over incident energy: [B, layers + 1].
    public func features(_ x: Tensor) -> Tensor {
        let layers = map.layerSums(transform.inverse(x))
        return concatenate(lastAxis: [layers, layers.sum(axis: 1, keepingDimensions: true)])
    }

    public func callAsFunction(_ x: Tensor, condition c: Tensor) -> Tensor {
        network(concatenate(lastAxis: [x, c, features(x)]))
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { network.namedParameters }
}
