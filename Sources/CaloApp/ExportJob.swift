import CaloGAN
import CaloONNX
import CaloSupport
import Foundation

/// `calosim export`: a trained model folder as one ONNX graph (`ONNXExport`).
public struct ExportJob {
    /// What a user asks for; `check()` refuses bad values before the weights are read.
    public struct Request: Sendable {
        /// The model folder; nil: the model shipped for the default geometry.
        public var model: URL?
        public var output: URL
        public var convention: ONNXConvention = .calosim
        public var overwrite = false

        public init(output: URL) { self.output = output }

        /// The model folder to export: `model`, else the shipped one.
        public func modelFolder() throws -> URL {
            if let model { return model }
            guard let shipped = TrainedGenerator.shippedModelFolder() else {
                throw CalosimError.environment("no model shipped in Resources/Models; pass --model DIR (from 'calosim train')")
            }
            return shipped
        }

        /// Checks `model.json`, the convention against it, and the output path.
        public func check() throws {
            let configuration = try ModelConfiguration.load(folder: try modelFolder())
            try convention.check(configuration)
            try OutputCheck.check(output, overwrite: overwrite)
        }
    }

    /// The convention named on the command line ("calosim" or "par04").
    public static func convention(named name: String) throws -> ONNXConvention {
        guard let c = ONNXConvention(rawValue: name) else {
            throw CalosimError.badInput("--convention must be \(ONNXConvention.allCases.map(\.rawValue).joined(separator: " or ")) (got '\(name)')")
        }
        return c
    }

    public struct Summary: Sendable {
        public let modelId: String
        public let bytes: Int
        public let latentDimension: Int
        public let cells: Int
        /// A response calibration (one per species for a model of several) is in the graph.
        public let calibrated: Bool
        /// The inputs beyond noise and energy, as "particle [N, 1]" (`ONNXExport.conditionInputs`).
        public let conditionInputs: [String]
        public let convention: ONNXConvention
        /// For `par04`: the `/Par04/inference/` macro lines that load the written file (`Par04Mesh.macroLines`).
        public let par04Macro: [String]?
    }

    public let request: Request

    public init(request: Request) { self.request = request }

    /// Loads the model (weights and calibration checked) and writes the graph atomically.
    public func run() throws -> Summary {
        try request.check()
        let generator = try TrainedGenerator(folder: try request.modelFolder())
        try ONNXExport.write(generator, to: request.output, convention: request.convention, overwrite: request.overwrite)
        let size = (try? FileManager.default.attributesOfItem(atPath: request.output.path))?[.size] as? Int ?? 0
        let c = generator.configuration
        let latent = c.hyperparameters.latentDimension
        let macro = request.convention == .par04
            ? try Par04Mesh(geometry: try c.geometry(), model: c.modelId).macroLines(modelPath: request.output.path, latent: latent)
            : nil
        let inputs = request.convention == .par04 ? [] : ONNXExport.conditionInputs(c).map { "\($0.name) [N, \($0.columns)]" }
        return Summary(modelId: c.modelId, bytes: size, latentDimension: latent, cells: c.cellCount,
                       calibrated: generator.calibration != nil || generator.speciesCalibrations != nil,
                       conditionInputs: inputs, convention: request.convention, par04Macro: macro)
    }
}
