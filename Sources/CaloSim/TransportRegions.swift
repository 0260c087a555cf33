import CaloDetector

/// The stack as the transport sees it: z-planes bounding regions of one material and one readout
/// layer (the union of slab and layer boundaries), with what each region scores (docs/physics.md §12.2).
struct TransportRegions: Sendable {
    /// planes[r] ..< planes[r + 1] is region r, mm.
    let planes: [Double]
    let material: [Int]
    let layer: [Int]
    let active: [Bool]
    /// Deposits are scored in cells (layer scoring `.all`, or `.active` and the slab is active).
    let scored: [Bool]
    let halfWidth: Double
    let halfHeight: Double
    var count: Int { material.count }

    /// `materialIndex` maps a slab's material to its index in the simulator's material list.
    init(geometry: Geometry, materialIndex: (Material) -> Int) {
        var cuts = Set<Double>()
        for s in geometry.slabs { cuts.insert(s.zStartMM); cuts.insert(s.zEndMM) }
        for l in geometry.layers { cuts.insert(l.zStartMM); cuts.insert(l.zEndMM) }
        // Merge planes closer than 1 nm (rounding in the JSON sums).
        var sorted: [Double] = []
        for z in cuts.sorted() where sorted.last.map({ z - $0 > 1e-6 }) ?? true { sorted.append(z) }
        var material: [Int] = [], layer: [Int] = [], active: [Bool] = [], scored: [Bool] = []
        for r in 0..<(sorted.count - 1) {
            let mid = 0.5 * (sorted[r] + sorted[r + 1])
            let s = geometry.slabs[geometry.slabIndex(zMM: mid)!]
            let l = geometry.layerIndex(zMM: mid)!
            material.append(materialIndex(s.material))
            layer.append(l)
            active.append(s.isActive)
            scored.append(geometry.layers[l].scoring == .all || s.isActive)
        }
        planes = sorted
        self.material = material
        self.layer = layer
        self.active = active
        self.scored = scored
        halfWidth = 0.5 * geometry.widthMM
        halfHeight = 0.5 * geometry.heightMM
    }
}
