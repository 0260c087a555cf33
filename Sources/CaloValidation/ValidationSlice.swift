import CaloData
import CaloDetector
import Foundation

/// The showers of one species and, where the reference varies in theta, one bin of it: the
/// report checks response, resolution and E_tot/E_inc on each slice besides the whole samples,
/// so that a model good on average but wrong for photons, or at large angles, fails.
///
/// Slices exist only for mixed samples: one per species when the reference holds several
/// (species as recorded; showers without one are in no species slice), and one per species (or
/// for all showers, with one species) and theta bin when the reference's theta spans more than
/// 1e-3 rad. Theta bins hold equal numbers of reference showers (`angleBins` of them); a
/// generated shower goes to the bin that holds its theta. A slice with fewer than
/// `minimumShowers` showers in either sample is left out.
///
/// Each species slice also gets its own classifier two-sample test (`ClassifierTest`, the
/// validation's settings and caps): the reference's showers of that species against the
/// generated ones, conditioned on the direction and impact columns the reference varies in
/// (`ClassifierConditions.arrival`). It reads only that species' chosen showers, after the test
/// of the whole samples has freed its own, so the peak memory stays that of one test.
public struct ValidationSlice: Sendable, Codable {
    /// "gamma", "e-, theta 0-12.3 deg", "theta 12.3-30 deg".
    public var name: String
    /// PDG code of the slice's species; nil: every species.
    public var particleCode: Int32?
    /// Theta bin, degrees; nil: every theta.
    public var thetaLowDegrees: Double?
    public var thetaHighDegrees: Double?
    public var referenceCount: Int
    public var generatedCount: Int
    /// Response and resolution per energy bin within the slice.
    public var response: ResponseComparison
    /// E_tot/E_inc within the slice.
    public var totalEnergy: HistogramComparison
    /// The classifier test within a species slice, one result per feature set; nil for theta
    /// slices, without the classifier, or when the slice is too small for it.
    public var classifiers: [ClassifierResult]?

    /// The fewest showers per sample of a slice that is checked.
    public static let minimumShowers = 50
    /// Theta bins of an inclined sample.
    public static let angleBins = 3

    /// Which showers of each sample belong to a slice.
    struct Selection {
        var name: String
        var particle: Particle?
        var theta: ClosedRange<Double>?
        func contains(_ c: ShowerConditions) -> Bool {
            (particle == nil || c.particle == particle) && (theta.map { $0.contains(Double(c.thetaRadians)) } ?? true)
        }
    }

    /// The slices of two samples, from their E_tot/E_inc values (`totals`, one per shower).
    /// Histogram bins as `options.binCount` gives them for the slice's sample sizes, energy bins
    /// as for the whole samples. With `classifier`, each species slice runs the classifier test on
    /// `observables[k][shower]` (whole samples) and the condition `columns`.
    static func make(reference: any ValidationSample, generated: any ValidationSample, referenceTotals: [Float], generatedTotals: [Float],
                     options: ValidationOptions, classifier: ClassifierOptions? = nil,
                     referenceObservables: [[Float]] = [], generatedObservables: [[Float]] = [],
                     columns: ClassifierConditions = ClassifierConditions(), log: (String) -> Void = { _ in }) throws -> [ValidationSlice] {
        let species = Set(reference.particles.compactMap { $0 }).sorted { $0.pdgCode < $1.pdgCode }
        let referenceConditions = reference.conditions, generatedConditions = generated.conditions
        let thetas = referenceConditions.map { Double($0.thetaRadians) }.sorted()
        let inclined = (thetas.last ?? 0) - (thetas.first ?? 0) > 1e-3
        var selections = [Selection]()
        if species.count > 1 { selections += species.map { Selection(name: $0.name, particle: $0, theta: nil) } }
        if inclined {
            // Equal-count edges; the outer ones open to take every generated theta.
            var edges = [-Double.infinity]
            for k in 1..<angleBins { edges.append(thetas[k * thetas.count / angleBins]) }
            edges.append(.infinity)
            let shown = [thetas.first!] + edges.dropFirst().dropLast() + [thetas.last!]
            for p in species.count > 1 ? species.map(Optional.some) : [nil] {
                for k in 0..<angleBins where edges[k] < edges[k + 1] {
                    let bin = String(format: "theta %.3g-%.3g deg", shown[k] * 180 / .pi, shown[k + 1] * 180 / .pi)
                    // Half-open bins [lo, hi) but for the last.
                    let upper = k + 1 == angleBins ? edges[k + 1] : edges[k + 1].nextDown
                    selections.append(Selection(name: p.map { "\($0.name), \(bin)" } ?? bin, particle: p, theta: edges[k]...upper))
                }
            }
        }
        return try selections.compactMap { s in
            let r = referenceConditions.indices.filter { s.contains(referenceConditions[$0]) }
            let g = generatedConditions.indices.filter { s.contains(generatedConditions[$0]) }
            guard r.count >= minimumShowers, g.count >= minimumShowers else { return nil }
            let response = ResponseComparison(
                reference: ResponseSample(incidentMeV: r.map { reference.incidentEnergiesMeV[$0] }, responses: r.map { referenceTotals[$0] }),
                generated: ResponseSample(incidentMeV: g.map { generated.incidentEnergiesMeV[$0] }, responses: g.map { generatedTotals[$0] }),
                bins: options.energyBins)
            let total = HistogramComparison(observable: .totalEnergyOverIncident, reference: r.map { referenceTotals[$0] },
                                            generated: g.map { generatedTotals[$0] }, bins: options.binCount(n: r.count, m: g.count),
                                            cellsInLayer: nil)
            var classifiers: [ClassifierResult]?
            if let classifier, s.particle != nil, s.theta == nil {
                log("classifier [\(s.name)]: \(r.count) reference against \(g.count) generated showers")
                let results = try ClassifierTest.run(
                    reference: ClassifierTest.Class(sample: reference, rows: r, observables: referenceObservables),
                    generated: ClassifierTest.Class(sample: generated, rows: g, observables: generatedObservables),
                    options: classifier, threads: options.threads, columns: columns.arrival, log: log)
                classifiers = results.isEmpty ? nil : results
            }
            return ValidationSlice(name: s.name, particleCode: s.particle?.pdgCode,
                                   thetaLowDegrees: s.theta.map { max($0.lowerBound, thetas.first!) * 180 / .pi },
                                   thetaHighDegrees: s.theta.map { min($0.upperBound, thetas.last!) * 180 / .pi },
                                   referenceCount: r.count, generatedCount: g.count, response: response, totalEnergy: total,
                                   classifiers: classifiers)
        }
    }
}
