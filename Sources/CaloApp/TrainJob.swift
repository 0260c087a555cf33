import CaloGAN
import CaloSupport
import Foundation

/// `calosim train`: options into a trainer.
public struct TrainJob {
    public var data: URL
    public var folder: URL
    public var hyperparameters: GANHyperparameters
    public var resume: Bool
    public var progress: ProgressReporter.Mode = .automatic

    public init(data: URL, folder: URL, hyperparameters: GANHyperparameters, resume: Bool) {
        self.data = data
        self.folder = folder
        self.hyperparameters = hyperparameters
        self.resume = resume
    }

    /// Loads the data and builds (or resumes) the trainer; every input error surfaces here.
    public func makeTrainer() throws -> GANTrainer {
        try hyperparameters.check()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let training = try TrainingData(url: data, transform: hyperparameters.cellTransform,
                                        validationFraction: hyperparameters.validationFraction, seed: hyperparameters.seed)
        return try GANTrainer(data: training, dataPath: data.path, folder: folder, hyperparameters: hyperparameters,
                              resume: resume)
    }

    /// Trains; returns the best chi2 and its iteration.
    public func run() throws -> (bestChi2: Double, bestIteration: Int, seconds: Double) {
        let start = ProgressReporter.now()
        let trainer = try makeTrainer()
        try trainer.train(progress: progress)
        return (trainer.bestChi2, trainer.bestIteration, ProgressReporter.now() - start)
    }
}
