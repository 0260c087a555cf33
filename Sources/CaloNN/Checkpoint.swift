import CaloSupport
import CaloTensor
import Foundation

/// A model on disk: a folder with `model.safetensors` (the parameters, PyTorch names) and
/// `config.json` (the `MLPConfig`). The safetensors metadata records the format and its version,
/// and the config, so the parameter file alone is self-describing.
public enum Checkpoint {
    /// The format tag in the safetensors metadata.
    public static let format = "calosim.mlp"
    /// The version written; readers reject newer ones.
    public static let version = 1

    /// Writes `model` (built from `config`) into `folder` (created if needed), each file atomically.
    public static func save(_ model: some ParameterContainer, config: MLPConfig, to folder: URL,
                            metadata: [String: String] = [:]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let configJSON = try encoder.encode(config)
        var meta = metadata
        meta["format"] = format
        meta["version"] = String(version)
        meta["config"] = String(decoding: configJSON, as: UTF8.self)
        try AtomicFile.write(configJSON, to: folder.appendingPathComponent("config.json"))
        try SafeTensors.write(model.namedParameters.map { ($0.name, $0.parameter.value) }, metadata: meta,
                              to: folder.appendingPathComponent("model.safetensors"))
    }

    /// The MLP stored in `folder`.
    public static func load(from folder: URL) throws -> (model: Sequential, config: MLPConfig) {
        let configURL = folder.appendingPathComponent("config.json")
        let config: MLPConfig
        do {
            config = try JSONDecoder().decode(MLPConfig.self, from: Data(contentsOf: configURL))
        } catch {
            throw CalosimError.badFile(path: configURL.path, reason: "not a calosim model config (\(error))")
        }
        let model = Sequential.mlp(config, seed: 0)
        try loadParameters(into: model, from: folder.appendingPathComponent("model.safetensors"))
        return (model, config)
    }

    /// Replaces `model`'s parameters with those of a safetensors file. Refuses, naming the
    /// difference, a file whose names or shapes differ from the model's, or a newer format version.
    public static func loadParameters(into model: some ParameterContainer, from url: URL) throws {
        let (tensors, metadata) = try SafeTensors.read(from: url)
        if let v = metadata["version"], let n = Int(v), n > version {
            throw CalosimError.badFile(path: url.path, reason: "format version \(n) is newer than this calosim reads (\(version)); update calosim")
        }
        let file = Dictionary(tensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        let expected = model.namedParameters
        let missing = expected.map(\.name).filter { file[$0] == nil }
        let extra = tensors.map(\.name).filter { n in !expected.contains { $0.name == n } }
        if !missing.isEmpty || !extra.isEmpty {
            throw CalosimError.mismatch("\(url.path): parameters do not match the model"
                + (missing.isEmpty ? "" : "; missing: \(missing.joined(separator: ", "))")
                + (extra.isEmpty ? "" : "; unexpected: \(extra.joined(separator: ", "))"))
        }
        for (name, p) in expected where file[name]!.shape != p.shape {
            throw CalosimError.mismatch("\(url.path): parameter '\(name)' has shape \(file[name]!.shape), the model expects \(p.shape)")
        }
        for (name, p) in expected { p.assign(file[name]!) }
    }
}
