import CaloDetector
import CaloGAN
import CaloSupport

/// Whose interface an exported graph follows.
///
/// - `calosim`: inputs `noise` [N, latent] and the conditions in physical units
///   (`incident_energy` [N, 1] MeV), output `showers` [N, cells] MeV in the geometry's cell order.
/// - `par04`: the interface of Geant4's Par04 example (`examples/extended/parameterisations/
///   Par04`, `Par04OnnxInference`): one float32 input [1, K] holding the latent values, E / 1024
///   GeV, theta / 90 degrees and a geometry one-hot, and cell energies on a cylindrical mesh in
///   Par04's (r, phi, z) order. It needs a model whose readout is that mesh; calosim's readout
///   layers are rectangular grids, so no model can be written this way yet.
public enum ONNXConvention: String, Sendable, CaseIterable {
    case calosim
    case par04

    /// Refuses a model that cannot be written in this convention, saying why.
    public func check(_ configuration: ModelConfiguration) throws {
        switch self {
        case .calosim:
            return
        case .par04:
            let shapes = (try? configuration.geometry()).map { g in
                g.layers.map { "\($0.rows)x\($0.cols)" }.joined(separator: ", ")
            } ?? "\(configuration.layerCells.count) layers"
            throw CalosimError.badInput("""
                --convention par04 needs a model of a cylindrical readout: Par04 places its cells on a mesh \
                of (r, phi, z) bins around the particle's direction and reads them in that order, r slowest. \
                Model \(configuration.modelId) was trained on geometry '\(configuration.geometryName)', whose layers \
                are rectangular grids of rows x columns (\(shapes)) with no r or phi bins to order; export it \
                with --convention calosim (ONNX Runtime, any framework) instead
                """)
        }
    }
}
