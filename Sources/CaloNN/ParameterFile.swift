import CaloSupport
import CaloTensor
import Foundation

/// A network's parameters in a safetensors file (PyTorch names), the metadata recording the
/// format and its version: what `calosim train` writes and `TrainedGenerator` reads.
public enum ParameterFile {
    /// The format tag in the safetensors metadata.
    public static let format = "calosim.mlp"
    /// The version written; readers reject newer ones.
    public static let version = 1

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
