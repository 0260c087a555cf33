import CaloData
import CaloSupport
import Foundation

/// Every number of a validation run: what `metrics.json` holds and `report.md` shows.
public struct ValidationReport: Sendable, Codable {
    /// Version of this layout; readers reject other versions.
    public static let currentFormatVersion = 1
    /// Cell spectra use the cells of at most this many showers per sample (millions of cells
    /// already; more would only cost memory and sorting time).
    public static let cellSpectrumShowerLimit = 20_000

    public var formatVersion = ValidationReport.currentFormatVersion
    public var calosimVersion = CalosimVersion.string
    public var geometry: String
    public var cellCount: Int
    public var provenance: Provenance
    public var referenceCount: Int
    public var generatedCount: Int
    /// Threshold of the sparsity and cell spectra, MeV.
    public var cellThresholdMeV: Float
    public var thresholds: Thresholds
    /// The scalar observables, overall first then per family and layer.
    public var observables: [HistogramComparison]
    /// Cell-energy spectra per layer.
    public var cellSpectra: [HistogramComparison]
    public var response: ResponseComparison
    /// 1/E_inc dE/dz per layer versus depth.
    public var longitudinalProfile: ProfileComparison
    /// Energy density versus distance from the axis, per layer.
    public var radialProfiles: [ProfileComparison]
    public var meanImages: [MeanImageComparison]
    public var powerSpectra: [PowerSpectrumComparison]
    public var classifiers: [ClassifierResult]
    /// Precision, recall, density and coverage, generated and reference against reference (nil
    /// when skipped or the samples are too small).
    public var coverage: CoverageComparison?
    /// Species and theta slices of mixed samples (`ValidationSlice`); nil for one species at one angle.
    public var slices: [ValidationSlice]?
    /// The e-/photon classifier on both samples, when both hold electrons and photons.
    public var speciesSeparation: SpeciesSeparation?
    /// How the layers' centroids follow the impact point and direction, when they vary.
    public var arrival: ArrivalResponse?
    public var timings: TimingTable?
    public var trainingLog: TrainingCurves?
    public var checks: [ValidationCheck]
    /// True when every check passed.
    public var passed: Bool
    /// Wall time of the computation, s.
    public var computeSeconds: Double

    /// The failed checks.
    public var failures: [ValidationCheck] { checks.filter { !$0.passed } }

    /// The one-line summary printed on stdout.
    public var summaryLine: String {
        var parts = ["\(passed ? "PASS" : "FAIL"): \(checks.count - failures.count)/\(checks.count) checks passed"]
        if let worst = failures.max(by: { $0.value / $0.limit < $1.value / $1.limit }) {
            parts.append("worst: \(worst.name) = \(Self.format(worst.value)) > \(Self.format(worst.limit))")
        }
        let insignificant = failures.filter { ($0.pull.map { abs($0) } ?? .infinity) < 2 }.count
        if insignificant > 0 { parts.append("\(insignificant) failures within 2 sigma of the reference") }
        for c in classifiers { parts.append("AUC \(c.features) \(String(format: "%.3f", c.auc))") }
        if let e = speciesSeparation, let r = e.reference.first, let g = e.onGenerated.first {
            parts.append(String(format: "e-/gamma AUC %.3f (reference %.3f)", g.auc, r.auc))
        }
        if let c = coverage {
            parts.append(String(format: "coverage %.3f (reference %.3f)", c.generatedVsReference.coverage, c.referenceVsReference.coverage))
        }
        if let s = observables.first(where: { $0.key == Observable.totalEnergyOverIncident.key }) {
            parts.append("S(E_tot/E_inc) \(Self.format(s.separationPower))")
        }
        parts.append("\(referenceCount) reference vs \(generatedCount) generated showers")
        return parts.joined(separator: "; ")
    }

    /// A compact number: 0.0123, 1.23e-05, 12.3.
    public static func format(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf") }
        let a = abs(x)
        if a == 0 { return "0" }
        if a < 1e-3 || a >= 1e5 { return String(format: "%.2e", x) }
        if a < 1 { return String(format: "%.4f", x) }
        if a < 100 { return String(format: "%.3f", x) }
        return String(format: "%.1f", x)
    }
}
