import CaloDetector
import CaloNN
import CaloSupport
import CaloTensor

/// The critic: cells in network space [B, cells] and condition [B, width] (`ConditionEncoding`)
/// to a score [B, 1].
///
/// Besides the cells it sees physics features computed from them in differentiable ops, on the
/// scale where they vary: each layer's energy and the total over the incident energy, the log of
/// the escaping fraction ln(max(1 - E_tot/E_inc, 0) + 1e-5), the log shares ln(E_l/E_tot + 1e-6),
/// and each layer's centroids and widths (the CaloGAN shower shapes); with
/// `GANHyperparameters.criticPeakFeatures`, also each layer's peak shape (`peakFeatures`); with
/// `GANHyperparameters.criticAxisFeatures`, also how far each layer's centroid lies from where the
/// shower's arrival (direction and impact point, from the condition) puts it (`axisOffsets`).
/// Cells and features enter standardised by the training set's means and spreads
/// (`normalization`), so a per-mille change of the total is as visible as a change of a cell.
///
/// `init(hyperparameters:cells:seed:)` makes the plain reference critic instead (cells and
/// condition only, as in Gulrajani et al.), which the engine benchmark times.
public final class ConditionalCritic: ParameterContainer {
    public let network: Sequential
    public let config: MLPConfig
    /// Entries of the condition vector.
    public let conditionWidth: Int
    /// False for the reference critic, which scores the cells as they are.
    public let seesPhysicsFeatures: Bool
    /// Whether the features end with each layer's peak shape (`peakFeatures`).
    public let seesPeakFeatures: Bool
    /// The terms that predict the layers' centroids from the condition, with
    /// `GANHyperparameters.criticAxisFeatures` (`axisOffsets`); nil without.
    public let axis: ArrivalBasis?
    let map: LayerMap
    let transform: CellTransform
    /// Shift and scale of the inputs: cells [1, cells], features [1, featureCount].
    public internal(set) var normalization: CriticNormalization

    /// Cell centres as [cells, layers] matrices holding x, y, x^2, y^2 (in units of 100 mm) in
    /// each cell's own layer column, for the centroids and widths.
    let positions: [Tensor]

    /// The critic with physics features for showers of `geometry` under conditions of
    /// `encoding` (nil: the energy alone), whose vectors have `conditionWidth` entries.
    public init(hyperparameters h: GANHyperparameters, geometry: Geometry, conditionWidth: Int = 1,
                encoding: ConditionEncoding? = nil, seed: UInt64) {
        require(conditionWidth >= 1, "ConditionalCritic: condition width \(conditionWidth)")
        require(encoding.map { $0.width == conditionWidth } ?? true,
                "ConditionalCritic: an encoding of width \(encoding?.width ?? 0) for a condition of width \(conditionWidth)")
        self.conditionWidth = conditionWidth
        let layerCells = geometry.cellsPerLayer
        let cells = layerCells.reduce(0, +)
        seesPeakFeatures = h.criticPeakFeatures
        axis = h.criticAxisFeatures ? ArrivalBasis(encoding: encoding) : nil
        require(axis.map { $0.conditionWidth == conditionWidth } ?? true,
                "ConditionalCritic: axis offsets need the encoding of a condition of width \(conditionWidth)")
        let featureCount = Self.featureCount(layers: layerCells.count, peaks: seesPeakFeatures, axis: axis != nil)
        config = MLPConfig(sizes: [cells + featureCount + conditionWidth] + h.criticHidden + [1],
                           hiddenActivation: .leakyReLU(slope: h.leakySlope), outputActivation: .identity)
        network = Sequential.mlp(config, seed: seed)
        seesPhysicsFeatures = true
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

    /// The reference critic: cells [B, cells] (network space) and condition [B, 1] through the
    /// MLP cells + 1 -> criticHidden -> 1, LeakyReLU, no features and no standardisation.
    public init(hyperparameters h: GANHyperparameters, cells: Int, seed: UInt64) {
        require(cells > 0, "ConditionalCritic: \(cells) cells")
        conditionWidth = 1
        config = MLPConfig(sizes: [cells + 1] + h.criticHidden + [1], hiddenActivation: .leakyReLU(slope: h.leakySlope),
                           outputActivation: .identity)
        network = Sequential.mlp(config, seed: seed)
        seesPhysicsFeatures = false
        seesPeakFeatures = false
        axis = nil
        map = LayerMap(layerCells: [cells])
        transform = h.cellTransform
        normalization = .identity(cells: cells, features: 0)
        positions = []
    }

    /// Physics features per shower: 6 per layer + 2, 2 more per layer with `peaks`, 2 more per
    /// layer with `axis`.
    static func featureCount(layers: Int, peaks: Bool = false, axis: Bool = false) -> Int {
        (6 + (peaks ? 2 : 0) + (axis ? 2 : 0)) * layers + 2
    }

    /// Raw physics features [B, featureCount]: layer energies and total over incident energy,
    /// ln(escaping fraction), ln(layer shares), and per layer the energy-weighted centroids and
    /// RMS widths in x and y (100 mm units; 0 for an empty layer); then, with `seesPeakFeatures`,
    /// the layers' peak shapes (`peakFeatures`); then, with `axis`, the axis offsets of the
    /// showers' conditions c [B, width] (`axisOffsets`; c is needed only then).
    public func features(_ x: Tensor, condition c: Tensor? = nil) -> Tensor {
        require(seesPhysicsFeatures, "ConditionalCritic.features: the reference critic has no physics features")
        let u = transform.inverse(x)
        let layers = map.layerSums(u)
        let total = layers.sum(axis: 1, keepingDimensions: true)
        let escaping = ((1 - total).relu() + 1e-5).log()
        let shares = (layers / (total + 1e-12) + 1e-6).log()
        let norm = 1 / (layers + 1e-9)
        let moments = positions.map { matmul(u, $0) * norm }
        let widthX = ((moments[2] - moments[0].squared()).relu() + 1e-6).sqrt()
        let widthY = ((moments[3] - moments[1].squared()).relu() + 1e-6).sqrt()
        var columns = [layers, total, escaping, shares, moments[0], moments[1], widthX, widthY]
        if seesPeakFeatures { columns += Self.peakFeatures(u, norm: norm, map: map) }
        if let axis {
            guard let c else { requirementFailed("ConditionalCritic.features: the axis offsets need the showers' conditions") }
            columns.append(axisOffsets(centroids: concatenate(lastAxis: [moments[0], moments[1]]), terms: axis(c)))
        }
        return concatenate(lastAxis: columns)
    }

    /// The layers' centroids [B, 2 layers] (x of every layer, then y; 100 mm units, 0 for an
    /// empty layer), as `features` computes them.
    func centroids(_ x: Tensor) -> Tensor {
        let u = transform.inverse(x)
        let norm = 1 / (map.layerSums(u) + 1e-9)
        return concatenate(lastAxis: [matmul(u, positions[0]) * norm, matmul(u, positions[1]) * norm])
    }

    /// How far each layer's centroid lies from where the arrival puts it [B, 2 layers]:
    /// centroids [B, 2 layers] minus terms [B, axis.count] (`ArrivalBasis` of the conditions)
    /// times `normalization.axisCoefficients` [axis.count, 2 layers], fitted on the training
    /// showers. A shower that ignores its impact point or direction stands out here by its
    /// offset, where in the plain centroid it hides in the spread of arrivals.
    func axisOffsets(centroids: Tensor, terms: Tensor) -> Tensor {
        guard let beta = normalization.axisCoefficients else {
            requirementFailed("ConditionalCritic.axisOffsets: no fitted axis coefficients")
        }
        return centroids - matmul(terms, beta)
    }

    /// How the energy of each layer is concentrated [B, layers] twice: with p the cells' shares
    /// of their layer's energy, ln(C + 1e-6) of the concentration C = sum p^2 (the inverse of
    /// the number of cells that hold the energy, about the hottest cell's share when one
    /// dominates) and ln(P + 1e-6) of the peakedness P = sum p^4 / (C^2 + 1e-12) (1 for one hot
    /// cell, 1/2 for two equal ones: how the hottest cell stands above the next). Both are 0
    /// before the log for an empty layer. They are smooth in the cells (the hottest-cell share and
    /// the ratio of the two hottest, which a classifier uses, are not), so the gradient penalty
    /// differentiates them twice. `norm` [B, layers] is 1 / (layer energy + 1e-9).
    static func peakFeatures(_ u: Tensor, norm: Tensor, map: LayerMap) -> [Tensor] {
        let p2 = (u * map.spread(norm)).squared()
        let concentration = map.layerSums(p2)
        let peakedness = map.layerSums(p2.squared()) / (concentration.squared() + 1e-12)
        return [(concentration + 1e-6).log(), (peakedness + 1e-6).log()]
    }

    /// The critic's view of showers: standardised cells and features [B, cells + features].
    /// The gradient penalty acts in this space, so one standard deviation of the total counts as
    /// much as one of a cell (in x alone a per-mille change of the total is a tiny distance).
    /// The reference critic's embedding is the cells themselves.
    /// `c` [B, width] are the showers' conditions (used by the axis offsets alone).
    public func embed(_ x: Tensor, condition c: Tensor) -> Tensor {
        guard seesPhysicsFeatures else { return x }
        let n = normalization
        return concatenate(lastAxis: [(x - n.cellShift) * n.cellScale, (features(x, condition: c) - n.featureShift) * n.featureScale])
    }

    /// Score of embedded showers y [B, cells + features] (from `embed`) under condition c [B, width].
    public func score(embedded y: Tensor, condition c: Tensor) -> Tensor {
        network(concatenate(lastAxis: [y, c]))
    }

    public func callAsFunction(_ x: Tensor, condition c: Tensor) -> Tensor {
        score(embedded: embed(x, condition: c), condition: c)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { network.namedParameters }
}
