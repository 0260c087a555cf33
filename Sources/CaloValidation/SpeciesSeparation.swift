import CaloData
import CaloDetector
import Foundation

/// How well electrons and photons can be told apart, in the reference and in the generated
/// sample. A classifier (`ClassifierTest`) is trained to separate e- from photon showers of the
/// reference; its AUC on the reference's test showers is the species' difference, and its AUC on
/// generated e- against generated photons (`onGenerated`) is how much of that difference the
/// generator reproduces. A generator that learnt it gives the same AUC; one that blurs the species
/// gives less (0.5 when it ignores them), one that exaggerates it more. The check asks
/// |AUC_onGenerated - AUC_reference| <= `Thresholds.speciesAUCDifference`, per feature set.
///
/// A second classifier, with the same settings and seed, is trained on the generated sample
/// alone (`generated`). Its AUC also counts differences between generated e- and photons that
/// the reference does not have (a species-dependent artefact of the generator): reported beside
/// the check, not part of it.
///
/// Class 0 is e-, class 1 the photon, each capped at `ClassifierOptions.maxShowersPerClass`.
/// Both classifiers see the same direction and impact columns (`ClassifierConditions.arrival`
/// of the reference's, never the species one-hot, which would give the answer): a species
/// difference that depends on the angle is learnt at each angle.
public struct SpeciesSeparation: Sendable, Codable {
    /// e- against photon showers of the reference, one result per feature set.
    public var reference: [ClassifierResult]
    /// The reference's classifiers on generated e- against generated photons: as many per class
    /// as the reference's classifier drew for training and test together, or all the generated
    /// ones when fewer (`testCount`); none of them seen in training.
    public var onGenerated: [ClassifierResult]
    /// A classifier trained and tested on the generated sample alone.
    public var generated: [ClassifierResult]

    /// Trains both classifiers and scores the generated sample with the reference's; nil unless
    /// both samples hold electrons and photons (enough for the classifier: otherwise it reports
    /// no result and this is nil too).
    static func run(reference: any ValidationSample, generated: any ValidationSample, referenceObservables: [[Float]],
                    generatedObservables: [[Float]], options: ClassifierOptions, threads: Int,
                    columns: ClassifierConditions, log: (String) -> Void) throws -> SpeciesSeparation? {
        let arrival = columns.arrival
        func split(_ sample: any ValidationSample, _ observables: [[Float]]) -> (e: ClassifierTest.Class, gamma: ClassifierTest.Class)? {
            let particles = sample.particles
            let e = particles.indices.filter { particles[$0] == .electron }
            let g = particles.indices.filter { particles[$0] == .photon }
            guard !e.isEmpty, !g.isEmpty else { return nil }
            return (ClassifierTest.Class(sample: sample, rows: e, observables: observables),
                    ClassifierTest.Class(sample: sample, rows: g, observables: observables))
        }
        guard let r = split(reference, referenceObservables), let g = split(generated, generatedObservables) else { return nil }
        log("species separation: e- against gamma, reference (\(r.e.rows.count) + \(r.gamma.rows.count) showers)")
        let onReference = try ClassifierTest.run(reference: r.e, generated: r.gamma, scoring: (g.e, g.gamma), options: options,
                                                 threads: threads, columns: arrival, log: log)
        log("species separation: e- against gamma, generated (\(g.e.rows.count) + \(g.gamma.rows.count) showers)")
        let onGenerated = try ClassifierTest.run(reference: g.e, generated: g.gamma, options: options, threads: threads,
                                                 columns: arrival, log: log)
        guard !onReference.isEmpty, onReference.count == onGenerated.count else { return nil }
        let transferred = onReference.compactMap(\.other)
        guard transferred.count == onReference.count else { return nil }
        for (r, t) in zip(onReference, transferred) {
            log(String(format: "species separation, %@: the reference's classifier gives AUC %.3f on the reference, %.3f on the generated sample",
                       r.result.features, r.result.auc, t.auc))
        }
        return SpeciesSeparation(reference: onReference.map(\.result), onGenerated: transferred, generated: onGenerated)
    }
}
