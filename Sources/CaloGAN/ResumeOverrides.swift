import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// What a resumed training run may change: how long it runs, how often it checkpoints, its
/// learning rate and its moving average of the generator weights. Everything else (widths,
/// head, cell transform, batch size, seed, validation split) is the checkpoint's, because the
/// networks, the Adam moments and the data split were built with it.
///
/// A fine-tuning phase is a resumed run with a lower learning rate or a shorter (or no)
/// weight average: `calosim train --resume --iterations 50000 --learning-rate 3e-5 --no-ema`.
public struct ResumeOverrides: Sendable, Equatable {
    /// Total generator iterations to reach; nil keeps the checkpoint's target.
    public var iterations: Int?
    public var checkpointEvery: Int?
    public var learningRate: Float?
    /// nil keeps the checkpoint's average; `.some(nil)` switches it off; `.some(d)` sets decay d.
    public var emaDecay: Float??

    public init(iterations: Int? = nil, checkpointEvery: Int? = nil, learningRate: Float? = nil, emaDecay: Float?? = nil) {
        self.iterations = iterations
        self.checkpointEvery = checkpointEvery
        self.learningRate = learningRate
        self.emaDecay = emaDecay
    }

    /// The checkpoint's hyperparameters with these changes.
    public func applied(to stored: GANHyperparameters) throws -> GANHyperparameters {
        var h = stored
        if let v = iterations { h.iterations = v }
        if let v = checkpointEvery { h.checkpointEvery = v }
        if let v = learningRate { h.learningRate = v }
        if let v = emaDecay { h.emaDecay = v }
        try h.check()
        return h
    }

    /// Whether `resumed` differs from `stored` only in what a resumed run may change.
    static func allows(_ resumed: GANHyperparameters, from stored: GANHyperparameters) -> Bool {
        var h = resumed
        h.iterations = stored.iterations
        h.checkpointEvery = stored.checkpointEvery
        h.learningRate = stored.learningRate
        h.emaDecay = stored.emaDecay
        return h == stored
    }
}

extension GANTrainer {
    /// The hyperparameters stored in the checkpoint of the run in `folder` (its header only).
    public static func storedHyperparameters(in folder: URL) throws -> GANHyperparameters {
        let url = try checkpointURL(in: folder)
        return try hyperparameters(in: SafeTensors.readMetadata(from: url), path: url.path)
    }

    /// The checkpoint of the run in `folder`: tensors, metadata and hyperparameters.
    static func readCheckpoint(in folder: URL) throws
        -> (tensors: [String: Tensor], metadata: [String: String], hyperparameters: GANHyperparameters) {
        let url = try checkpointURL(in: folder)
        let file = try SafeTensors.read(from: url)
        let tensors = Dictionary(file.tensors.map { ($0.name, $0.tensor) }, uniquingKeysWith: { a, _ in a })
        return (tensors, file.metadata, try hyperparameters(in: file.metadata, path: url.path))
    }

    private static func checkpointURL(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(checkpointFileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CalosimError.badFile(path: folder.path, reason: "nothing to resume (no \(checkpointFileName))")
        }
        return url
    }

    private static func hyperparameters(in metadata: [String: String], path: String) throws -> GANHyperparameters {
        guard let json = metadata["hyperparameters"],
              let stored = try? JSONDecoder().decode(GANHyperparameters.self, from: Data(json.utf8)) else {
            throw CalosimError.badFile(path: path, reason: "checkpoint lacks its hyperparameters")
        }
        return stored
    }
}
