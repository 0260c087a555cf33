import CaloBLAS
import CaloDetector
import CaloGAN
import CaloSupport
import Foundation

/// `calosim train`: options into a trainer.
public struct TrainJob {
    public var data: URL
    public var folder: URL
    /// A new run's hyperparameters; a resumed run takes its checkpoint's, changed by `resumeOverrides`.
    public var hyperparameters: GANHyperparameters
    public var resume: Bool
    public var resumeOverrides = ResumeOverrides()
    public var progress: ProgressReporter.Mode = .automatic
    /// The geometry of a data file that records none (a CaloChallenge file); its cell count must match.
    public var geometry: Geometry?

    public init(data: URL, folder: URL, hyperparameters: GANHyperparameters, resume: Bool) {
        self.data = data
        self.folder = folder
        self.hyperparameters = hyperparameters
        self.resume = resume
    }

    /// Loads the data and builds (or resumes) the trainer; every input error surfaces here.
    public func makeTrainer() throws -> GANTrainer {
        try BLAS.load()
        let h = try resolvedHyperparameters()
        // The data first: unreadable data leaves no empty model folder behind.
        if let geometry { try ShowerFileProbe.check([data], geometry: geometry) } else { try ShowerFileProbe.check([data]) }
        let training = try TrainingData(url: data, transform: h.cellTransform, validationFraction: h.validationFraction,
                                        seed: h.seed, geometry: geometry)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try GANTrainer(data: training, dataPath: data.path, folder: folder, hyperparameters: h, resume: resume)
    }

    /// The hyperparameters the run will use: a resumed run's come from its checkpoint (so its
    /// data split and transform are the ones it was trained with), with `resumeOverrides` applied.
    public func resolvedHyperparameters() throws -> GANHyperparameters {
        guard resume else {
            try hyperparameters.check()
            return hyperparameters
        }
        return try resumeOverrides.applied(to: GANTrainer.storedHyperparameters(in: folder))
    }

    /// Trains; returns the best chi2 and its iteration.
    public func run() throws -> (bestChi2: Double, bestIteration: Int, seconds: Double) {
        let start = ProgressReporter.now()
        let trainer = try makeTrainer()
        try trainer.train(progress: progress)
        return (trainer.bestChi2, trainer.bestIteration, ProgressReporter.now() - start)
    }
}
