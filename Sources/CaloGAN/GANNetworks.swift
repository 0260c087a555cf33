import CaloDetector
import CaloNN
import CaloTensor

/// The conditional generator: noise z [B, latent] and condition c [B, 1] to cells in network
/// space [B, cells] (after the cell transform).
///
/// An MLP (LeakyReLU hidden layers) whose ReLU output keeps every cell >= 0 and lets empty cells
/// be exactly empty (x = 0 maps back to 0 MeV), so generated energies are never negative.
public final class ConditionalGenerator: ParameterContainer {
    public let network: Sequential
    public let config: MLPConfig

    public init(hyperparameters h: GANHyperparameters, cells: Int, seed: UInt64) {
        config = MLPConfig(sizes: [h.latentDimension + 1] + h.generatorHidden + [cells],
                           hiddenActivation: .leakyReLU(slope: h.leakySlope), outputActivation: .relu)
        network = Sequential.mlp(config, seed: seed)
    }

    public func callAsFunction(noise z: Tensor, condition c: Tensor) -> Tensor {
        network(concatenate(lastAxis: [z, c]))
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
    /// [cells, layers] indicator: cell c belongs to layer l.
    private let layerIndicator: Tensor
    private let transform: CellTransform

    public init(hyperparameters h: GANHyperparameters, layerCells: [Int], seed: UInt64) {
        let cells = layerCells.reduce(0, +)
        let features = layerCells.count + 1
        config = MLPConfig(sizes: [cells + 1 + features] + h.criticHidden + [1],
                           hiddenActivation: .leakyReLU(slope: h.leakySlope), outputActivation: .identity)
        network = Sequential.mlp(config, seed: seed)
        var indicator = [Float](repeating: 0, count: cells * layerCells.count)
        var c = 0
        for (l, n) in layerCells.enumerated() {
            for _ in 0..<n { indicator[c * layerCells.count + l] = 1; c += 1 }
        }
        layerIndicator = Tensor(shape: [cells, layerCells.count], scalars: indicator)
        transform = h.cellTransform
    }

    /// Layer energies and total over incident energy: [B, layers + 1].
    public func features(_ x: Tensor) -> Tensor {
        let layers = matmul(transform.inverse(x), layerIndicator)
        return concatenate(lastAxis: [layers, layers.sum(axis: 1).reshaped(to: [x.shape[0], 1])])
    }

    public func callAsFunction(_ x: Tensor, condition c: Tensor) -> Tensor {
        network(concatenate(lastAxis: [x, c, features(x)]))
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { network.namedParameters }
}
