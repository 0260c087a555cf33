import CaloBLAS
import CaloDetector
import CaloMPI
import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// `calosim train`: trains the conditional WGAN-GP, checkpointing, logging and keeping the best
/// model by the FastCaloGAN chi2 (`TotalEnergyChi2`) on the held-out split.
///
/// Folder layout: `model.json` + `generator.safetensors` (latest weights, EMA when enabled),
/// `best/` (the same for the best checkpoint), `checkpoint.safetensors` (everything needed to
/// resume: both networks, the EMA, both Adam states), `train_log.csv`. Every file is written
/// atomically, so a killed run resumes from its last checkpoint with nothing lost.
///
/// In a `ProcessGroup` of N ranks (data parallelism, `WGANStep`), every rank trains its copy of
/// both networks on its share of each batch and rank 0 alone writes the folder; the checkpoint
/// does not depend on N, so a run may resume with another N. At each checkpoint the ranks
/// compare fingerprints of their networks and optimiser states, and any rank's failure (a
/// write, a check) stops all of them.
public final class GANTrainer {
    public let folder: URL
    public let data: TrainingData
    public let hyperparameters: GANHyperparameters
    public internal(set) var iteration = 0
    public internal(set) var bestChi2 = Double.infinity
    public internal(set) var bestIteration = 0
    /// Wasserstein-1 distance of E_tot/E_inc at the best checkpoint (breaks chi2 ties).
    public internal(set) var bestWasserstein = Double.infinity
    let generator: ConditionalGenerator
    let critic: ConditionalCritic
    let generatorOptimizer: Adam
    let criticOptimizer: Adam
    let ema: ExponentialMovingAverage?
    /// The ranks training together (a single process by default).
    public let group: any ProcessGroup
    /// Wall time of the last `train()` call spent in generator iterations, seconds, and their count.
    public private(set) var iterationSeconds = 0.0
    public private(set) var iterationsRun = 0
    private let trainingDataPath: String

    /// Prepares a new run, or resumes the one in `folder` (refusing data of another geometry).
    ///
    /// On `resume`, `hyperparameters` must equal the checkpoint's except for what
    /// `ResumeOverrides` may change (length, checkpoint interval, learning rate, weight average);
    /// `ResumeOverrides.applied(to: storedHyperparameters(in:))` makes such a set.
    public init(data: TrainingData, dataPath: String, folder: URL, hyperparameters: GANHyperparameters, resume: Bool,
                group: any ProcessGroup = SingleProcess()) throws {
        try hyperparameters.check()
        guard hyperparameters.batchSize % group.size == 0 else {
            throw CalosimError.badInput("--batch-size \(hyperparameters.batchSize) is not divisible by the \(group.size) MPI ranks; use a multiple of \(group.size)")
        }
        self.group = group
        self.folder = folder
        self.data = data
        self.trainingDataPath = dataPath
        let h = hyperparameters  // on resume: the checkpoint's, changed only as ResumeOverrides allows (checked below)
        let checkpointURL = folder.appendingPathComponent(Self.checkpointFileName)
        var saved: (tensors: [String: Tensor], metadata: [String: String], hyperparameters: GANHyperparameters)?
        if resume {
            let checkpoint = try Self.readCheckpoint(in: folder)
            let model = try ModelConfiguration.load(folder: folder)
            try model.checkGeometry(data.geometry, what: "the training data")
            guard model.condition == data.encoding else {
                throw CalosimError.mismatch("the run in \(folder.path) was trained on other conditions (species, energy, direction or impact ranges) than the training data; resume it on its own data")
            }
            guard ResumeOverrides.allows(h, from: checkpoint.hyperparameters) else {
                throw CalosimError.badInput("a resumed run keeps its checkpoint's architecture, batch size, seed and data split; only --iterations, --checkpoint-every, --learning-rate and --ema-decay/--no-ema may change")
            }
            saved = checkpoint
        } else if FileManager.default.fileExists(atPath: checkpointURL.path) {
            throw CalosimError.badOutput("\(folder.path) already holds a training run; pass --resume to continue it or choose another --out")
        }
        self.hyperparameters = h
        let width = data.encoding.width
        let g = ConditionalGenerator(hyperparameters: h, layerCells: data.geometry.cellsPerLayer, conditionWidth: width, seed: h.seed)
        let d = ConditionalCritic(hyperparameters: h, geometry: data.geometry, conditionWidth: width, encoding: data.encoding,
                                  seed: h.seed &+ 1)
        generator = g
        critic = d
        generatorOptimizer = Adam(parameters: g.parameters, learningRate: h.learningRate, beta1: h.beta1, beta2: h.beta2)
        criticOptimizer = Adam(parameters: d.parameters, learningRate: h.learningRate, beta1: h.beta1, beta2: h.beta2)
        // A new run starts from the data (a resumed one gets both from its checkpoint).
        if saved == nil {
            d.normalization = CriticNormalization.fit(critic: d, cells: data.training.cells, conditions: data.training.condition,
                                                      count: data.training.count)
            if h.generatorHead == .physics {
                GeneratorInitialisation.apply(to: g, cells: data.training.cells, count: data.training.count,
                                              layerCells: data.geometry.cellsPerLayer, transform: h.cellTransform)
            }
        }
        ema = h.emaDecay.map { ExponentialMovingAverage(parameters: g.parameters, decay: $0) }
        if let saved {
            try restore(saved.tensors, saved.metadata, path: checkpointURL.path, averaged: saved.hyperparameters.emaDecay != nil)
        }
    }

    static let checkpointFileName = "checkpoint.safetensors"

    /// The generator weights used for generation (EMA when enabled).
    func generationWeights() -> [(name: String, tensor: Tensor)] {
        let named = generator.namedParameters
        let values = ema?.tensors(shapedLike: named.map(\.parameter)) ?? named.map(\.parameter.value)
        return zip(named, values).map { ($0.name, $1.detached) }
    }

    /// Runs until `hyperparameters.iterations`; checkpoints every `checkpointEvery`.
    public func train(progress mode: ProgressReporter.Mode = .automatic, logEvery: Int = 50) throws {
        let writer = group.isWriter
        let log = try group.agree(Result {
            try writer ? TrainingLog(url: folder.appendingPathComponent("train_log.csv"), resumeIteration: iteration > 0 ? iteration : nil) : nil
        })
        let reporter = ProgressReporter(label: "train", total: hyperparameters.iterations, unit: "it",
                                        alreadyDone: iteration, mode: writer ? mode : .quiet)
        let step = WGANStep(generator: generator, critic: critic, generatorOptimizer: generatorOptimizer,
                            criticOptimizer: criticOptimizer, hyperparameters: hyperparameters, data: data.training,
                            cells: data.cellCount, group: group)
        let start = ProgressReporter.now()
        (iterationSeconds, iterationsRun) = (0, 0)
        while iteration < hyperparameters.iterations {
            let stepStart = ProgressReporter.now()
            let losses = step.run(iteration: iteration)
            ema?.update(generator.parameters, step: iteration)
            iterationSeconds += ProgressReporter.now() - stepStart
            iterationsRun += 1
            iteration += 1
            reporter.advance()
            // The losses are the group's means: every rank stops here together.
            guard losses.critic.isFinite, losses.generator.isFinite else {
                throw CalosimError.badInput("training diverged at iteration \(iteration) (loss \(losses.critic), \(losses.generator)); resume from the last checkpoint with a lower learning rate")
            }
            let checkpointNow = iteration % hyperparameters.checkpointEvery == 0 || iteration == hyperparameters.iterations
            guard checkpointNow || iteration % logEvery == 0 else { continue }
            if checkpointNow, group.size > 1 {
                let state = stateFingerprint()
                try group.requireSame(state, what: "model state at iteration \(iteration)", description: FNV1a.hex(state))
            }
            // Rank 0 writes; the others wait for its outcome, so a failed write stops all ranks.
            try group.agree(Result {
                guard let log else { return }
                var chi2: Double?
                if checkpointNow { chi2 = try writeCheckpointFolder() }
                try log.append(.init(iteration: iteration, criticLoss: losses.critic, wasserstein: losses.wasserstein,
                                     gradientPenalty: losses.gradientPenalty, generatorLoss: losses.generator,
                                     validationChi2: chi2, seconds: ProgressReporter.now() - start))
            })
        }
        reporter.finish()
    }

    /// Scores the generation weights, keeps the best model, writes the model and the checkpoint;
    /// returns the validation chi2.
    private func writeCheckpointFolder() throws -> Double {
        let score = validationScore()
        if Self.isBetter(score, than: (bestChi2, bestWasserstein)) {
            (bestChi2, bestWasserstein) = score
            bestIteration = iteration
            try writeModel(to: folder.appendingPathComponent("best"))
        }
        try writeModel(to: folder)
        try writeCheckpoint()
        return score.chi2
    }

    /// Floats each rank sends into the gradient sums of one iteration: n_critic (critic
    /// parameters + 3 losses) + generator parameters + 1 loss (`WGANStep.groupMean`).
    public var floatsPerIteration: Int {
        hyperparameters.criticIterations * (critic.parameterValues.reduce(3) { $0 + $1.count })
            + generator.parameterValues.reduce(1) { $0 + $1.count }
    }

    /// FNV-1a of both networks, the weight average and both optimiser states: equal on all ranks
    /// of a group while they train in step.
    func stateFingerprint() -> UInt64 {
        var h = FNV1a()
        var arrays = (generator.parameterValues + critic.parameterValues).map(\.scalars)
        if let ema { arrays += ema.tensors(shapedLike: generator.parameters).map(\.scalars) }
        arrays += [generatorOptimizer.exportState().moments, criticOptimizer.exportState().moments]
        for a in arrays { a.withUnsafeBytes { h.combine($0) } }
        return h.value
    }

    /// The FastCaloGAN selection figure of the current generation weights on the validation
    /// split (chi2/NDF of E_tot/E_inc per energy bin, summed), and the Wasserstein-1 distance of
    /// E_tot/E_inc, which still ranks checkpoints while the histograms are disjoint (chi2 saturated).
    ///
    /// The split is generated `chunkShowers` at a time (rounded up to whole `BLAS.rowQuantum`s,
    /// so every shower gets the bytes of one pass over all): memory is one chunk's showers,
    /// whatever the split's size.
    public func validationScore(chunkShowers: Int = 256) -> (chi2: Double, wasserstein: Double) {
        let v = data.validation
        let eval = ConditionalGenerator(hyperparameters: hyperparameters, layerCells: data.geometry.cellsPerLayer,
                                        conditionWidth: v.conditionWidth, seed: 0)
        for (p, w) in zip(eval.parameters, generationWeights()) { p.assign(w.tensor) }
        let latent = hyperparameters.latentDimension, width = v.conditionWidth
        let quantum = BLAS.rowQuantum, chunk = (max(1, chunkShowers) + quantum - 1) / quantum * quantum
        var totals = [Float]()
        totals.reserveCapacity(v.count)
        for first in stride(from: 0, to: v.count, by: chunk) {
            let n = min(chunk, v.count - first)
            let z = Tensor(shape: [n, latent], scalars: TrainedGenerator.noise(count: n, latent: latent,
                                                                               seed: hyperparameters.seed ^ 0xA11D, firstIndex: first))
            let condition = Tensor(shape: [n, width], scalars: Array(v.condition[first * width..<(first + n) * width]))
            totals += withoutGradients { eval.cellFractions(noise: z, condition: condition) }.sum(axis: 1).scalars
        }
        let generated = (0..<v.count).map { (incident: v.incidentMeV[$0], total: totals[$0] * v.incidentMeV[$0]) }
        let reference = zip(v.incidentMeV, v.totalMeV).map { (incident: $0, total: $1) }
        let bins = TotalEnergyChi2.uniformBins(lowMeV: data.energyCondition.minimumMeV, highMeV: data.energyCondition.maximumMeV)
        let chi2 = TotalEnergyChi2.compute(reference: reference, generated: generated, energyBins: bins).sum
        let r = reference.map { Double($0.total / $0.incident) }.sorted(), g = generated.map { Double($0.total / $0.incident) }.sorted()
        let w1 = zip(r, g).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(max(r.count, 1))
        return (chi2, w1)
    }

    /// Lower chi2 wins; within 1e-9 relative (saturated or equal), the lower Wasserstein distance.
    static func isBetter(_ a: (chi2: Double, wasserstein: Double), than b: (chi2: Double, wasserstein: Double)) -> Bool {
        let tolerance = 1e-9 * max(1, abs(b.chi2.isFinite ? b.chi2 : 1))
        if a.chi2 < b.chi2 - tolerance { return true }
        return abs(a.chi2 - b.chi2) <= tolerance && a.wasserstein < b.wasserstein
    }



    func modelConfiguration(iteration: Int) -> ModelConfiguration {
        ModelConfiguration(
            modelId: "\(data.geometry.name)-\(Self.particleName(data.particle, species: data.encoding.particles))-it\(iteration)-s\(hyperparameters.seed)", geometry: data.geometry,
            particle: data.particle, encoding: data.encoding, hyperparameters: hyperparameters, iteration: iteration,
            trainingData: trainingDataPath, trainingDataSeed: data.sourceSeed)
    }

    /// Short particle names for model ids ("pdg0" when the training file does not record it,
    /// "eminus-gamma" for several species).
    static func particleName(_ particle: Particle?, species: [Particle]? = nil) -> String {
        if let species { return species.map(\.identifier).joined(separator: "-") }
        return particle?.identifier ?? "pdg\(Particle.notRecordedCode)"
    }

    func writeModel(to target: URL) throws {
        try SafeTensors.write(generationWeights(), metadata: ["format": ParameterFile.format, "version": String(ParameterFile.version)],
                              to: target.appendingPathComponent(ModelConfiguration.generatorWeightsFileName))
        try modelConfiguration(iteration: iteration).save(folder: target)
    }
}
