import CaloNN
import CaloSupport
import CaloTensor

/// The conditional generator: noise z [B, latent] and condition c [B, width] (`ConditionEncoding`;
/// width 1: the energy alone) to cells in network space [B, cells] (after the cell transform),
/// never negative, empty cells exactly 0.
public final class ConditionalGenerator: ParameterContainer {
    public let network: Sequential
    public let config: MLPConfig
    let head: GeneratorHead
    let map: LayerMap
    let transform: CellTransform

    /// Entries of the condition vector.
    public let conditionWidth: Int

    public init(hyperparameters h: GANHyperparameters, layerCells: [Int], conditionWidth: Int = 1, seed: UInt64) {
        require(conditionWidth >= 1, "ConditionalGenerator: condition width \(conditionWidth)")
        self.conditionWidth = conditionWidth
        head = h.generatorHead
        map = LayerMap(layerCells: layerCells)
        transform = h.cellTransform
        config = MLPConfig(sizes: Self.layerSizes(hyperparameters: h, layerCells: layerCells, conditionWidth: conditionWidth),
                           hiddenActivation: .leakyReLU(slope: h.leakySlope), outputActivation: head == .direct ? .relu : .identity)
        network = Sequential.mlp(config, seed: seed)
    }

    /// The MLP's widths: latentDimension + conditionWidth inputs, `generatorHidden`, and the head's
    /// outputs (the cells, plus one per layer for `.layers`, plus one more for `.shares` and `.physics`).
    public static func layerSizes(hyperparameters h: GANHyperparameters, layerCells: [Int], conditionWidth: Int = 1) -> [Int] {
        let cells = layerCells.reduce(0, +)
        let outputs: Int
        switch h.generatorHead {
        case .direct: outputs = cells
        case .layers: outputs = cells + layerCells.count
        case .shares, .physics: outputs = cells + layerCells.count + 1
        }
        return [h.latentDimension + conditionWidth] + h.generatorHidden + [outputs]
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

    /// Cell energies over the incident energy from the MLP's output `raw` [B, outputs] (what
    /// `network` returns for the concatenated noise and condition): the head of `cellFractions`.
    public func cellFractions(raw: Tensor) -> Tensor {
        head == .direct ? transform.inverse(raw) : layerHead(raw)
    }

    /// The head's kind and the cells per layer, for fused implementations of it.
    public var headKind: GeneratorHead { head }
    public var layerCells: [Int] { map.layerCells }

    /// u = f_layer * w_cell / sum_layer w, with w = relu(cell outputs) and f = softplus(layer
    /// outputs) (`.layers`) or f = (1 - sigmoid(a - 5)) softmax(b) (`.shares`); `.physics`:
    /// w = exp(min(relu(r), 30)) - 1 and f = (1 - sigmoid(a)) softmax(b).
    private func layerHead(_ raw: Tensor) -> Tensor {
        let cells = map.indicator.shape[0]
        let cellOutputs = raw.sliced(lastAxis: 0..<cells)
        let weights = head == .physics ? cellOutputs.clamped(min: 0, max: 30).exp() - 1 : cellOutputs.relu()
        let fractions: Tensor
        if head == .physics {
            let escaping = raw.sliced(lastAxis: cells..<(cells + 1)).sigmoid()
            fractions = raw.sliced(lastAxis: (cells + 1)..<raw.shape[1]).softmax() * (1 - escaping)
        } else if head == .shares {
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
