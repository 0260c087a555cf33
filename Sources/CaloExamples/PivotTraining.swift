import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// Settings of the adversarial pivot's training (arXiv:1611.01046 Algorithm 1, section 5.1).
public struct PivotSettings: Sendable, Equatable {
    /// Training points (Z ~ N(0, 1)).
    public var trainCount = 50_000
    /// Test points per nuisance slice Z = -1, 0, +1.
    public var sliceCount = 20_000
    /// The plain classifier f: epochs of minimising L_f alone (it also starts the pivot).
    public var classifier = BinaryTraining(epochs: 20, batchSize: 128, learningRate: 1e-3, patience: 20)
    /// Adam steps of the adversary against the plain classifier before the adversarial iterations.
    public var adversaryPretrainSteps = 2_000
    /// Adversarial iterations T; each is one step of f on L_f - lambda L_r, then K =
    /// `adversarySteps` of r on L_r (the paper's T = 200, K = 500).
    public var iterations = 200
    public var adversarySteps = 500
    /// Minibatch size M of both networks (the paper's 128).
    public var batchSize = 128
    /// The trade-off lambda between accuracy and independence (the paper's 50).
    public var lambda: Float = 50
    /// Adam learning rates of f during the adversarial iterations, and of r throughout.
    public var classifierRate: Float = 1e-3
    public var adversaryRate: Float = 1e-3

    public init() {}

    /// Sizes for `--quick`: the same procedure with fewer points and steps.
    public static var quick: PivotSettings {
        var s = PivotSettings()
        s.trainCount = 5_000
        s.sliceCount = 4_000
        s.classifier.epochs = 5
        s.adversaryPretrainSteps = 300
        s.iterations = 150
        s.adversarySteps = 5
        return s
    }
}

/// The two classifiers of the toy and the adversary's losses.
public struct PivotTrainingResult {
    /// f trained on L_f alone.
    public var plain: BinaryNetwork
    /// f after adversarial training (started from the plain one).
    public var pivot: BinaryNetwork
    /// The adversary's mean loss L_r on held-out points: against the plain f (after its
    /// pretraining) and against the pivot (at the end). H(Z) = 1.419 means no information on Z.
    public var plainAdversaryLoss: Double
    public var pivotAdversaryLoss: Double
}

/// Algorithm 1 of arXiv:1611.01046 on `PivotToy`.
public enum PivotTraining {
    /// Trains the plain classifier, then the pivot against a mixture-density adversary.
    ///
    /// Networks: f is 2 -> 20 tanh -> 20 ReLU -> 1 logit (the paper's), its output s = sigmoid(logit)
    /// feeds the adversary (`PivotAdversary`). Draws: training points from element 0 of
    /// `BinaryExampleStreams.pivotToyData`, held-out points for the adversary losses from
    /// element 4, minibatches from `minibatches` elements 0 (f's pretraining) and 1 (the rest).
    public static func run(_ s: PivotSettings, seed: UInt64, log: (String) -> Void) -> PivotTrainingResult {
        var g = BinaryExampleStreams.pivotToyData.generator(key: seed, index: 0)
        let data = PivotToy.sample(count: s.trainCount, nuisance: nil, generator: &g)
        var h = BinaryExampleStreams.pivotToyData.generator(key: seed, index: 4)
        let heldOut = PivotToy.sample(count: s.sliceCount, nuisance: nil, generator: &h)

        let classifier = { BinaryNetwork(inputs: 2, hidden: [(20, .tanh), (20, .relu)], seed: seed, index: 0) }
        let plain = classifier()
        let training = BinaryDataset(values: data.x, width: 2, targets: data.y)
        let fit = BinaryTrainer.fit(plain, train: training, validation: nil, options: s.classifier, seed: seed, run: 0,
                                    name: "pivot: plain classifier", log: log)
        log("pivot: plain classifier trained, \(fit.epochs) epochs")

        let pivot = classifier()
        pivot.restore(plain.snapshot)
        let adversary = PivotAdversary(seed: seed, index: 1)
        let adam = Adam(parameters: adversary.network.parameters, learningRate: s.adversaryRate)
        let fAdam = Adam(parameters: pivot.parameters, learningRate: s.classifierRate)
        var rng = BinaryExampleStreams.minibatches.generator(key: seed, index: 1)
        let x = Tensor(shape: [s.trainCount, 2], scalars: data.x)
        let y = Tensor(shape: [s.trainCount, 1], scalars: data.y)
        let z = Tensor(shape: [s.trainCount, 1], scalars: data.z)
        let batch = min(s.batchSize, s.trainCount)
        func rows() -> [Int] { (0..<batch).map { _ in Int(rng.next() % UInt64(s.trainCount)) } }
        func adversaryStep() {
            let r = rows()
            let scores = withoutGradients { pivot(x.gathering(rows: r)).sigmoid() }
            let loss = adversary.loss(scores: scores, nuisance: z.gathering(rows: r))
            adam.step(gradients(of: loss, wrt: adversary.network.model.parameterValues))
        }
        let heldOutLoss = { () -> Double in
            let scores = pivot.evaluate(heldOut.x).map { 1 / (1 + Foundation.exp(-$0)) }
            return withoutGradients {
                Double(adversary.loss(scores: Tensor(shape: [scores.count, 1], scalars: scores),
                                      nuisance: Tensor(shape: [scores.count, 1], scalars: heldOut.z)).scalar)
            }
        }
        for _ in 0..<s.adversaryPretrainSteps { adversaryStep() }
        let plainAdversaryLoss = heldOutLoss()
        log(String(format: "pivot: adversary against the plain classifier, L_r %.4f (H(Z) = 1.419)", plainAdversaryLoss))

        for t in 0..<s.iterations {
            let r = rows()
            let xb = x.gathering(rows: r)
            let logits = pivot(xb)
            let lf = BinaryCrossEntropy.loss(logits: logits, targets: y.gathering(rows: r))
            let lr = adversary.loss(scores: logits.sigmoid(), nuisance: z.gathering(rows: r))
            fAdam.step(gradients(of: lf - lr * s.lambda, wrt: pivot.model.parameterValues))
            for _ in 0..<s.adversarySteps { adversaryStep() }
            if t % 20 == 0 || t == s.iterations - 1 {
                log(String(format: "pivot: iteration %d, L_f %.4f, L_r %.4f", t + 1, Double(lf.scalar), Double(lr.scalar)))
            }
        }
        let pivotAdversaryLoss = heldOutLoss()
        log(String(format: "pivot: adversary against the pivot, L_r %.4f (H(Z) = 1.419)", pivotAdversaryLoss))
        return PivotTrainingResult(plain: plain, pivot: pivot, plainAdversaryLoss: plainAdversaryLoss,
                                   pivotAdversaryLoss: pivotAdversaryLoss)
    }
}
