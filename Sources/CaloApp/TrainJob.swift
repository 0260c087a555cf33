import CaloBLAS
import CaloDetector
import CaloGAN
import CaloMPI
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
    /// The ranks training together; nil: the MPI ranks when an MPI launcher started the
    /// process (`mpirun -np N calosim train ...`), else this process alone.
    public var group: (any ProcessGroup)?
    /// The geometry of a data file that records none (a CaloChallenge file); its cell count must match.
    public var geometry: Geometry?

    public init(data: URL, folder: URL, hyperparameters: GANHyperparameters, resume: Bool) {
        self.data = data
        self.folder = folder
        self.hyperparameters = hyperparameters
        self.resume = resume
    }

    /// The group this job trains in (`group`, else the launched MPI ranks, else one process).
    public var resolvedGroup: any ProcessGroup { group ?? MPIWorld.launched ?? SingleProcess() }

    /// Loads the data and builds (or resumes) the trainer; every input error surfaces here.
    ///
    /// In a group of ranks, each step is collective: the ranks first refuse to train with
    /// different builds, then each reads the data itself, and a rank that fails (unreadable data,
    /// a batch not divisible by the ranks) stops all of them with its message before anything is
    /// written; ranks that read different data are refused too.
    public func makeTrainer() throws -> GANTrainer {
        let group = resolvedGroup
        try group.requireSame(BuildIdentity.fingerprint, what: "calosim build", description: BuildIdentity.description)
        let (h, training) = try group.agree(Result {
            try BLAS.load()
            let h = try resolvedHyperparameters()
            // The data first: unreadable data leaves no empty model folder behind.
            if let geometry { try ShowerFileProbe.check([data], geometry: geometry) } else { try ShowerFileProbe.check([data]) }
            return (h, try TrainingData(url: data, transform: h.cellTransform, validationFraction: h.validationFraction,
                                        seed: h.seed, geometry: geometry))
        })
        let fingerprint = group.size > 1 ? Self.fingerprint(training) : 0
        try group.requireSame(fingerprint, what: "training data at \(data.path)", description: FNV1a.hex(fingerprint))
        return try group.agree(Result {
            if group.isWriter { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
            return try GANTrainer(data: training, dataPath: data.path, folder: folder, hyperparameters: h, resume: resume, group: group)
        })
    }

    /// FNV-1a of the showers a run trains and validates on (network space, after the split).
    static func fingerprint(_ data: TrainingData) -> UInt64 {
        var h = FNV1a()
        for split in [data.training, data.validation] {
            for a in [split.cells, split.condition, split.incidentMeV, split.totalMeV] { a.withUnsafeBytes { h.combine($0) } }
        }
        return h.value
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

    /// What a run reports: the best chi2 and its iteration (rank 0's bookkeeping), and for a
    /// group of ranks what they exchanged.
    public struct Summary: Sendable {
        public var bestChi2: Double
        public var bestIteration: Int
        public var seconds: Double
        public var rank = 0
        public var ranks = 1
        /// True when an MPI launcher started the run (even with one rank).
        public var launchedByMPI = false
        /// Mean wall time of one generator iteration (its critic steps included), seconds.
        public var secondsPerIteration = 0.0
        /// Floats each rank sent into the gradient sums per iteration, and the MPI_Allreduce calls.
        public var floatsPerIteration = 0
        public var sumsPerIteration = 0
        /// Mean wall time per iteration inside MPI_Allreduce (0 without MPI), seconds.
        public var sumSecondsPerIteration = 0.0
    }

    /// Trains; returns the best chi2 and its iteration.
    public func run() throws -> Summary {
        let start = ProgressReporter.now()
        let trainer = try makeTrainer()
        let world = trainer.group as? MPIWorld
        let sumSeconds = world?.sumSeconds ?? 0
        try trainer.train(progress: progress)
        var summary = Summary(bestChi2: trainer.bestChi2, bestIteration: trainer.bestIteration, seconds: ProgressReporter.now() - start)
        let n = Double(max(trainer.iterationsRun, 1))
        summary.rank = trainer.group.rank
        summary.ranks = trainer.group.size
        summary.secondsPerIteration = trainer.iterationSeconds / n
        if let world {
            summary.launchedByMPI = true
            summary.floatsPerIteration = trainer.floatsPerIteration
            summary.sumsPerIteration = world.size > 1 ? trainer.hyperparameters.criticIterations + 1 : 0
            summary.sumSecondsPerIteration = (world.sumSeconds - sumSeconds) / n
        }
        return summary
    }
}
