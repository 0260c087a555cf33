import CaloDetector
import CaloSim
import CaloSupport
import CaloValidation
import Foundation

/// What classification without labels measured.
public struct CwolaResult: Sendable {
    /// Held-out ROC curves (e- positive, photons negative) of the classifier trained on true
    /// labels, on mixture labels (CWoLa), and on the mixtures' e- fractions only (label proportions).
    public var supervised: ROCCurve
    public var cwola: ROCCurve
    public var proportions: ROCCurve
    /// Bootstrap standard error (over the test showers) of supervised.auc - cwola.auc.
    public var differenceError: Double
    /// Test showers per particle.
    public var testPerParticle: Int
    /// The first argon gap's share of the visible energy, of the test e- and photons and of
    /// the two training mixtures, for the figure.
    public var firstGap: (electron: [Float], photon: [Float], mixture1: [Float], mixture2: [Float])
}

/// Classification without labels (Metodiev, Nachman, Thaler, arXiv:1708.02949) and learning
/// from label proportions (Dery, Nachman, Rubbo, Schwartzman, arXiv:1702.00414) with e- and
/// photon showers.
///
/// Mixture 1 holds a fraction f of e- and 1 - f photons, mixture 2 the reverse; each has
/// `trainPerParticle` showers. Three networks of the same size, from the same initial
/// weights, see the same feature rows (`CwolaShowers`, standardised on the training rows):
/// - supervised: target 1 for e-, 0 for photons;
/// - CWoLa: target 1 for mixture 1, 0 for mixture 2; the optimal mixture classifier is a
///   monotone function of the e-/photon likelihood ratio, so it separates e- from photons
///   as well (the paper's theorem);
/// - label proportions: batches of one mixture, loss on the batch's mean prediction against
///   the mixture's e- fraction.
/// Each keeps its epoch of lowest validation loss, computed with its own kind of target
/// (CWoLa never sees a true label, not even for early stopping). All three are tested on
/// `testPerParticle` labelled e- and photons.
public enum CwolaStudy {
    public static func run(_ s: CwolaSettings, seed: UInt64, threads: Int, log: (String) -> Void) throws -> CwolaResult {
        precondition(s.fraction > 0.5 && s.fraction <= 1, "CwolaSettings: mixture 1 must be the richer in e-")
        let geometry = try Geometry.resolve(s.geometry)
        guard geometry.layers.count >= CwolaShowers.cumulativePeriods.last!, geometry.layers.allSatisfy({ $0.cellCount == 1 }) else {
            throw CalosimError.badInput("geometry '\(geometry.name)' is not a longitudinal profile (one cell per layer, at least 24 layers)")
        }
        let simulator = try ShowerSimulator(geometry: geometry)
        let start = Date()
        let perParticle = s.trainPerParticle + s.testPerParticle
        let width = CwolaShowers.featureCount
        let simulate = { (p: Particle, first: UInt64) in
            CwolaShowers.features(of: p, count: perParticle, firstIndex: first, energyRangeMeV: s.energyRangeMeV,
                                  simulator: simulator, seed: seed, threads: threads)
        }
        let electrons = simulate(.electron, 0), photons = simulate(.photon, 1 << 32)
        log(String(format: "cwola: simulated %d e- and %d photons (%.0f-%.0f MeV, %@) in %.1f s", perParticle, perParticle,
                   s.energyRangeMeV.lowerBound, s.energyRangeMeV.upperBound, geometry.name, Date().timeIntervalSince(start)))
        let e = BinaryDataset(values: electrons, width: width, targets: [Float](repeating: 1, count: perParticle))
        let g = BinaryDataset(values: photons, width: width, targets: [Float](repeating: 0, count: perParticle))

        // Deal the training showers: e- 0 ..< n1 and photons 0 ..< m - n1 to mixture 1, the rest to mixture 2.
        let m = s.trainPerParticle
        let n1 = Int((Double(m) * s.fraction).rounded())
        var rng = BinaryExampleStreams.cwolaSplit.generator(key: seed, index: 0)
        let mixture1 = e.rows(Array(0..<n1)).appending(g.rows(Array(0..<m - n1)))
        let mixture2 = e.rows(Array(n1..<m)).appending(g.rows(Array(m - n1..<m)))
        let shuffled1 = mixture1.rows(Array(0..<mixture1.rows).shuffled(using: &rng))
        let shuffled2 = mixture2.rows(Array(0..<mixture2.rows).shuffled(using: &rng))
        let v1 = Int(Double(shuffled1.rows) * s.validationFraction), v2 = Int(Double(shuffled2.rows) * s.validationFraction)
        let fit1 = shuffled1.rows(Array(0..<shuffled1.rows - v1)), val1 = shuffled1.rows(Array(shuffled1.rows - v1..<shuffled1.rows))
        let fit2 = shuffled2.rows(Array(0..<shuffled2.rows - v2)), val2 = shuffled2.rows(Array(shuffled2.rows - v2..<shuffled2.rows))

        let scaling = BinaryStandardisation(fitting: fit1.appending(fit2))
        let truthTrain = scaling.apply(fit1.appending(fit2)), truthValidation = scaling.apply(val1.appending(val2))
        let mixtureLabels = { (a: BinaryDataset, b: BinaryDataset) in
            [Float](repeating: 1, count: a.rows) + [Float](repeating: 0, count: b.rows)
        }
        let cwolaTrain = truthTrain.relabelled(mixtureLabels(fit1, fit2))
        let cwolaValidation = truthValidation.relabelled(mixtureLabels(val1, val2))
        let test = scaling.apply(e.rows(Array(m..<perParticle)).appending(g.rows(Array(m..<perParticle))))
        let testLabels = test.targets.map { $0 > 0.5 }

        let network = { BinaryNetwork(inputs: width, hidden: s.hidden.map { ($0, s.activation) }, seed: seed, index: 2) }
        let supervised = network(), cwola = network(), proportions = network()
        _ = BinaryTrainer.fit(supervised, train: truthTrain, validation: truthValidation, options: s.training,
                              seed: seed, run: 2, name: "cwola: supervised", log: log)
        _ = BinaryTrainer.fit(cwola, train: cwolaTrain, validation: cwolaValidation, options: s.training,
                              seed: seed, run: 2, name: "cwola: mixture 1 vs mixture 2", log: log)
        _ = BinaryTrainer.fitProportions(
            proportions, bags: [(scaling.apply(fit1).values, Float(s.fraction)), (scaling.apply(fit2).values, Float(1 - s.fraction))],
            validationBags: [(scaling.apply(val1).values, Float(s.fraction)), (scaling.apply(val2).values, Float(1 - s.fraction))],
            options: s.proportionTraining, seed: seed, run: 3, name: "cwola: label proportions", log: log)

        let scores = [supervised, cwola, proportions].map { $0.evaluate(test.values) }
        let rocs = scores.map { ROCCurve(scores: $0, labels: testLabels) }
        // Bootstrap of the test showers: the error of the AUC difference on this test set.
        var replicas = RunningStatistics()
        for b in 0..<s.bootstrapReplicas {
            var r = BinaryExampleStreams.cwolaBootstrap.generator(key: seed, index: UInt64(b))
            let pick = (0..<test.rows).map { _ in Int(r.next() % UInt64(test.rows)) }
            let labels = pick.map { testLabels[$0] }
            replicas.add(ROCCurve(scores: pick.map { scores[0][$0] }, labels: labels).auc
                - ROCCurve(scores: pick.map { scores[1][$0] }, labels: labels).auc)
        }
        let column = CwolaShowers.firstGapColumn
        let share = { (d: BinaryDataset) in (0..<d.rows).map { d.values[$0 * width + column] } }
        return CwolaResult(supervised: rocs[0], cwola: rocs[1], proportions: rocs[2], differenceError: replicas.rms,
                           testPerParticle: s.testPerParticle,
                           firstGap: (share(e.rows(Array(m..<perParticle))), share(g.rows(Array(m..<perParticle))),
                                      share(mixture1), share(mixture2)))
    }
}
