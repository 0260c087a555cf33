import CaloData
import CaloDetector
import Foundation

/// How well electrons and photons can be told apart, in the reference and in the generated
/// sample: a classifier (`ClassifierTest`, the same settings and seed for both) trained to
/// separate e- from photon showers of the reference, and another on the generated sample. A
/// generator that learnt the species' difference (a photon first converts, its shower starts
/// later and fluctuates more in depth) gives the same AUC; one that ignores the species gives
/// 0.5. The check asks |AUC_gen - AUC_ref| <= `Thresholds.speciesAUCDifference`, per feature set.
///
/// Class 0 is e-, class 1 the photon, each capped at `ClassifierOptions.maxShowersPerClass`.
/// Both classifiers see the same direction and impact columns (`ClassifierConditions.arrival`
/// of the reference's, never the species one-hot, which would give the answer): a species
/// difference that depends on the angle is learnt at each angle.
public struct SpeciesSeparation: Sendable, Codable {
    /// e- against photon showers of the reference, one result per feature set.
    public var reference: [ClassifierResult]
    /// The same on the generated sample.
    public var generated: [ClassifierResult]

    /// Runs both classifiers; nil unless both samples hold electrons and photons (enough for the
    /// classifier: otherwise it reports no result and this is nil too).
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
        let onReference = try ClassifierTest.run(reference: r.e, generated: r.gamma, options: options, threads: threads,
                                                 columns: arrival, log: log)
        log("species separation: e- against gamma, generated (\(g.e.rows.count) + \(g.gamma.rows.count) showers)")
        let onGenerated = try ClassifierTest.run(reference: g.e, generated: g.gamma, options: options, threads: threads,
                                                 columns: arrival, log: log)
        guard !onReference.isEmpty, onReference.count == onGenerated.count else { return nil }
        return SpeciesSeparation(reference: onReference, generated: onGenerated)
    }
}
