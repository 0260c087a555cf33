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
        case .shares, .physics: outputs = cells + layerCells.count + 1
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

/// The critic: cells in network space [B, cells] and condition [B, 1] to a score [B, 1].
///
/// Besides the cells it sees physics features computed from them in differentiable ops, on the
/// scale where they vary: each layer's energy and the total over the incident energy, the log of
/// the escaping fraction ln(max(1 - E_tot/E_inc, 0) + 1e-5), the log shares ln(E_l/E_tot + 1e-6),
/// and each layer's centroids and widths (the CaloGAN shower shapes).
/// Cells and features enter standardised by the training set's means and spreads
/// (`normalization`), so a per-mille change of the total is as visible as a change of a cell.
public final class ConditionalCritic: ParameterContainer {
    public let network: Sequential
    public let config: MLPConfig
    let map: LayerMap
    let transform: CellTransform
    /// Shift and scale of the inputs: cells [1, cells], features [1, featureCount].
    public internal(set) var normalization: CriticNormalization

    /// Cell centres as [cells, layers] matrices holding x, y, x^2, y^2 (in units of 100 mm) in
    /// each cell's own layer column, for the centroids and widths.
    let positions: [Tensor]

    public init(hyperparameters h: GANHyperparameters, geometry: Geometry, seed: UInt64) {
        let layerCells = geometry.cellsPerLayer
        let cells = layerCells.reduce(0, +)
        let featureCount = Self.featureCount(layers: layerCells.count)
        config = MLPConfig(sizes: [cells + featureCount + 1] + h.criticHidden + [1],
                           hiddenActivation: .leakyReLU(slope: h.leakySlope), outputActivation: .identity)
        network = Sequential.mlp(config, seed: seed)
        map = LayerMap(layerCells: layerCells)
        transform = h.cellTransform
        normalization = .identity(cells: cells, features: featureCount)
        let layers = layerCells.count
        var matrices = [[Float]](repeating: [Float](repeating: 0, count: cells * layers), count: 4)
        for (l, layer) in geometry.layers.enumerated() {
            for row in 0..<layer.rows {
                for col in 0..<layer.cols {
                    let centre = layer.cellCentre(row: row, col: col)
                    let x = Float(centre.xMM / 100), y = Float(centre.yMM / 100)
                    let k = (layer.firstCell + row * layer.cols + col) * layers + l
                    matrices[0][k] = x
                    matrices[1][k] = y
                    matrices[2][k] = x * x
                    matrices[3][k] = y * y
                }
            }
        }
        positions = matrices.map { Tensor(shape: [cells, layers], scalars: $0) }
    }

    static func featureCount(layers: Int) -> Int { 6 * layers + 2 }

    /// Raw physics features [B, 6 layers + 2]: layer energies and total over incident energy,
    /// ln(escaping fraction), ln(layer shares), and per layer the energy-weighted centroids and
    /// RMS widths in x and y (100 mm units; 0 for an empty layer).
    public func features(_ x: Tensor) -> Tensor {
        let u = transform.inverse(x)
        let layers = map.layerSums(u)
        let total = layers.sum(axis: 1, keepingDimensions: true)
        let escaping = ((1 - total).relu() + 1e-5).log()
        let shares = (layers / (total + 1e-12) + 1e-6).log()
        let norm = 1 / (layers + 1e-9)
        let moments = positions.map { matmul(u, $0) * norm }
        let widthX = ((moments[2] - moments[0].squared()).relu() + 1e-6).sqrt()
        let widthY = ((moments[3] - moments[1].squared()).relu() + 1e-6).sqrt()
        return concatenate(lastAxis: [layers, total, escaping, shares, moments[0], moments[1], widthX, widthY])
    }

    /// The critic's view of showers: standardised cells and features [B, cells + features].
    /// The gradient penalty acts in this space, so one standard deviation of the total counts as
    /// much as one of a cell (in x alone a per-mille change of the total is a tiny distance).
    public func embed(_ x: Tensor) -> Tensor {
        let n = normalization
        return concatenate(lastAxis: [(x - n.cellShift) * n.cellScale, (features(x) - n.featureShift) * n.featureScale])
    }

    /// Score of embedded showers y [B, cells + features] (from `embed`) under condition c [B, 1].
    public func score(embedded y: Tensor, condition c: Tensor) -> Tensor {
        network(concatenate(lastAxis: [y, c]))
    }

    public func callAsFunction(_ x: Tensor, condition c: Tensor) -> Tensor {
        score(embedded: embed(x), condition: c)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { network.namedParameters }
}

/// Standardisation of the critic's inputs: (v - mean) / max(rms, floor), fitted on training data.
public struct CriticNormalization: Sendable {
    public var cellShift: Tensor
    public var cellScale: Tensor
    public var featureShift: Tensor
    public var featureScale: Tensor

    static func identity(cells: Int, features: Int) -> CriticNormalization {
        CriticNormalization(cellShift: Tensor(shape: [1, cells]), cellScale: Tensor(shape: [1, cells], repeating: 1),
                            featureShift: Tensor(shape: [1, features]), featureScale: Tensor(shape: [1, features], repeating: 1))
    }

    /// Column means and 1 / max(rms, floor) of `values` [rows, columns].
    static func standardisation(_ values: Tensor, floor: Float) -> (shift: Tensor, scale: Tensor) {
        let mean = values.mean(axis: 0, keepingDimensions: true)
        let rms = (values - mean).squared().mean(axis: 0, keepingDimensions: true).sqrt()
        return (mean, 1 / rms.maximum(floor))
    }

    /// Fitted on training cells [count, cells] in network space (the critic's features of them).
    static func fit(critic: ConditionalCritic, cells: [Float], count: Int) -> CriticNormalization {
        let x = Tensor(shape: [count, cells.count / count], scalars: cells)
        return withoutGradients {
            let c = standardisation(x, floor: 0.1), f = standardisation(critic.features(x), floor: 1e-4)
            return CriticNormalization(cellShift: c.shift, cellScale: c.scale, featureShift: f.shift, featureScale: f.scale)
        }
    }

    /// The fields under their checkpoint names.
    static var fields: [(name: String, path: WritableKeyPath<CriticNormalization, Tensor>)] { [
        ("cell_shift", \.cellShift), ("cell_scale", \.cellScale), ("feature_shift", \.featureShift), ("feature_scale", \.featureScale),
    ] }
}
