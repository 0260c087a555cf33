import CaloDetector
import CaloGAN
import CaloSupport
import Foundation

/// How the shipped default model was made, as numbers: what `calosim train` with no options
/// reproduces and what `calosim validate` with no options validates against (the same steps
/// as scripts/reproduce_model.sh; README "The shipped model").
///
/// Paths are relative to the working directory: the data sets go into `dataFolder` (data/),
/// the model into `modelFolder` (models/calogan-eminus). The defaults are the shipped model's;
/// a JSON file with any subset of the keys replaces some (the tests' tiny recipes).
public struct DefaultModelRecipe: Sendable, Codable, Equatable {
    /// One simulated sample: file name in `dataFolder`, showers and seed.
    public struct Sample: Sendable, Codable, Equatable {
        public var file: String
        public var showers: Int
        public var seed: UInt64

        public init(file: String, showers: Int, seed: UInt64) {
            self.file = file
            self.showers = showers
            self.seed = seed
        }
    }

    /// One training phase: run to `iterations` at `learningRate`; `emaDecay` nil trains the raw
    /// weights (the first phase keeps the default weight average of 0.999).
    public struct Phase: Sendable, Codable, Equatable {
        public var iterations: Int
        public var learningRate: Float
        public var emaDecay: Float?

        public init(iterations: Int, learningRate: Float, emaDecay: Float?) {
            self.iterations = iterations
            self.learningRate = learningRate
            self.emaDecay = emaDecay
        }
    }

    public var geometry = "calogan"
    public var particle = Particle.electron
    /// Incident energies, uniform in [low, high] GeV.
    public var energyRangeGeV: [Double] = [1, 100]
    /// The training set (seed 7) and the held-out sample (seed 1001, never used in training or selection).
    public var training = Sample(file: "eminus.h5", showers: 30_000, seed: 7)
    public var heldOut = Sample(file: "heldout.h5", showers: 10_000, seed: 1001)
    /// Showers per shard file: a killed simulation resumes at the first missing shard.
    public var showersPerShard = 2_500
    public var dataFolder = "data"
    public var modelFolder = "models/calogan-eminus"
    public var checkpointEvery = 500
    /// 40,000 iterations at 1e-4 with the 0.999 weight average, then fine-tuning at 3e-5:
    /// 8,000 raw and 4,000 averaged, four times, to 96,000.
    public var phases: [Phase] = [Phase(iterations: 40_000, learningRate: 1e-4, emaDecay: 0.999)]
        + [52_000, 60_000, 68_000, 72_000, 80_000, 84_000, 92_000, 96_000].enumerated().map { i, target in
            Phase(iterations: target, learningRate: 3e-5, emaDecay: i % 2 == 0 ? nil : 0.999)
        }
    /// Network widths and batch size; nil: the defaults of `GANHyperparameters` (the shipped model's).
    public var generatorHidden: [Int]?
    public var criticHidden: [Int]?
    public var batchSize: Int?
    /// Rows of the response calibration's table (`calosim calibrate --rows`).
    public var calibrationRows = 16

    public init() {}

    enum CodingKeys: String, CodingKey {
        case geometry, particle, energyRangeGeV, training, heldOut, showersPerShard, dataFolder, modelFolder,
             checkpointEvery, phases, generatorHidden, criticHidden, batchSize, calibrationRows
    }

    /// Any subset of the keys; the others keep the shipped model's values.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = DefaultModelRecipe()
        geometry = try c.decodeIfPresent(String.self, forKey: .geometry) ?? d.geometry
        particle = try c.decodeIfPresent(Particle.self, forKey: .particle) ?? d.particle
        energyRangeGeV = try c.decodeIfPresent([Double].self, forKey: .energyRangeGeV) ?? d.energyRangeGeV
        training = try c.decodeIfPresent(Sample.self, forKey: .training) ?? d.training
        heldOut = try c.decodeIfPresent(Sample.self, forKey: .heldOut) ?? d.heldOut
        showersPerShard = try c.decodeIfPresent(Int.self, forKey: .showersPerShard) ?? d.showersPerShard
        dataFolder = try c.decodeIfPresent(String.self, forKey: .dataFolder) ?? d.dataFolder
        modelFolder = try c.decodeIfPresent(String.self, forKey: .modelFolder) ?? d.modelFolder
        checkpointEvery = try c.decodeIfPresent(Int.self, forKey: .checkpointEvery) ?? d.checkpointEvery
        phases = try c.decodeIfPresent([Phase].self, forKey: .phases) ?? d.phases
        generatorHidden = try c.decodeIfPresent([Int].self, forKey: .generatorHidden)
        criticHidden = try c.decodeIfPresent([Int].self, forKey: .criticHidden)
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize)
        calibrationRows = try c.decodeIfPresent(Int.self, forKey: .calibrationRows) ?? d.calibrationRows
    }

    /// The recipe of `file` (JSON), or the shipped model's when nil.
    public static func load(_ file: URL?) throws -> DefaultModelRecipe {
        guard let file else { return DefaultModelRecipe() }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw CalosimError.badFile(path: file.relativePath, reason: "cannot read the recipe")
        }
        do {
            let recipe = try JSONDecoder().decode(DefaultModelRecipe.self, from: data)
            try recipe.check()
            return recipe
        } catch let error as CalosimError {
            throw error
        } catch {
            throw CalosimError.badFile(path: file.relativePath, reason: "not a recipe JSON object: \(error)")
        }
    }

    /// Refuses numbers no run could use.
    public func check() throws {
        guard energyRangeGeV.count == 2, energyRangeGeV[0] > 0, energyRangeGeV[0] < energyRangeGeV[1] else {
            throw CalosimError.badInput("recipe: energyRangeGeV must be [low, high] with 0 < low < high (got \(energyRangeGeV))")
        }
        guard training.showers > 0, heldOut.showers > 0, showersPerShard > 0 else {
            throw CalosimError.badInput("recipe: shower counts must be > 0")
        }
        guard !phases.isEmpty, zip(phases, phases.dropFirst()).allSatisfy({ $0.iterations < $1.iterations }),
              phases[0].iterations > 0 else {
            throw CalosimError.badInput("recipe: phases need increasing iteration targets")
        }
        guard checkpointEvery > 0, calibrationRows > 0 else {
            throw CalosimError.badInput("recipe: checkpointEvery and calibrationRows must be > 0")
        }
    }

    /// The incident-energy spectrum, MeV.
    public var spectrum: EnergySpectrum { .uniform(lowMeV: energyRangeGeV[0] * 1000, highMeV: energyRangeGeV[1] * 1000) }

    public var trainingURL: URL { URL(fileURLWithPath: dataFolder).appendingPathComponent(training.file) }
    public var heldOutURL: URL { URL(fileURLWithPath: dataFolder).appendingPathComponent(heldOut.file) }
    public var modelURL: URL { URL(fileURLWithPath: modelFolder) }

    /// The hyperparameters of the first phase (a new run).
    public func hyperparameters() -> GANHyperparameters {
        var h = GANHyperparameters()
        h.iterations = phases[0].iterations
        h.learningRate = phases[0].learningRate
        h.emaDecay = phases[0].emaDecay
        h.checkpointEvery = checkpointEvery
        if let v = generatorHidden { h.generatorHidden = v }
        if let v = criticHidden { h.criticHidden = v }
        if let v = batchSize { h.batchSize = v }
        return h
    }

    /// "30,000 e- of 1-100 GeV (uniform) in calogan, seed 7".
    public func describe(_ s: Sample) -> String {
        "\(Self.grouped(s.showers)) \(particle.rawValue) of \(String(format: "%g-%g", energyRangeGeV[0], energyRangeGeV[1])) GeV "
            + "(uniform) in \(geometry), seed \(s.seed)"
    }

    /// 30000 as "30,000".
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
