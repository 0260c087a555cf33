import CaloTensor

/// Cell-to-layer bookkeeping as tensors: [cells, layers] indicator and its transpose.
struct LayerMap {
    let indicator: Tensor
    let transposed: Tensor
    let layers: Int
    let layerCells: [Int]

    init(layerCells: [Int]) {
        self.layerCells = layerCells
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
