import CaloSupport
import Foundation

/// Every knob of the conditional WGAN-GP, with the defaults of Gulrajani et al. (arXiv:1704.00028)
/// and the reference architecture of the engine benchmark.
///
/// Read from a JSON config file where any key may be left out (its default applies), then
/// overridden by command-line options.
public struct GANHyperparameters: Codable, Sendable, Equatable {
    /// Length of the noise vector z.
    public var latentDimension = 64
    /// Hidden widths of the generator and critic MLPs.
    public var generatorHidden = [256, 512, 1024]
    public var criticHidden = [1024, 512, 256]
    /// Slope of LeakyReLU for negative inputs.
    public var leakySlope: Float = 0.2
    /// lambda of the gradient penalty (||grad_x D(x_hat)|| - 1)^2.
    public var gradientPenaltyWeight: Float = 10
    /// Critic steps per generator step (n_critic); any positive number (`WGANStep` gives every
    /// step its own random stream).
    public var criticIterations = 5
    public var batchSize = 128
    /// Adam: learning rate, betas (WGAN-GP: 1e-4, 0.5, 0.9).
    public var learningRate: Float = 1e-4
    public var beta1: Float = 0.5
    public var beta2: Float = 0.9
    /// Generator iterations to run.
    public var iterations = 100_000
    /// Checkpoint (and validate) every this many generator iterations.
    public var checkpointEvery = 1000
    /// Fraction of the data held out for best-checkpoint selection.
    public var validationFraction: Float = 0.1
    /// Decay of the exponential moving average of the generator weights (nil: off).
    public var emaDecay: Float? = 0.999
    /// How the generator's last layer becomes cells.
    public var generatorHead: GeneratorHead = .physics
    /// How cell energies are presented to the networks.
    public var cellTransform: CellTransform = .log(epsilon: 1e-6)
    /// Random seed for initialisation, batches and noise.
    public var seed: UInt64 = 1
    /// Whether the critic also sees each layer's peak shape (`ConditionalCritic.peakFeatures`):
    /// how concentrated the layer's energy is, and how its hottest cell stands above the next.
    public var criticPeakFeatures = false
    /// Whether the critic also sees how far each layer's centroid lies from where the shower's
    /// direction and impact point put it (`ConditionalCritic.axisOffsets`).
    public var criticAxisFeatures = false

    public init() {}

    public init(from decoder: Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func take<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let v = try c.decodeIfPresent(T.self, forKey: key) { value = v }
        }
        try take(.latentDimension, &latentDimension)
        try take(.generatorHidden, &generatorHidden)
        try take(.criticHidden, &criticHidden)
        try take(.leakySlope, &leakySlope)
        try take(.gradientPenaltyWeight, &gradientPenaltyWeight)
        try take(.criticIterations, &criticIterations)
        try take(.batchSize, &batchSize)
        try take(.learningRate, &learningRate)
        try take(.beta1, &beta1)
        try take(.beta2, &beta2)
        try take(.iterations, &iterations)
        try take(.checkpointEvery, &checkpointEvery)
        try take(.validationFraction, &validationFraction)
        try take(.cellTransform, &cellTransform)
        try take(.generatorHead, &generatorHead)
        try take(.seed, &seed)
        try take(.criticPeakFeatures, &criticPeakFeatures)
        try take(.criticAxisFeatures, &criticAxisFeatures)
        if c.contains(.emaDecay) { emaDecay = try c.decodeIfPresent(Float.self, forKey: .emaDecay) }
    }

    enum CodingKeys: String, CodingKey {
        case latentDimension, generatorHidden, criticHidden, leakySlope, gradientPenaltyWeight, criticIterations, batchSize,
             learningRate, beta1, beta2, iterations, checkpointEvery, validationFraction, emaDecay, generatorHead, cellTransform, seed,
             criticPeakFeatures, criticAxisFeatures
    }

    /// Every key, with `emaDecay: null` written out (left out, it would read back as the default);
    /// `criticPeakFeatures` and `criticAxisFeatures` only when on, so the files of models trained
    /// before them keep their bytes.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(latentDimension, forKey: .latentDimension)
        try c.encode(generatorHidden, forKey: .generatorHidden)
        try c.encode(criticHidden, forKey: .criticHidden)
        try c.encode(leakySlope, forKey: .leakySlope)
        try c.encode(gradientPenaltyWeight, forKey: .gradientPenaltyWeight)
        try c.encode(criticIterations, forKey: .criticIterations)
        try c.encode(batchSize, forKey: .batchSize)
        try c.encode(learningRate, forKey: .learningRate)
        try c.encode(beta1, forKey: .beta1)
        try c.encode(beta2, forKey: .beta2)
        try c.encode(iterations, forKey: .iterations)
        try c.encode(checkpointEvery, forKey: .checkpointEvery)
        try c.encode(validationFraction, forKey: .validationFraction)
        try c.encode(emaDecay, forKey: .emaDecay)
        try c.encode(generatorHead, forKey: .generatorHead)
        try c.encode(cellTransform, forKey: .cellTransform)
        try c.encode(seed, forKey: .seed)
        if criticPeakFeatures { try c.encode(true, forKey: .criticPeakFeatures) }
        if criticAxisFeatures { try c.encode(true, forKey: .criticAxisFeatures) }
    }

    /// Throws a message naming the bad value.
    public func check() throws {
        func bad(_ m: String) -> CalosimError { .badInput("hyperparameters: \(m)") }
        guard latentDimension > 0 else { throw bad("latentDimension must be > 0") }
        guard !generatorHidden.isEmpty, generatorHidden.allSatisfy({ $0 > 0 }) else { throw bad("generatorHidden must be positive widths") }
        guard !criticHidden.isEmpty, criticHidden.allSatisfy({ $0 > 0 }) else { throw bad("criticHidden must be positive widths") }
        guard gradientPenaltyWeight >= 0 else { throw bad("gradientPenaltyWeight must be >= 0") }
        guard criticIterations > 0 else { throw bad("criticIterations must be > 0") }
        guard batchSize > 1 else { throw bad("batchSize must be > 1") }
        guard learningRate > 0, learningRate.isFinite else { throw bad("learningRate must be > 0") }
        guard (0..<1).contains(beta1), (0..<1).contains(beta2) else { throw bad("betas must lie in [0, 1)") }
        guard iterations > 0 else { throw bad("iterations must be > 0") }
        let capacity = StreamDomain.ganStep.capacity
        let streams = criticIterations < Int(capacity)
            ? iterations.multipliedReportingOverflow(by: WGANStep.streamStride(criticIterations: criticIterations)) : (partialValue: 0, overflow: true)
        guard !streams.overflow, UInt64(streams.partialValue) <= capacity else {
            throw bad("training draws max(8, criticIterations + 1) random streams per iteration, and iterations times that must not exceed \(capacity) (iterations \(iterations), criticIterations \(criticIterations))")
        }
        guard checkpointEvery > 0 else { throw bad("checkpointEvery must be > 0") }
        guard validationFraction > 0, validationFraction < 0.5 else { throw bad("validationFraction must lie in (0, 0.5)") }
        if let d = emaDecay { guard d > 0, d < 1 else { throw bad("emaDecay must lie in (0, 1)") } }
        guard (0...1).contains(leakySlope) else { throw bad("leakySlope must lie in [0, 1]") }
    }

    /// Reads a JSON config file.
    public static func load(_ url: URL) throws -> GANHyperparameters {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CalosimError.badFile(path: url.path, reason: "cannot read the config file")
        }
        do {
            let h = try JSONDecoder().decode(GANHyperparameters.self, from: data)
            try h.check()
            return h
        } catch let error as CalosimError {
            throw error
        } catch {
            throw CalosimError.badFile(path: url.path, reason: "not a valid hyperparameter file (\(error))")
        }
    }
}

/// The generator's output head.
public enum GeneratorHead: String, Codable, Sendable, Equatable {
    /// The MLP emits every cell directly (network space, ReLU so empty cells are exactly 0).
    case direct
    /// The MLP emits each layer's energy fraction (softplus) and non-negative cell weights
    /// (ReLU), normalised within each layer: u_cell = f_layer * w_cell / sum_layer w. Layer and
    /// total energies are then explicit outputs, and empty cells are exactly 0.
    case layers
    /// Like `layers`, but the layer energies come from a total and its split: the escaping
    /// fraction lambda = sigmoid(a - 5) (a prior of about 0.7 % leakage at initialisation), the
    /// shares s_l = softmax(b)_l, so f_l = (1 - lambda) s_l. The total, which scatters by only a
    /// few per mille in a calorimeter that scores every material, is then one explicit output.
    case shares
    /// Like `shares`, with every output on the scale where its physics varies: the escaping
    /// fraction lambda = sigmoid(a), the shares softmax(b), and cell weights in log space,
    /// w = exp(relu(r)) - 1 (exact zeros for r <= 0, five decades of cell energies over a few
    /// units of r). The trainer starts the output biases at the training set's mean shower
    /// (`GeneratorInitialisation`), so training begins at the right response and shape.
    case physics
}

extension GANHyperparameters {
    /// Hidden widths from a command-line list such as "256,512,1024".
    public static func widths(from argument: String) throws -> [Int] {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw CalosimError.badInput("hidden widths must be positive integers separated by commas (e.g. 256,512,1024), not '\(argument)'")
        }
        return values.map { $0! }
    }
}

extension CellTransform {
    /// From a command-line value: "identity", "log:EPSILON" (e.g. log:1e-6) or "power:EXPONENT".
    public init(argument: String) throws {
        let parts = argument.split(separator: ":", maxSplits: 1).map(String.init)
        let value = parts.count == 2 ? Float(parts[1]) : nil
        switch (parts.first ?? "", value) {
        case ("identity", _) where parts.count == 1: self = .identity
        case ("log", let v?) where v > 0 && v.isFinite: self = .log(epsilon: v)
        case ("power", let v?) where v > 0 && v <= 1: self = .power(exponent: v)
        default:
            throw CalosimError.badInput("cell transform must be identity, log:EPSILON (EPSILON > 0) or power:EXPONENT (0 < EXPONENT <= 1), not '\(argument)'")
        }
    }
}
