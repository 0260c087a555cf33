import CaloGAN
import CaloSupport
import Foundation
import SwiftProtobuf

/// Writes a trained generator as one ONNX graph: noise and conditions in physical units to cell
/// energies in MeV, with the condition's normalisation, the generator's head, the inverse cell
/// transform and the response calibration inside the graph.
///
/// The graph (IR version 8, default-domain opset 17, float32, the batch dimension `N` dynamic):
/// - inputs `noise` [N, latent], standard normal, and `incident_energy` [N, 1], MeV; for a model
///   conditioned on them (`conditionInputs`), `particle` [N, 1] (PDG code as float32), `theta` and
///   `phi` [N, 1] (radians) and `impact_point` [N, 2] (mm), normalised inside the graph as
///   `ConditionEncoding` does;
/// - output `showers` [N, cells], MeV, in the geometry's cell order (`Geometry`: layer by layer,
///   row-major within a layer).
/// Fed the noise of `TrainedGenerator.noise` (stream k of `StreamDomain.generatorNoise` for
/// shower k) and the same energies, it reproduces `TrainedGenerator.generate` to float32
/// rounding (the products are summed in another order). The ONNX IR and operators:
/// https://onnx.ai/onnx/ (the `onnx.proto` of the PyPI package `onnx` 1.23.2).
///
/// That is the `calosim` convention; `par04` wraps the same computation in Geant4 Par04's
/// interface (one input, cell fractions in Par04's order: `par04Graph`).
public enum ONNXExport {
    /// ONNX IR version written (the one of opset 17, ONNX 1.12).
    public static let irVersion: Int64 = 8
    /// Default-domain operator set.
    public static let opsetVersion: Int64 = 17
    public static let noiseInput = "noise", energyInput = "incident_energy", showersOutput = "showers"
    /// The inputs of conditions beyond the energy, present where the model has them: PDG code
    /// [N, 1] (float32), theta and phi [N, 1] radians, the impact point [N, 2] mm.
    public static let particleInput = "particle", thetaInput = "theta", phiInput = "phi", impactInput = "impact_point"

    /// The condition inputs of `configuration`'s calosim graph beyond noise and energy, with their widths.
    public static func conditionInputs(_ configuration: ModelConfiguration) -> [(name: String, columns: Int)] {
        let c = configuration.condition
        var inputs = [(name: String, columns: Int)]()
        if c.particles != nil { inputs.append((particleInput, 1)) }
        if c.encodesTheta { inputs.append((thetaInput, 1)) }
        if c.encodesPhi { inputs.append((phiInput, 1)) }
        if c.encodesImpactX || c.encodesImpactY { inputs.append((impactInput, 2)) }
        return inputs
    }

    /// The serialised ONNX model for `generator` in `convention` (`ONNXConvention`; the par04
    /// graph: `par04Graph`).
    /// - Throws: `CalosimError` when the model cannot be written in `convention` (with the reason).
    public static func model(_ generator: TrainedGenerator, convention: ONNXConvention = .calosim) throws -> Data {
        try convention.check(generator.configuration)
        let config = generator.configuration
        var graph: Onnx_GraphProto
        var metadata: [(String, String)] = []
        switch convention {
        case .calosim:
            graph = try calosimGraph(generator)
        case .par04:
            let mesh = try Par04Mesh(geometry: try config.geometry(), model: config.modelId)
            graph = try par04Graph(generator, mesh: mesh)
            metadata = [("par04.mesh", "\(mesh.rhoCells) r x \(mesh.phiCells) phi x \(mesh.zCells) z, dr = \(mesh.rhoSizeMM) mm, "
                            + "dz = \(mesh.zSizeMM.map { "\($0) mm" } ?? "not stated (readout-only geometry)")"),
                        ("par04.macro", mesh.macroLines(modelPath: "Generator.onnx", latent: config.hyperparameters.latentDimension)
                            .joined(separator: "\n"))]
        }
        graph.name = config.modelId

        var model = Onnx_ModelProto()
        model.irVersion = irVersion
        var opset = Onnx_OperatorSetIdProto()
        opset.domain = ""
        opset.version = opsetVersion
        model.opsetImport = [opset]
        model.producerName = "calosim"
        model.producerVersion = CalosimVersion.string
        model.modelVersion = Int64(config.iteration)
        model.docString = "calosim generator \(config.modelId), geometry \(config.geometryName), trained "
            + "\(config.condition.energy.minimumMeV / 1000)-\(config.condition.energy.maximumMeV / 1000) GeV"
        model.graph = graph
        var geometry = Onnx_StringStringEntryProto()
        geometry.key = "calosim.geometry"
        geometry.value = config.geometryJSON
        var layers = Onnx_StringStringEntryProto()
        layers.key = "calosim.layer_cells"
        layers.value = config.layerCells.map(String.init).joined(separator: ",")
        model.metadataProps = [geometry, layers] + metadata.map { key, value in
            var entry = Onnx_StringStringEntryProto()
            entry.key = key
            entry.value = value
            return entry
        }
        return try model.serializedData()
    }

    /// The calosim graph: `noise` and `incident_energy` (MeV) to `showers` (MeV, calosim's order).
    private static func calosimGraph(_ generator: TrainedGenerator) throws -> Onnx_GraphProto {
        let config = generator.configuration
        let latent = config.hyperparameters.latentDimension, cells = config.cellCount
        var g = ONNXGraphBuilder()
        let extra = conditionInputs(config)
        let names = Set(extra.map(\.name))
        let inputs = ONNXGraphBuilder.ConditionInputs(
            particle: names.contains(particleInput) ? particleInput : nil, theta: names.contains(thetaInput) ? thetaInput : nil,
            phi: names.contains(phiInput) ? phiInput : nil, impact: names.contains(impactInput) ? impactInput : nil)
        _ = try g.generatorShowers(generator, noise: noiseInput, energy: energyInput, conditions: inputs, output: showersOutput)
        var graph = Onnx_GraphProto()
        graph.node = g.nodes
        graph.initializer = g.initializers
        graph.input = [valueInfo(noiseInput, columns: latent), valueInfo(energyInput, columns: 1)]
            + extra.map { valueInfo($0.name, columns: $0.columns) }
        graph.output = [valueInfo(showersOutput, columns: cells)]
        let units = [particleInput: "PDG code", thetaInput: "rad", phiInput: "rad", impactInput: "mm"]
        let described = extra.map { ", \($0.name) [N, \($0.columns)] \(units[$0.name]!)" }.joined()
        graph.docString = """
            \(config.modelId): \(noiseInput) [N, \(latent)] standard normal, \(energyInput) [N, 1] MeV\(described) -> \
            \(showersOutput) [N, \(cells)] MeV in the cell order of geometry '\(config.geometryName)'
            """
        return graph
    }

    /// Writes `model(generator, convention:)` to `url` atomically (nothing is left under `url`
    /// when anything fails).
    public static func write(_ generator: TrainedGenerator, to url: URL, convention: ONNXConvention = .calosim,
                             overwrite: Bool) throws {
        let data = try model(generator, convention: convention)
        try AtomicFile.write(data, to: url, overwrite: overwrite)
    }

    /// A float32 tensor of shape [N, columns], N symbolic.
    static func valueInfo(_ name: String, columns: Int) -> Onnx_ValueInfoProto {
        var batch = Onnx_TensorShapeProto.Dimension()
        batch.dimParam = "N"
        var width = Onnx_TensorShapeProto.Dimension()
        width.dimValue = Int64(columns)
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.shape.dim = [batch, width]
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type.tensorType = tensor
        return info
    }
}
