import CaloExamples
import CaloValidation
import Foundation
import XCTest
import _TestSupport

/// The three ways of training of the CWoLa example on a problem whose best AUC is known.
///
/// Class 1 ~ N((1, 1), I) against class 0 ~ N((0, 0), I): every monotone function of x1 + x2
/// is optimal, with AUC = Phi(Delta / sqrt 2) = Phi(1) = 0.8413 (Delta = sqrt 2, the
/// Mahalanobis distance). With 2,000 test points per class the AUC's statistical error is 0.006.
final class BinaryTrainerTests: XCTestCase {
    static func gaussians(_ n: Int, label: Float, rng: inout TestRNG) -> BinaryDataset {
        var v = [Float]()
        for _ in 0..<n {
            for _ in 0..<2 {
                let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
                v.append(Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)) + label)
            }
        }
        return BinaryDataset(values: v, width: 2, targets: [Float](repeating: label, count: n))
    }

    func testSupervisedMixtureAndProportionTrainingReachTheBestAUC() {
        var rng = TestRNG(seed: 31)
        let signal = Self.gaussians(3000, label: 1, rng: &rng), background = Self.gaussians(3000, label: 0, rng: &rng)
        let test = Self.gaussians(2000, label: 1, rng: &rng).appending(Self.gaussians(2000, label: 0, rng: &rng))
        // Mixtures of 3,000 points: 70/30 and 30/70.
        let m1 = signal.rows(Array(0..<2100)).appending(background.rows(Array(0..<900)))
        let m2 = signal.rows(Array(2100..<3000)).appending(background.rows(Array(900..<3000)))
        let options = BinaryTraining(epochs: 4, batchSize: 64, learningRate: 3e-3, patience: 4)
        let network = { BinaryNetwork(inputs: 2, hidden: [(8, .relu)], seed: 5, index: 0) }
        let supervised = network(), cwola = network(), proportions = network()
        _ = BinaryTrainer.fit(supervised, train: m1.appending(m2), validation: nil, options: options, seed: 5, run: 0, name: "s")
        let mixtureLabels = [Float](repeating: 1, count: 3000) + [Float](repeating: 0, count: 3000)
        _ = BinaryTrainer.fit(cwola, train: m1.appending(m2).relabelled(mixtureLabels), validation: nil, options: options,
                              seed: 5, run: 0, name: "c")
        let summary = BinaryTrainer.fitProportions(proportions, bags: [(m1.values, 0.7), (m2.values, 0.3)], validationBags: [],
                                                   options: options, seed: 5, run: 1, name: "p")
        XCTAssertEqual(summary.epochs, 4)
        let labels = test.targets.map { $0 > 0.5 }
        for (name, net) in [("supervised", supervised), ("CWoLa", cwola), ("label proportions", proportions)] {
            let auc = ROCCurve(scores: net.evaluate(test.values), labels: labels).auc
            XCTAssertEqual(auc, 0.8413, accuracy: 0.025, name)
        }
    }
}
