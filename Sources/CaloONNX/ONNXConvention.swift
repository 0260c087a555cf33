import CaloDetector
import CaloGAN
import CaloSupport

/// Whose interface an exported graph follows.
///
/// - `calosim`: inputs `noise` [N, latent] and the conditions in physical units
///   (`incident_energy` [N, 1] MeV; for models conditioned on them `particle` [N, 1] PDG code,
///   `theta`, `phi` [N, 1] radians, `impact_point` [N, 2] mm), output `showers` [N, cells] MeV in
///   the geometry's cell order.
/// - `par04`: the interface of Geant4's Par04 example (Geant4 11.4.0, `examples/extended/
///   parameterisations/Par04`, `Par04InferenceSetup::GetEnergies` for model type "VAE" and
///   `Par04OnnxInference::RunInference`): one float32 input [N, latent + 4] holding the latent
///   values, E / 1024 GeV, theta / 90 degrees and a two-entry geometry one-hot (`Par04Contract`),
///   and one output [N, cells], the cell energies over E on Par04's cylindrical mesh in its
///   (r, phi, z) order, z fastest (`Par04Mesh`). Only a model whose readout is that mesh qualifies.
public enum ONNXConvention: String, Sendable, CaseIterable {
    case calosim
    case par04

    /// Refuses a model that cannot be written in this convention, saying why.
    public func check(_ configuration: ModelConfiguration) throws {
        switch self {
        case .calosim:
            return
        case .par04:
            guard configuration.condition.width == 1 else {
                throw CalosimError.badInput(
                    "model \(configuration.modelId) is conditioned on more than the energy (species, direction or impact point); Par04's interface feeds the energy and theta of one geometry: use --convention calosim")
            }
            _ = try Par04Mesh(geometry: try configuration.geometry(), model: configuration.modelId)
        }
    }
}
