import CaloDetector
import CaloSupport
import Foundation

/// The cylindrical inference mesh of Geant4's Par04 example that a geometry's polar readout
/// corresponds to, and the order Par04 reads its cells in.
///
/// Par04 (Geant4 11.4.0, `examples/extended/parameterisations/Par04`, `Par04InferenceSetup`)
/// places inferred cell i at r = (i_r + 1/2) dr, phi = (i_phi + 1/2) 2 pi / N_phi - pi and
/// z = (i_z + 1/2) dz around the primary's line of flight from its entry point, with
/// i = (i_r N_phi + i_phi) N_z + i_z: r slowest, z fastest, the transpose of the CaloChallenge
/// (and calosim) order z, alpha, r. That mesh has one uniform r pitch dr, one uniform depth dz and
/// the same bins at every depth, so a geometry qualifies when every readout layer is polar with
/// the same alpha bins and r edges k dr (k = 0...N_r), and the layers are contiguous slices of
/// one thickness dz from the front face. calosim's alpha bins are Par04's phi bins (both
/// floor((pi + atan2) / dphi)).
public struct Par04Mesh: Sendable, Equatable {
    /// Number of r, phi (alpha) and z cells (`/Par04/inference/setNbOf{Rho,Phi,Z}Cells`).
    public let rhoCells: Int, phiCells: Int, zCells: Int
    /// r pitch dr, mm (`setSizeOfRhoCells`).
    public let rhoSizeMM: Double
    /// Depth of a z cell, mm (`setSizeOfZCells`); nil for a readout-only geometry (a binning XML
    /// states no depths: the size is that of the data's layers).
    public let zSizeMM: Double?

    /// Number of cells, N_r N_phi N_z.
    public var cellCount: Int { rhoCells * phiCells * zCells }

    /// The mesh of `geometry`, or a physicist-readable refusal saying which property Par04's mesh lacks.
    /// - Parameter model: the model's name, for the messages.
    public init(geometry: Geometry, model: String) throws {
        func refuse(_ why: String) -> CalosimError {
            CalosimError.badInput("--convention par04: model \(model), geometry '\(geometry.name)': \(why); "
                                  + "export it with --convention calosim (ONNX Runtime, any framework) instead")
        }
        let layers = geometry.layers
        guard let first = layers.first else { throw refuse("the geometry has no readout layers") }
        let rectangular = layers.enumerated().filter { $0.element.polar == nil }
        guard rectangular.isEmpty else {
            let shapes = layers.map { "\($0.rows)x\($0.cols)" }.joined(separator: ", ")
            throw CalosimError.badInput("""
                --convention par04 needs a model of a cylindrical readout: Par04 places its cells on a mesh \
                of (r, phi, z) bins around the particle's direction and reads them in that order, r slowest. \
                Model \(model) was trained on geometry '\(geometry.name)', whose layers \
                \(rectangular.count == layers.count ? "are" : "include") rectangular grids of rows x columns \
                (\(shapes)) with no r or phi bins to order; export it with --convention calosim (ONNX Runtime, \
                any framework) instead
                """)
        }
        let bins = first.polar!
        for (i, layer) in layers.enumerated() where layer.polar != bins {
            throw refuse("layer \(i) has other polar bins (\(layer.rows) alpha x \(layer.cols) r) than layer 0 "
                         + "(\(bins.alphaBins) x \(bins.rBins)), but Par04's mesh has the same r and phi bins at every depth")
        }
        guard bins.rBins > 0 else { throw refuse("the polar layers have no r bins") }
        let dr = bins.outerRadiusMM / Double(bins.rBins)
        for (k, edge) in bins.rEdgesMM.enumerated() where abs(edge - Double(k) * dr) > 1e-6 * bins.outerRadiusMM {
            let edges = bins.rEdgesMM.map { String(format: "%.6g", $0) }.joined(separator: ", ")
            throw refuse("r edge \(k) is \(edge) mm, not \(Double(k) * dr) mm: Par04's mesh has r bins of one size "
                         + "from r = 0 (setSizeOfRhoCells), the geometry's edges are \(edges) mm")
        }
        let dz = first.zEndMM - first.zStartMM
        if !geometry.isReadoutOnly {
            let front = geometry.slabs.first?.zStartMM ?? 0
            guard abs(first.zStartMM - front) <= 1e-6 * dz else {
                throw refuse("layer 0 starts at z = \(first.zStartMM) mm, behind the front face (\(front) mm), but Par04's mesh starts at the entry point")
            }
            for (i, layer) in layers.enumerated() {
                let start = first.zStartMM + Double(i) * dz
                guard abs(layer.zStartMM - start) <= 1e-6 * dz, abs(layer.zEndMM - (start + dz)) <= 1e-6 * dz else {
                    throw refuse("layer \(i) spans z = \(layer.zStartMM)...\(layer.zEndMM) mm, not \(start)...\(start + dz) mm: "
                                 + "Par04's mesh has contiguous z cells of one size (setSizeOfZCells)")
                }
            }
        }
        rhoCells = bins.rBins
        phiCells = bins.alphaBins
        zCells = layers.count
        rhoSizeMM = dr
        zSizeMM = geometry.isReadoutOnly ? nil : dz
    }

    /// Par04's cell index of (r bin, phi bin, z cell): (i_r N_phi + i_phi) N_z + i_z.
    public func par04Index(r: Int, phi: Int, z: Int) -> Int { (r * phiCells + phi) * zCells + z }

    /// calosim's cell index of the same cell: layer z, row (alpha) phi, column r, i.e.
    /// (i_z N_phi + i_phi) N_r + i_r.
    public func calosimIndex(r: Int, phi: Int, z: Int) -> Int { (z * phiCells + phi) * rhoCells + r }

    /// For each of Par04's cells in its order, the calosim cell it holds: out[:, i] = in[:, gather[i]].
    public var gather: [Int] {
        var g = [Int](repeating: 0, count: cellCount)
        for r in 0..<rhoCells {
            for phi in 0..<phiCells {
                for z in 0..<zCells { g[par04Index(r: r, phi: phi, z: z)] = calosimIndex(r: r, phi: phi, z: z) }
            }
        }
        return g
    }

    /// The `/Par04/inference/` lines of a Par04 macro (after `/run/initialize`) that load an
    /// export of this mesh from `modelPath` for a generator of `latent` noise values. The model
    /// path must be set before the inference library: `setInferenceLibrary` opens the file.
    public func macroLines(modelPath: String, latent: Int) -> [String] {
        func mm(_ v: Double) -> String { String(format: "%.10g mm", v) }
        return [
            "/Par04/inference/setModelType VAE",
            "/Par04/inference/setSizeLatentVector \(latent)",
            "/Par04/inference/setSizeConditionVector \(Par04Contract.conditionCount)",
            "/Par04/inference/setModelPathName \(modelPath)",
            "/Par04/inference/setInferenceLibrary ONNX",
            "/Par04/inference/setSizeOfRhoCells \(mm(rhoSizeMM))",
            zSizeMM.map { "/Par04/inference/setSizeOfZCells \(mm($0))" }
                ?? "# /Par04/inference/setSizeOfZCells: the depth of one layer of the training data (the binning XML states none)",
            "/Par04/inference/setNbOfRhoCells \(rhoCells)",
            "/Par04/inference/setNbOfPhiCells \(phiCells)",
            "/Par04/inference/setNbOfZCells \(zCells)",
        ]
    }
}

/// The input vector of Par04's `Par04InferenceSetup::GetEnergies` for model type "VAE" (Geant4
/// 11.4.0): [latent values, E / fMaxEnergy, (theta / deg) / fMaxAngle, 0, 1], float32, fed as
/// [1, K] to the graph's only input; the first output is read as N_r N_phi N_z cell values and
/// multiplied by E (so they are fractions of the incident energy).
public enum Par04Contract {
    /// fMaxEnergy, MeV (1024 GeV).
    public static let maximumEnergyMeV: Float = 1_024_000
    /// fMaxAngle, degrees.
    public static let maximumAngleDegrees: Float = 90
    /// Entries after the latent values: energy, angle and the two-entry geometry one-hot.
    public static let conditionCount = 4
}
