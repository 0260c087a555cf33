import CaloDetector
import CaloSupport

/// Computes every `Observable` of one shower from its cells: the pure core of validation.
public struct ObservableCalculator: Sendable {
    public let geometry: Geometry
    /// The observables, in the order `evaluate` writes them.
    public let observables: [Observable]
    /// A cell counts for the sparsity when its energy is above this, MeV.
    public let cellThresholdMeV: Float
    /// Cell-centre x per column and y per row, per layer, mm.
    let xMM: [[Double]]
    let yMM: [[Double]]
    /// Per polar layer, the centre of each cell (x and y, mm); nil for a Cartesian layer.
    let polarCentres: [(x: [Double], y: [Double])?]

    public init(geometry: Geometry, cellThresholdMeV: Float = 0) {
        self.geometry = geometry
        self.observables = Observable.all(layerCount: geometry.layers.count)
        self.cellThresholdMeV = cellThresholdMeV
        xMM = geometry.layers.map { l in l.polar != nil ? [] : (0..<l.cols).map { l.cellCentre(row: 0, col: $0).xMM } }
        yMM = geometry.layers.map { l in l.polar != nil ? [] : (0..<l.rows).map { l.cellCentre(row: $0, col: 0).yMM } }
        polarCentres = geometry.layers.map { l in
            guard l.polar != nil else { return nil }
            let centres = (0..<l.cellCount).map { l.cellCentre(row: $0 / max(l.cols, 1), col: $0 % max(l.cols, 1)) }
            return (centres.map(\.xMM), centres.map(\.yMM))
        }
    }

    /// The layer sums of one shower (`cells.count == geometry.cellCount`, MeV).
    public func layerStatistics(_ cells: UnsafeBufferPointer<Float>) -> [LayerStatistics] {
        require(cells.count == geometry.cellCount,
                     "layerStatistics: \(cells.count) cells vs geometry \(geometry.cellCount)")
        return geometry.layers.enumerated().map { i, l in
            let layerCells = UnsafeBufferPointer(rebasing: cells[l.firstCell..<l.firstCell + l.cellCount])
            if let c = polarCentres[i] {
                return LayerStatistics(cells: layerCells, cellXMM: c.x, cellYMM: c.y, thresholdMeV: cellThresholdMeV)
            }
            return LayerStatistics(cells: layerCells, rows: l.rows, cols: l.cols, xMM: xMM[i], yMM: yMM[i],
                                   thresholdMeV: cellThresholdMeV)
        }
    }

    /// Writes the value of every observable of one shower into `out` (in `observables` order).
    public func evaluate(_ cells: UnsafeBufferPointer<Float>, incidentEnergyMeV: Float,
                         into out: UnsafeMutableBufferPointer<Float>) {
        let stats = layerStatistics(cells)
        for (k, o) in observables.enumerated() {
            out[k] = Float(Self.value(of: o, layers: stats, incidentEnergyMeV: Double(incidentEnergyMeV)))
        }
    }

    /// Every observable of one shower, by name: the convenient form for tests.
    public func values(of cells: [Float], incidentEnergyMeV: Float) -> [Observable: Double] {
        let stats = cells.withUnsafeBufferPointer { layerStatistics($0) }
        var result: [Observable: Double] = [:]
        for o in observables {
            result[o] = Self.value(of: o, layers: stats, incidentEnergyMeV: Double(incidentEnergyMeV))
        }
        return result
    }

    /// One observable from the layer sums; NaN where it is undefined (empty layer or shower).
    public static func value(of observable: Observable, layers: [LayerStatistics], incidentEnergyMeV: Double) -> Double {
        var total = 0.0, first = 0.0, second = 0.0
        for (i, s) in layers.enumerated() {
            total += s.energyMeV
            first += Double(i) * s.energyMeV
            second += Double(i * i) * s.energyMeV
        }
        switch observable {
        case .totalEnergy: return total
        case .totalEnergyOverIncident: return total / incidentEnergyMeV
        case .showerDepth: return total > 0 ? first / total : .nan
        case .showerDepthWidth:
            guard total > 0 else { return .nan }
            let d = first / total
            return max(0, second / total - d * d).squareRoot()
        case .layerEnergy(let l): return layers[l].energyMeV
        case .layerEnergyOverIncident(let l): return layers[l].energyMeV / incidentEnergyMeV
        case .layerFraction(let l): return total > 0 ? layers[l].energyMeV / total : .nan
        case .centroidX(let l): return layers[l].centroidXMM
        case .centroidY(let l): return layers[l].centroidYMM
        case .widthX(let l): return layers[l].widthXMM
        case .widthY(let l): return layers[l].widthYMM
        case .energyRatio(let l): return layers[l].energyRatio
        case .sparsity(let l): return layers[l].sparsity
        }
    }
}
