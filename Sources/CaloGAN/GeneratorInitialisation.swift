import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// Data-driven start of the `.physics` generator head: its output layer begins at the training
/// set's mean shower, so the first critic steps compare showers of the right response, depth and
/// shape instead of noise.
///
/// Biases: escaping output a = logit(mean lambda), share outputs b_l = ln(mean s_l), cell outputs
/// r_c = mean of ln(1 + (u_c / u_layer(c)) / k) with k = 1e-5 the weight unit (w = exp(r) - 1).
/// The output weights are scaled by 0.1, so the noise first only perturbs that mean.
enum GeneratorInitialisation {
    static let weightUnit: Float = 1e-5

    /// Output-layer biases [cells + layers + 1] from training cells [count, cells] in network space.
    static func biases(cells x: [Float], count: Int, layerCells: [Int], transform: CellTransform) -> [Float] {
        let cells = layerCells.reduce(0, +)
        let layers = layerCells.count
        var cellSums = [Double](repeating: 0, count: cells), shareSums = [Double](repeating: 0, count: layers)
        var escapingSum = 0.0
        var u = [Float](repeating: 0, count: cells), layer = [Float](repeating: 0, count: layers)
        for i in 0..<count {
            for c in 0..<cells { u[c] = transform.inverse(x[i * cells + c]) }
            var start = 0
            for (l, n) in layerCells.enumerated() {
                layer[l] = u[start..<(start + n)].reduce(0, +)
                for c in start..<(start + n) where layer[l] > 0 { cellSums[c] += Double(Foundation.log1p(u[c] / layer[l] / weightUnit)) }
                start += n
            }
            let total = layer.reduce(0, +)
            escapingSum += Double(min(max(1 - total, 0), 1))
            for l in 0..<layers where total > 0 { shareSums[l] += Double(layer[l] / total) }
        }
        let n = Double(max(count, 1))
        let lambda = min(max(escapingSum / n, 1e-6), 0.5)
        var out = cellSums.map { Float($0 / n) }
        out.append(Float(Foundation.log(lambda / (1 - lambda))))
        out += shareSums.map { Float(Foundation.log(max($0 / n, 1e-8))) }
        return out
    }

    /// Sets the generator's output layer (bias from `biases`, weights x 0.1).
    static func apply(to generator: ConditionalGenerator, cells: [Float], count: Int, layerCells: [Int], transform: CellTransform) {
        guard let last = generator.network.layers.last(where: { $0.layer is Linear })?.layer as? Linear else { return }
        let b = biases(cells: cells, count: count, layerCells: layerCells, transform: transform)
        require(b.count == last.outputSize, "GeneratorInitialisation: \(b.count) biases for \(last.outputSize) outputs")
        last.bias.assign(Tensor(shape: [b.count], scalars: b))
        last.weight.assign(last.weight.value.detached * 0.1)
    }
}
