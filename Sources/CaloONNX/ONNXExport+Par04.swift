import CaloGAN
import Foundation

extension ONNXExport {
    /// Input and output names of the par04 graph (Par04 takes the only input and the first
    /// output, whatever their names).
    public static let par04Input = "par04_input", par04Output = "cell_fractions"

    /// The graph Geant4's Par04 example loads (`Par04Contract`, `Par04Mesh`):
    /// - input `par04_input` [N, latent + 4] float32: the noise values, x_E = E / 1024 GeV,
    ///   theta / 90 degrees and the geometry one-hot (2 entries); Par04 feeds N = 1;
    /// - output `cell_fractions` [N, N_r N_phi N_z]: cell energy / E in Par04's order (r slowest,
    ///   then phi, z fastest), which Par04 multiplies by E (MeV).
    ///
    /// Inside: columns 0..<latent are the noise, E = 1 024 000 MeV x_E goes through the same
    /// condition, head and response calibration as the calosim graph, the showers (MeV) are
    /// divided by E and reordered by a Gather over the cell axis (`Par04Mesh.gather`). calosim
    /// models are conditioned on the energy alone: theta and the one-hot are read by Par04's
    /// interface but do not enter the graph. Needs E > 0 (Par04 calls it for a particle's kinetic energy).
    static func par04Graph(_ generator: TrainedGenerator, mesh: Par04Mesh) throws -> Onnx_GraphProto {
        let config = generator.configuration
        let latent = config.hyperparameters.latentDimension, cells = config.cellCount
        precondition(mesh.cellCount == cells, "par04Graph: mesh of \(mesh.cellCount) cells for a model of \(cells)")
        let width = latent + Par04Contract.conditionCount
        var g = ONNXGraphBuilder()
        let noise = g.columns(par04Input, 0..<latent)
        let energy = g.node("Mul", [g.columns(par04Input, latent..<(latent + 1)),
                                    g.constant([Par04Contract.maximumEnergyMeV], shape: [])])
        let showers = try g.generatorShowers(generator, noise: noise, energy: energy)
        let fractions = g.node("Div", [showers, energy])
        let order = g.constant(int64s: mesh.gather.map(Int64.init), shape: [cells])
        g.node("Gather", [fractions, order], [ONNXGraphBuilder.int("axis", 1)], output: par04Output)

        var graph = Onnx_GraphProto()
        graph.node = g.nodes
        graph.initializer = g.initializers
        graph.input = [valueInfo(par04Input, columns: width)]
        graph.output = [valueInfo(par04Output, columns: cells)]
        graph.docString = """
            \(config.modelId) for Geant4 Par04 (model type VAE): \(par04Input) [N, \(width)] = \(latent) standard normal \
            values, E / 1024 GeV, theta / 90 deg (not used), geometry one-hot (2, not used) -> \(par04Output) \
            [N, \(cells)] = cell energy / E on the mesh \(mesh.rhoCells) r x \(mesh.phiCells) phi x \(mesh.zCells) z, \
            index (i_r * \(mesh.phiCells) + i_phi) * \(mesh.zCells) + i_z, of geometry '\(config.geometryName)'
            """
        return graph
    }
}
