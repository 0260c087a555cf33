import CaloSupport

/// A sampling calorimeter: a stack of slabs along z, a transverse size, and readout layers.
///
/// Coordinates: mm; z = 0 at the front face, the beam travels along +z; x and y transverse with
/// the beam axis at x = y = 0. Outside the stack is vacuum: a particle that leaves is gone.
///
/// **Cell order** (the one place it is defined): cells are numbered layer by layer; within a
/// layer row-major, `row * cols + col`, where `row` counts cells along y from y = -height/2 and
/// `col` along x from x = -width/2. `showers[:, layerOffset + row * cols + col]` in the dataset.
public struct Geometry: Sendable, Equatable {
    /// One slab of the stack.
    public struct Slab: Sendable, Equatable {
        public let material: Material
        public let thicknessMM: Double
        /// Active slabs are read out (liquid argon in a sampling calorimeter).
        public let isActive: Bool
        public let zStartMM: Double
        public var zEndMM: Double { zStartMM + thicknessMM }
    }

    /// Which deposits a readout layer scores.
    public enum Scoring: String, Sendable, Codable, Equatable {
        /// Every deposit inside the layer, active or passive material.
        case all
        /// Deposits in active slabs only (what a real sampling calorimeter reads).
        case active
    }

    /// A readout layer: a z-range with a grid of rows x cols cells centred on the beam axis.
    public struct Layer: Sendable, Equatable {
        public let zStartMM: Double
        public let zEndMM: Double
        public let rows: Int
        public let cols: Int
        /// Cell size along y (a row's height), mm.
        public let cellHeightMM: Double
        /// Cell size along x (a column's width), mm.
        public let cellWidthMM: Double
        public let scoring: Scoring
        /// Index of this layer's first cell in the flattened cell order.
        public let firstCell: Int

        public var cellCount: Int { rows * cols }
        public var gridWidthMM: Double { Double(cols) * cellWidthMM }
        public var gridHeightMM: Double { Double(rows) * cellHeightMM }

        /// Row and column of the cell containing (x, y), or nil outside the grid (overflow).
        @inlinable
        public func cell(xMM: Double, yMM: Double) -> (row: Int, col: Int)? {
            let u = (xMM + 0.5 * gridWidthMM) / cellWidthMM
            let v = (yMM + 0.5 * gridHeightMM) / cellHeightMM
            guard u >= 0, v >= 0, u < Double(cols), v < Double(rows) else { return nil }
            return (Int(v), Int(u))
        }

        /// Centre of a cell (x, y) in mm.
        public func cellCentre(row: Int, col: Int) -> (xMM: Double, yMM: Double) {
            ((Double(col) + 0.5) * cellWidthMM - 0.5 * gridWidthMM,
             (Double(row) + 0.5) * cellHeightMM - 0.5 * gridHeightMM)
        }
    }

    public let name: String
    public let summary: String
    public let slabs: [Slab]
    /// Transverse size of the stack along x, mm.
    public let widthMM: Double
    /// Transverse size of the stack along y, mm.
    public let heightMM: Double
    public let layers: [Layer]
    /// The JSON this geometry was read from (stored in every dataset).
    public let json: String

    /// Total depth of the stack, mm.
    public var depthMM: Double { slabs.last.map(\.zEndMM) ?? 0 }
    /// Number of readout cells over all layers.
    public var cellCount: Int { layers.last.map { $0.firstCell + $0.cellCount } ?? 0 }
    /// Cells per layer, in order.
    public var cellsPerLayer: [Int] { layers.map(\.cellCount) }

    /// Index of the readout layer containing depth z, or nil outside the stack.
    /// A depth exactly on a boundary belongs to the deeper layer.
    public func layerIndex(zMM: Double) -> Int? {
        guard zMM >= 0, zMM < depthMM else { return nil }
        return Self.lastIndex(count: layers.count, atOrBefore: zMM) { layers[$0].zStartMM }
    }

    /// Index of the slab containing depth z, or nil outside the stack.
    public func slabIndex(zMM: Double) -> Int? {
        guard zMM >= 0, zMM < depthMM else { return nil }
        return Self.lastIndex(count: slabs.count, atOrBefore: zMM) { slabs[$0].zStartMM }
    }

    /// Binary search: the last index whose start is <= z (starts increase with the index).
    private static func lastIndex(count: Int, atOrBefore z: Double, start: (Int) -> Double) -> Int {
        var lo = 0, hi = count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if start(mid) <= z { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Where a point is scored: a cell index in the flattened order, or the overflow of its
    /// layer (outside the grid), or nowhere (outside the stack).
    public enum Readout: Equatable, Sendable {
        case cell(Int)
        case overflow(layer: Int)
        case outside
    }

    /// The readout slot of the point (x, y, z), ignoring the scoring mode.
    public func readout(xMM: Double, yMM: Double, zMM: Double) -> Readout {
        guard let l = layerIndex(zMM: zMM), abs(xMM) <= 0.5 * widthMM, abs(yMM) <= 0.5 * heightMM else {
            return .outside
        }
        let layer = layers[l]
        guard let (row, col) = layer.cell(xMM: xMM, yMM: yMM) else { return .overflow(layer: l) }
        return .cell(layer.firstCell + row * layer.cols + col)
    }

    /// The layer and position within it of a flattened cell index.
    public func locate(cell index: Int) -> (layer: Int, row: Int, col: Int) {
        require(index >= 0 && index < cellCount, "cell \(index) outside 0..<\(cellCount)")
        var l = layers.count - 1
        while layers[l].firstCell > index { l -= 1 }
        let local = index - layers[l].firstCell
        return (l, local / layers[l].cols, local % layers[l].cols)
    }

    /// Effective radiation length of the whole stack in mm: 1/X0 = sum (d_j / D) / X0_j.
    public var effectiveRadiationLengthMM: Double {
        depthMM / slabs.reduce(0) { $0 + $1.thicknessMM / $1.material.radiationLengthMM }
    }

    /// True when two geometries read out the same cells from the same stack (same slabs,
    /// layers, grids and scoring), even if their JSON differs in formatting or description.
    public func sameReadout(as other: Geometry) -> Bool {
        layers == other.layers && slabs == other.slabs && widthMM == other.widthMM && heightMM == other.heightMM
    }
}
