import CaloDetector
import CaloGAN
import CaloSupport
import Foundation

/// `calosim train` with no options: reproduces the shipped default model (`DefaultModelRecipe`)
/// in the working directory, every step resumable.
///
/// 1. the training set into data/, shard by shard (`ShardedSample`; present shards are kept);
/// 2. the training phases into models/, each a `TrainJob` (a new run, then resumed runs), so a
///    killed run continues from its last checkpoint; phases already reached are skipped;
/// 3. the response calibration (`CalibrateJob`), skipped when the model's calibration was fitted
///    to its present weights.
/// Before any work it says what it will do and how long that takes here (`TimeEstimate`).
public struct DefaultModelJob {
    /// What a user asks for: the recipe (nil: the shipped model's) and the run's threads.
    public struct Request: Sendable {
        /// A recipe JSON file replacing some of the defaults (tests use tiny ones).
        public var recipe: URL?
        public var threads = Threads.available
        public var progress: ProgressReporter.Mode = .automatic

        public init() {}

        public func makeJob() throws -> DefaultModelJob {
            let r = try DefaultModelRecipe.load(recipe)
            var job = DefaultModelJob(recipe: r, geometry: try Geometry.resolve(r.geometry))
            job.threads = threads
            job.progress = progress
            job.recipeFile = recipe
            return job
        }
    }

    public var recipe: DefaultModelRecipe
    public var geometry: Geometry
    public var threads = Threads.available
    public var progress: ProgressReporter.Mode = .automatic
    /// The recipe file, repeated in the printed validate command.
    public var recipeFile: URL?
    /// The plan and each stage, one line each (stdout).
    public var say: (String) -> Void = { FileHandle.standardOutput.write(Data(($0 + "\n").utf8)) }

    public init(recipe: DefaultModelRecipe, geometry: Geometry) {
        self.recipe = recipe
        self.geometry = geometry
    }

    public var trainingSample: ShardedSample {
        var s = ShardedSample(geometry: geometry, particle: recipe.particle, spectrum: recipe.spectrum,
                              showers: recipe.training.showers, seed: recipe.training.seed,
                              showersPerShard: recipe.showersPerShard, output: recipe.trainingURL)
        s.threads = threads
        s.progress = progress
        return s
    }

    /// Generator iterations of the run in the model folder (0 when there is none).
    public func trainedIterations() throws -> Int {
        let folder = recipe.modelURL
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("checkpoint.safetensors").path) else { return 0 }
        let stored = try GANTrainer.storedHyperparameters(in: folder), h = recipe.hyperparameters()
        guard stored.generatorHidden == h.generatorHidden, stored.criticHidden == h.criticHidden,
              stored.batchSize == h.batchSize, stored.seed == h.seed else {
            throw CalosimError.mismatch("\(folder.relativePath) holds another training run (generator \(stored.generatorHidden), "
                + "critic \(stored.criticHidden), batch \(stored.batchSize), seed \(stored.seed)); move it away to train the default model")
        }
        return try ModelConfiguration.load(folder: folder).iteration
    }

    /// Whether the model's calibration was fitted to its present weights.
    public func isCalibrated() throws -> Bool {
        let folder = recipe.modelURL
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(ModelConfiguration.fileName).path),
              let c = try ModelConfiguration.load(folder: folder).responseCalibration else { return false }
        return c.provenance.weightsFingerprint == (try TrainedGenerator.weightsFingerprint(folder: folder))
    }

    /// The command that validates the model.
    public var validateCommand: String {
        "calosim validate --model \(recipe.modelFolder)" + (recipeFile.map { " --recipe \($0.relativePath)" } ?? "")
    }

    /// The plan, with times from `estimate` (nil entries: not needed).
    public func plan(missingShowers: Int, iterationsDone: Int, calibrated: Bool,
                     simulationSecondsPerShower: Double?, trainingSecondsPerIteration: Double?) -> [String] {
        let sample = trainingSample, target = recipe.phases.last!.iterations
        var lines = ["calosim train: reproducing the default model (README \"The shipped model\", scripts/reproduce_model.sh), "
                     + "resumable: run it again after an interruption", ""]
        var total = 0.0
        if missingShowers > 0, let s = simulationSecondsPerShower {
            total += s * Double(missingShowers)
            lines.append("1. simulate the training set, \(recipe.describe(recipe.training)), into \(recipe.trainingURL.relativePath) "
                         + "in \(sample.shardCount) shards of \(DefaultModelRecipe.grouped(recipe.showersPerShard)): "
                         + "\(DefaultModelRecipe.grouped(missingShowers)) showers to go, ~\(TimeEstimate.duration(s * Double(missingShowers))) "
                         + String(format: "(%.3f s per shower on %d threads, measured just now)", s, threads))
        } else {
            lines.append("1. training set: \(recipe.trainingURL.relativePath) is there")
        }
        let first = recipe.phases[0]
        let phases = "\(DefaultModelRecipe.grouped(first.iterations)) at learning rate \(first.learningRate)"
            + (first.emaDecay.map { " with the \($0) weight average" } ?? "")
            + (recipe.phases.count > 1 ? ", then \(recipe.phases.count - 1) fine-tuning phases to \(DefaultModelRecipe.grouped(target))" : "")
        if iterationsDone < target, let s = trainingSecondsPerIteration {
            let left = Double(target - iterationsDone)
            total += s * left
            lines.append("2. train \(DefaultModelRecipe.grouped(target)) iterations into \(recipe.modelFolder) (\(phases); "
                         + "checkpoints every \(recipe.checkpointEvery)): \(DefaultModelRecipe.grouped(target - iterationsDone)) to go, "
                         + "~\(TimeEstimate.duration(s * left)) " + String(format: "(%.3f s per iteration, measured just now)", s))
        } else {
            lines.append("2. training: \(recipe.modelFolder) has reached iteration \(DefaultModelRecipe.grouped(target))")
        }
        lines.append(calibrated ? "3. response calibration: done" : "3. response calibration (calosim calibrate, seconds)")
        lines.append("")
        lines.append("estimated time on this machine: ~\(TimeEstimate.duration(total))")
        return lines
    }

    /// Simulates, trains and calibrates what is missing; returns the validate command.
    @discardableResult
    public func run() throws -> String {
        let sample = trainingSample
        let missing = try sample.missingShowers()
        let done = try trainedIterations()
        let target = recipe.phases.last!.iterations
        let calibrated = done >= target ? try isCalibrated() : false
        let simulation = missing > 0
            ? try TimeEstimate.simulation(geometry: geometry, particle: recipe.particle, spectrum: recipe.spectrum, threads: threads)
            : nil
        let training = done < target
            ? try TimeEstimate.training(hyperparameters: recipe.hyperparameters(), geometry: geometry, threads: threads)
            : nil
        for line in plan(missingShowers: missing, iterationsDone: done, calibrated: calibrated,
                         simulationSecondsPerShower: simulation, trainingSecondsPerIteration: training) { say(line) }

        var s = sample
        s.log = { [say] in say("simulate: " + $0) }
        try s.run()
        try train(from: done)
        if !(try isCalibrated()) {
            var c = CalibrateJob(model: recipe.modelURL, data: recipe.trainingURL)
            c.rows = recipe.calibrationRows
            c.progress = progress
            let summary = try c.run()
            say(String(format: "calibrate: %@ against %d showers in %.1f s", summary.modelId, summary.referenceShowers, summary.seconds))
        }
        say("")
        say("done; validate it against a held-out sample (simulated into \(recipe.dataFolder)/ if missing): \(validateCommand)")
        return validateCommand
    }

    /// Runs every phase whose target is above `iteration`, as scripts/reproduce_model.sh does:
    /// the first as a new run (or resumed with its target only), the others resumed with their
    /// learning rate and weight average.
    func train(from iteration: Int) throws {
        let hasRun = FileManager.default.fileExists(atPath: recipe.modelURL.appendingPathComponent("checkpoint.safetensors").path)
        for (i, phase) in recipe.phases.enumerated() where phase.iterations > iteration {
            var r = TrainJob.Request(data: recipe.trainingURL, folder: recipe.modelURL)
            r.iterations = phase.iterations
            r.threads = threads
            r.progress = progress
            if i == 0 && !hasRun {
                let h = recipe.hyperparameters()
                r.checkpointEvery = h.checkpointEvery
                r.learningRate = phase.learningRate
                if let d = phase.emaDecay { r.emaDecay = d } else { r.noEMA = true }
                r.generatorHidden = h.generatorHidden.map(String.init).joined(separator: ",")
                r.criticHidden = h.criticHidden.map(String.init).joined(separator: ",")
                r.batchSize = h.batchSize
            } else {
                r.resume = true
                if i > 0 {
                    r.learningRate = phase.learningRate
                    if let d = phase.emaDecay { r.emaDecay = d } else { r.noEMA = true }
                }
            }
            say("train: phase \(i + 1)/\(recipe.phases.count) to iteration \(DefaultModelRecipe.grouped(phase.iterations)), "
                + "learning rate \(phase.learningRate), " + (phase.emaDecay.map { "weight average \($0)" } ?? "raw weights"))
            let result = try r.run()
            say(String(format: "train: phase %d done in %.1f s", i + 1, result.seconds))
        }
    }
}
