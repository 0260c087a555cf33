/// A per-shower quantity compared between reference and generated showers (CaloGAN,
/// arXiv:1712.10321 section 4, plus centroids and E_i/E_inc).
///
/// Layers are numbered from 0 (front) as in the geometry; the shower depth uses these indices.
/// A value that is undefined for a shower (the centroid of an empty layer) is NaN and is left
/// out of that observable's histogram (the report counts such showers).
public enum Observable: Hashable, Sendable {
    /// Sum of all cell energies E_tot, MeV.
    case totalEnergy
    /// E_tot / E_inc (the response of one shower), dimensionless.
    case totalEnergyOverIncident
    /// Shower depth sum(i E_i) / E_tot over layer indices i, in layers.
    case showerDepth
    /// Width of the depth: sqrt(sum(i^2 E_i)/E_tot - depth^2), in layers.
    case showerDepthWidth
    /// Layer energy E_i, MeV.
    case layerEnergy(Int)
    /// E_i / E_inc, dimensionless.
    case layerEnergyOverIncident(Int)
    /// E_i / E_tot, dimensionless.
    case layerFraction(Int)
    /// Energy-weighted mean x of the layer's cell centres, mm.
    case centroidX(Int)
    /// Energy-weighted mean y of the layer's cell centres, mm.
    case centroidY(Int)
    /// Energy-weighted RMS of x about the centroid, mm.
    case widthX(Int)
    /// Energy-weighted RMS of y about the centroid, mm.
    case widthY(Int)
    /// (E1 - E2) / (E1 + E2) of the two hottest cells of the layer, dimensionless.
    case energyRatio(Int)
    /// Fraction of the layer's cells above the cell threshold, dimensionless.
    case sparsity(Int)

    /// Families: observables that differ only by layer, drawn in one figure.
    public enum Family: String, CaseIterable, Sendable, Codable {
        case totalEnergy, totalEnergyOverIncident, showerDepth, showerDepthWidth
        case layerEnergy, layerEnergyOverIncident, layerFraction
        case centroidX, centroidY, widthX, widthY, energyRatio, sparsity
    }

    /// How strictly the report grades an observable (limits in `Thresholds`, docs/physics.md §15).
    public enum Grade: String, Sendable, Codable {
        /// E_tot/E_inc, each layer energy, the shower depth: separation power <= 0.02 by default.
        case strict
        /// The other CaloGAN observables: <= 0.05 by default.
        case loose
        /// Shown and measured, not graded.
        case informational
    }

    /// Every observable for a geometry with `layerCount` layers, overall ones first.
    public static func all(layerCount: Int) -> [Observable] {
        var list: [Observable] = [.totalEnergy, .totalEnergyOverIncident, .showerDepth, .showerDepthWidth]
        let perLayer: [(Int) -> Observable] = [
            Observable.layerEnergy, Observable.layerEnergyOverIncident, Observable.layerFraction,
            Observable.centroidX, Observable.centroidY, Observable.widthX, Observable.widthY,
            Observable.energyRatio, Observable.sparsity,
        ]
        for make in perLayer {
            for l in 0..<layerCount { list.append(make(l)) }
        }
        return list
    }

    /// The layer of a per-layer observable, nil for overall ones.
    public var layer: Int? {
        switch self {
        case .totalEnergy, .totalEnergyOverIncident, .showerDepth, .showerDepthWidth: return nil
        case .layerEnergy(let l), .layerEnergyOverIncident(let l), .layerFraction(let l), .centroidX(let l),
             .centroidY(let l), .widthX(let l), .widthY(let l), .energyRatio(let l), .sparsity(let l):
            return l
        }
    }

    public var family: Family {
        switch self {
        case .totalEnergy: return .totalEnergy
        case .totalEnergyOverIncident: return .totalEnergyOverIncident
        case .showerDepth: return .showerDepth
        case .showerDepthWidth: return .showerDepthWidth
        case .layerEnergy: return .layerEnergy
        case .layerEnergyOverIncident: return .layerEnergyOverIncident
        case .layerFraction: return .layerFraction
        case .centroidX: return .centroidX
        case .centroidY: return .centroidY
        case .widthX: return .widthX
        case .widthY: return .widthY
        case .energyRatio: return .energyRatio
        case .sparsity: return .sparsity
        }
    }

    public var grade: Grade {
        switch self {
        case .totalEnergyOverIncident, .layerEnergy, .showerDepth: return .strict
        case .showerDepthWidth, .layerFraction, .widthX, .widthY, .energyRatio, .sparsity: return .loose
        case .totalEnergy, .layerEnergyOverIncident, .centroidX, .centroidY: return .informational
        }
    }

    /// A stable machine key: "total_energy", "layer1.width_x".
    public var key: String {
        let base = family.fileStem
        return layer.map { "layer\($0).\(base)" } ?? base
    }

    /// A short title: "Layer 1: width in x".
    public var title: String {
        let base = family.title
        return layer.map { "Layer \($0): \(base)" } ?? base
    }

    /// The axis label with its unit: "E_1 [MeV]".
    public var axisLabel: String {
        let i = layer.map(String.init) ?? ""
        switch self {
        case .totalEnergy: return "E_tot [MeV]"
        case .totalEnergyOverIncident: return "E_tot / E_inc"
        case .showerDepth: return "shower depth [layer index]"
        case .showerDepthWidth: return "shower depth width [layers]"
        case .layerEnergy: return "E_\(i) [MeV]"
        case .layerEnergyOverIncident: return "E_\(i) / E_inc"
        case .layerFraction: return "E_\(i) / E_tot"
        case .centroidX: return "centroid x, layer \(i) [mm]"
        case .centroidY: return "centroid y, layer \(i) [mm]"
        case .widthX: return "width in x, layer \(i) [mm]"
        case .widthY: return "width in y, layer \(i) [mm]"
        case .energyRatio: return "E_ratio = (E1 - E2)/(E1 + E2), layer \(i)"
        case .sparsity: return "fraction of cells above threshold, layer \(i)"
        }
    }
}

extension Observable.Family {
    /// File name stem of the family's figure: "layer_energy".
    public var fileStem: String {
        var out = ""
        for ch in rawValue {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }

    /// Human title of the family.
    public var title: String {
        switch self {
        case .totalEnergy: return "total energy"
        case .totalEnergyOverIncident: return "E_tot / E_inc"
        case .showerDepth: return "shower depth"
        case .showerDepthWidth: return "shower depth width"
        case .layerEnergy: return "layer energy"
        case .layerEnergyOverIncident: return "layer energy / E_inc"
        case .layerFraction: return "energy fraction E_i / E_tot"
        case .centroidX: return "centroid in x"
        case .centroidY: return "centroid in y"
        case .widthX: return "width in x"
        case .widthY: return "width in y"
        case .energyRatio: return "E_ratio of the two hottest cells"
        case .sparsity: return "sparsity"
        }
    }
}
