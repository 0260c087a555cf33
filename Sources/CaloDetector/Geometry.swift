import CaloSupport

/// A sampling calorimeter: a stack of slabs along z, a transverse size, and readout layers.
///
/// Coordinates: mm; z = 0 at the front face, the beam travels along +z; x and y transverse with
/// the beam axis at x = y = 0. Outside the stack is vacuum: a particle that leaves is gone.
///
/// **Cell order** (the one place it is defined): cells are numbered layer by layer, in layer
/// order; within a layer row-major, `row * cols + col`. In a Cartesian layer `row` counts cells
/// along y from y = -height/2 and `col` along x from x = -width/2; in a polar layer (`polar`
/// set) `row` is the alpha bin and `col` the r bin (`PolarBins`: alpha-major, r fastest, as the
/// CaloChallenge files). `showers[:, layerOffset + row * cols + col]` in the dataset.
///
/// A polar layer is centred on the mesh axis, the primary's line of flight through its entry
/// point (Geant4 Par04's readout mesh), not on x = y = 0; its depth range is measured along that
/// axis (for perpendicular incidence, along z). A geometry without slabs (`isReadoutOnly`, from a
/// CaloChallenge binning XML) describes the cells of a file and cannot be simulated.
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

    /// A readout layer: a z-range with a grid of rows x cols cells centred on the beam axis, or
    /// (`polar` set) alphaBins x rBins cylindrical cells around the mesh axis.
    public struct Layer: Sendable, Equatable {
        public let zStartMM: Double
        public let zEndMM: Double
        public let rows: Int
        public let cols: Int
        /// Cell size along y (a row's height), mm. For a polar layer the mean r-bin width
        /// (outer radius / rBins, 0 without cells), so that an (alpha, r) image has square pixels.
        public let cellHeightMM: Double
        /// Cell size along x (a column's width), mm; for a polar layer as `cellHeightMM`.
        public let cellWidthMM: Double
        public let scoring: Scoring
        /// Index of this layer's first cell in the flattened cell order.
        public let firstCell: Int
        /// The cylindrical bins of a polar layer (rows = alpha bins, cols = r bins); nil for a
        /// Cartesian grid.
        public let polar: PolarBins?

        public var cellCount: Int { rows * cols }
        public var gridWidthMM: Double { Double(cols) * cellWidthMM }
        public var gridHeightMM: Double { Double(rows) * cellHeightMM }

        /// Row and column of the cell containing (x, y), or nil outside the grid (overflow).
        /// For a polar layer (x, y) is the offset from the mesh axis, and (row, col) = (alpha, r).
        @inlinable
        public func cell(xMM: Double, yMM: Double) -> (row: Int, col: Int)? {
            if let polar { return polar.cell(u: xMM, v: yMM).map { ($0.alpha, $0.r) } }
            let u = (xMM + 0.5 * gridWidthMM) / cellWidthMM
            let v = (yMM + 0.5 * gridHeightMM) / cellHeightMM
            guard u >= 0, v >= 0, u < Double(cols), v < Double(rows) else { return nil }
            return (Int(v), Int(u))
        }

        /// Centre of a cell (x, y) in mm; for a polar layer (r cos alpha, r sin alpha) at the bin
        /// centres, relative to the mesh axis.
        public func cellCentre(row: Int, col: Int) -> (xMM: Double, yMM: Double) {
            if let polar { let c = polar.centre(alpha: row, r: col); return (c.uMM, c.vMM) }
            return ((Double(col) + 0.5) * cellWidthMM - 0.5 * gridWidthMM,
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
    /// How simulated cell energies are stored (`StoredEnergy`; identity unless the JSON says).
    public var storedEnergy = StoredEnergy()

    /// Total depth of the stack, mm.
    public var depthMM: Double { slabs.last.map(\.zEndMM) ?? 0 }
    /// True for a geometry without slabs: a readout description (a binning XML) for files made
    /// elsewhere; it cannot be simulated, and its layer depths are nominal (layer i spans [i, i + 1]).
    public var isReadoutOnly: Bool { slabs.isEmpty }
    /// True when some layer is polar (cylindrical bins around the mesh axis).
    public var hasPolarLayers: Bool { layers.contains { $0.polar != nil } }
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

    /// The readout slot of the point (x, y, z), ignoring the scoring mode. Polar layers are
    /// taken as centred on x = y = 0 (a primary entering at the origin perpendicular to the face).
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
    /// A readout-only geometry (a binning XML) states no stack: against it, the same cells
    /// (per layer the same grid or polar bins, in the same order) are enough.
    public func sameReadout(as other: Geometry) -> Bool {
        if isReadoutOnly || other.isReadoutOnly {
            return layers.count == other.layers.count && zip(layers, other.layers).allSatisfy { a, b in
                a.rows == b.rows && a.cols == b.cols && a.polar == b.polar
                    && (a.polar != nil || (a.cellWidthMM == b.cellWidthMM && a.cellHeightMM == b.cellHeightMM))
            }
        }
        return layers == other.layers && slabs == other.slabs && widthMM == other.widthMM && heightMM == other.heightMM
            && storedEnergy == other.storedEnergy
    }
}
