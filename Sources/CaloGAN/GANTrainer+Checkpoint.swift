import CaloNN
import CaloSupport
import CaloTensor
import Foundation

extension GANTrainer {
    /// Writes everything needed to resume, atomically (`checkpoint.safetensors`).
    func writeCheckpoint() throws {
        var tensors: [(name: String, tensor: Tensor)] = []
        tensors += generator.namedParameters.map { ("generator.\($0.name)", $0.parameter.value.detached) }
        tensors += critic.namedParameters.map { ("critic.\($0.name)", $0.parameter.value.detached) }
        tensors += CriticNormalization.fields.map { ("critic_normalization.\($0.name)", critic.normalization[keyPath: $0.path]) }
        if let beta = critic.normalization.axisCoefficients { tensors.append(("critic_normalization.axis_coefficients", beta)) }
        if let ema {
            let shaped = ema.tensors(shapedLike: generator.parameters)
            tensors += zip(generator.namedParameters, shaped).map { ("ema.\($0.name)", $1) }
        }
        tensors.append(("adam.generator.moments", generatorOptimizer.exportMoments()))
        tensors.append(("adam.critic.moments", criticOptimizer.exportMoments()))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let metadata = [
            "format": "calosim.gan-checkpoint", "version": "1", "iteration": String(iteration),
            "adam.generator.steps": String(generatorOptimizer.stepCount), "adam.critic.steps": String(criticOptimizer.stepCount),
            "best_chi2": bestChi2.isFinite ? String(bestChi2) : "inf", "best_iteration": String(bestIteration),
            "best_wasserstein": bestWasserstein.isFinite ? String(bestWasserstein) : "inf",
            "hyperparameters": String(decoding: try encoder.encode(hyperparameters), as: UTF8.self),
        ]
        try SafeTensors.write(tensors, metadata: metadata, to: folder.appendingPathComponent(Self.checkpointFileName))
    }

    /// Restores a checkpoint's state, refusing a file that does not match the networks.
    /// `averaged`: the checkpoint holds a weight average (`ema.*`). A run that switches the
    /// average on at resume starts it from the restored weights; one that switches it off drops it.
    func restore(_ tensors: [String: Tensor], _ metadata: [String: String], path: String, averaged: Bool) throws {
        func bad(_ why: String) -> CalosimError { .badFile(path: path, reason: why) }
        func load(_ prefix: String, into container: some ParameterContainer) throws {
            for (name, p) in container.namedParameters {
                guard let t = tensors["\(prefix).\(name)"] else { throw bad("missing tensor \(prefix).\(name)") }
                guard t.shape == p.shape else { throw bad("\(prefix).\(name) has shape \(t.shape), the network \(p.shape)") }
                p.assign(t)
            }
        }
        try load("generator", into: generator)
        try load("critic", into: critic)
        var n = critic.normalization
        for (name, path) in CriticNormalization.fields {
            guard let t = tensors["critic_normalization.\(name)"], t.shape == n[keyPath: path].shape else {
                throw bad("missing or misshapen critic_normalization.\(name)")
            }
            n[keyPath: path] = t
        }
        if let axis = critic.axis {
            guard let t = tensors["critic_normalization.axis_coefficients"], t.shape == [axis.count, 2 * critic.map.layerCells.count] else {
                throw bad("missing or misshapen critic_normalization.axis_coefficients")
            }
            n.axisCoefficients = t
        }
        critic.normalization = n
        if let ema, !averaged {
            ema.load(generator.parameters.map(\.value.scalars))
        } else if let ema {
            var values: [[Float]] = []
            for (name, p) in generator.namedParameters {
                guard let t = tensors["ema.\(name)"], t.shape == p.shape else { throw bad("missing or misshapen ema.\(name)") }
                values.append(t.scalars)
            }
            ema.load(values)
        }
        for (label, optimizer) in [("generator", generatorOptimizer), ("critic", criticOptimizer)] {
            guard let m = tensors["adam.\(label).moments"], let steps = metadata["adam.\(label).steps"].flatMap(Int.init) else {
                throw bad("missing Adam state of the \(label)")
            }
            try optimizer.importState(steps: steps, moments: m.scalars)
        }
        guard let it = metadata["iteration"].flatMap(Int.init) else { throw bad("missing iteration") }
        iteration = it
        bestChi2 = metadata["best_chi2"].flatMap(Double.init) ?? .infinity
        bestIteration = metadata["best_iteration"].flatMap(Int.init) ?? 0
        bestWasserstein = metadata["best_wasserstein"].flatMap(Double.init) ?? .infinity
    }
}
