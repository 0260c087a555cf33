import Foundation

/// A figure of the report: a PNG file in the output folder and where it goes in report.md.
public struct ReportFigure: Sendable, Codable, Equatable {
    /// Section of report.md ("Observables", "Response and resolution").
    public var section: String
    /// File name relative to the report.
    public var file: String
    public var caption: String

    public init(section: String, file: String, caption: String) {
        self.section = section
        self.file = file
        self.caption = caption
    }
}

/// Writes `report.md` and `metrics.json` text from a `ValidationReport`.
public enum ReportWriter {
    /// metrics.json: the whole report (NaN and infinities as strings "nan", "inf", "-inf").
    public static func json(_ report: ValidationReport) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(report)
    }

    /// Reads metrics.json back, rejecting other format versions.
    public static func read(json data: Data) throws -> ValidationReport {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(ValidationReport.self, from: data)
    }

    private static let f = ValidationReport.format

    /// report.md: summary, pass/fail table, metric tables, and the figures by section.
    public static func markdown(_ report: ValidationReport, figures: [ReportFigure]) -> String {
        var md = "# calosim validation report\n\n"
        md += "**\(report.passed ? "PASS" : "FAIL")** — \(report.checks.count - report.failures.count) of \(report.checks.count) checks passed.\n\n"
        md += "| | |\n|---|---|\n"
        md += "| reference | `\(report.provenance.reference)` (\(report.referenceCount) showers) |\n"
        md += "| generated | `\(report.provenance.generated)` (\(report.generatedCount) showers) |\n"
        if let m = report.provenance.modelID { md += "| model | `\(m)` |\n" }
        if let s = report.provenance.seed { md += "| seed | \(s) |\n" }
        md += "| geometry | \(report.geometry) (\(report.cellCount) cells) |\n"
        md += "| calosim | \(report.calosimVersion) |\n"
        md += "| cell threshold | \(report.cellThresholdMeV) MeV (sparsity, cell spectra; spectra from at most \(ValidationReport.cellSpectrumShowerLimit) showers per sample) |\n"
        md += "| computed in | \(String(format: "%.1f", report.computeSeconds)) s |\n\n"

        let sections = ["Observables", "Cell spectra", "Response and resolution", "Profiles", "Mean images",
                        "Power spectra", "Classifier", "Timing", "Training"]
        md += "## Checks\n\n"
        md += "Separation power S = 1/2 Σ (p−q)²/(p+q) on normalised histograms (CaloChallenge); "
        md += "its statistical floor is what two samples of one distribution give with these sample sizes and bins.\n\n"
        let weak = report.observables.filter { h in
            report.thresholds.separationLimit(h.grade).map { h.separationFloor > 0.5 * $0 } ?? false
        }
        if !weak.isEmpty {
            md += "> **Note:** with \(report.referenceCount) and \(report.generatedCount) showers the statistical floor of S "
            md += "is above half its limit for \(weak.count) observables (e.g. \(weak[0].title): floor \(f(weak[0].separationFloor))); "
            md += "their checks can fail from statistics alone. Use more showers.\n\n"
        }
        let insignificant = report.failures.filter { ($0.pull.map { abs($0) } ?? .infinity) < 2 }
        if !insignificant.isEmpty {
            md += "> **Note:** \(insignificant.count) of the failed checks differ from the reference by less than 2 standard "
            md += "deviations of their statistical error: these samples are too small to decide them.\n\n"
        }
        md += checkTable(report.checks.filter { $0.slice == nil })
        if let slices = report.slices {
            md += "\n### Checks by species and angle\n\n"
            md += "The same checks on each species and, for inclined showers, each bin of theta (equal numbers of reference showers).\n"
            for s in slices {
                let checks = report.checks.filter { $0.slice == s.name }
                let failed = checks.filter { !$0.passed }.count
                md += "\n#### \(s.name): \(s.referenceCount) reference, \(s.generatedCount) generated showers, \(checks.count - failed) of \(checks.count) passed\n\n"
                md += checkTable(checks)
            }
        }
        md += "\n" + observableTable(report.observables + report.cellSpectra)
        md += "\n" + responseTable(report)
        md += classifierTable(report)
        if let e = report.speciesSeparation {
            md += "\n### e- against gamma\n\nA classifier trained to tell electron from photon showers of the reference, scored on the "
            md += "reference's test showers and on generated e- against generated photons: a generator that learnt the species' "
            md += "difference gives the same AUC on both (the check). Beside it, a classifier with the same settings and seed "
            md += "trained on the generated sample alone, which also counts differences the reference does not have. "
            md += "Conditioned on \(conditionList(e.reference.first?.conditionColumns ?? [])).\n\n"
            md += "| features | reference's classifier on the reference | on the generated sample | difference | trained on the generated sample | train/test per class |\n"
            md += "|---|---:|---:|---:|---:|---|\n"
            for ((r, t), g) in zip(zip(e.reference, e.onGenerated), e.generated) {
                md += String(format: "| %@ | %.3f ± %.3f | %.3f ± %.3f | %+.3f | %.3f ± %.3f | %d/%d, %d/%d |\n", r.features, r.auc, r.aucError,
                             t.auc, t.aucError, t.auc - r.auc, g.auc, g.aucError, r.trainCount, r.testCount, g.trainCount, g.testCount)
            }
        }
        if let a = report.arrival { md += "\n" + arrivalTable(a) }
        if let c = report.coverage { md += "\n" + coverageTable(c) }
        if let t = report.timings {
            md += "\n### Timing (\(t.threads) threads)\n\n| what | batch | ms per shower | speed-up |\n|---|---:|---:|---:|\n"
            if let r = t.referenceMsPerShower { md += "| reference simulator | 1 | \(f(r)) | 1 |\n" }
            let speedUps = t.speedUps
            for (i, e) in t.generator.enumerated() {
                md += "| \(e.label) | \(e.batchSize) | \(f(e.msPerShower)) | \(speedUps.map { f($0[i]) } ?? "—") |\n"
            }
        }
        md += "\n### Profiles, images and power spectra\n\n| quantity | max relative deviation |\n|---|---:|\n"
        md += "| \(report.longitudinalProfile.title) | \(f(report.longitudinalProfile.maxRelativeDeviation)) |\n"
        for p in report.radialProfiles { md += "| \(p.title) (rings with ≥ 1% of the peak) | \(f(p.maxRelativeDeviation)) |\n" }
        for m in report.meanImages { md += "| Layer \(m.layer): mean image (cells with ≥ 1% of the peak) | \(f(m.maxRelativeDeviation)) |\n" }
        for p in report.powerSpectra { md += "| Layer \(p.layer): power spectrum, max abs log10 ratio | \(f(p.maxLog10Deviation)) |\n" }

        for section in sections {
            let list = figures.filter { $0.section == section }
            guard !list.isEmpty else { continue }
            md += "\n## \(section)\n\n"
            for fig in list { md += "![\(fig.caption)](\(fig.file))\n\n*\(fig.caption)*\n\n" }
        }
        md += "\n---\nMachine-readable numbers: `metrics.json`.\n"
        return md
    }

    /// "log10 E_inc, cos theta, impact x [mm]": what a classifier's rows are conditioned on.
    static func conditionList(_ columns: [String]) -> String {
        (["log10 E_inc"] + columns).joined(separator: ", ")
    }

    /// The classifier results of the whole samples ("all") and of each species slice.
    static func classifierTable(_ report: ValidationReport) -> String {
        let rows = [("all", report.classifiers)] + (report.slices ?? []).compactMap { s in s.classifiers.map { (s.name, $0) } }
        guard rows.contains(where: { !$0.1.isEmpty }) else { return "" }
        var md = "\n### Classifier two-sample test\n\n"
        md += "Each input row ends with the conditions listed: the test of all showers sees every condition the reference "
        md += "varies in, the test within a species its direction and impact point.\n\n"
        md += "| showers | features | conditioned on | inputs | AUC | ± | train/test per class | epochs (best) | test loss |\n"
        md += "|---|---|---|---:|---:|---:|---|---:|---:|\n"
        for (name, results) in rows {
            for c in results {
                md += "| \(name) | \(c.features) | \(conditionList(c.conditionColumns)) | \(c.featureCount) | \(String(format: "%.3f", c.auc)) | "
                md += "\(String(format: "%.3f", c.aucError)) | \(c.trainCount)/\(c.testCount) | \(c.epochs) (\(c.bestEpoch)) | "
                md += "\(String(format: "%.4f", c.testLoss)) |\n"
            }
        }
        return md
    }

    static func checkTable(_ checks: [ValidationCheck]) -> String {
        var md = "| check | value | limit | result | detail |\n|---|---:|---:|:---:|---|\n"
        for c in checks {
            md += "| \(c.name) | \(f(c.value)) | \(f(c.limit)) | \(c.passed ? "pass" : "**FAIL**") | \(c.detail) |\n"
        }
        return md
    }

    static func observableTable(_ list: [HistogramComparison]) -> String {
        var md = "### Observables\n\n"
        md += "| observable | grade | S | S floor | χ²/NDF | W1 | W1/σ_ref | mean ref | mean gen | σ ref | σ gen |\n"
        md += "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for h in list {
            let chi = h.chiSquare.ndf > 0 ? String(format: "%.2f", h.chiSquare.reduced) : "n/a"
            md += "| \(h.title) | \(h.grade.rawValue) | \(f(h.separationPower)) | \(f(h.separationFloor)) | \(chi) | "
            md += "\(f(h.wasserstein)) | \(f(h.wassersteinOverReferenceSD)) | \(f(h.referenceStatistics.mean)) | "
            md += "\(f(h.generatedStatistics.mean)) | \(f(h.referenceStatistics.standardDeviation)) | \(f(h.generatedStatistics.standardDeviation)) |\n"
        }
        return md
    }

    static func coverageTable(_ c: CoverageComparison) -> String {
        var md = "### Precision, recall, density and coverage\n\n"
        md += "k = \(c.k) nearest neighbours on log10(E_cell / MeV) of \(c.showers) showers per sample (cells below "
        md += "\(c.cellThresholdMeV) MeV at \(c.emptyCellMeV) MeV), as the CaloChallenge computed them (Naeem et al., arXiv:2002.09797). "
        md += "The real sample is one half of the reference; the other half gives the reference-against-itself values.\n\n"
        md += "| sample against reference half A | precision | recall | density | coverage |\n|---|---:|---:|---:|---:|\n"
        for (label, m) in [("reference half B", c.referenceVsReference), ("generated", c.generatedVsReference)] {
            md += String(format: "| %@ | %.4f | %.4f | %.4f | %.4f |\n", label, m.precision, m.recall, m.density, m.coverage)
        }
        md += String(format: "| generated / reference | %.3f | %.3f | %.3f | %.3f |\n",
                     c.generatedVsReference.precision / c.referenceVsReference.precision,
                     c.generatedVsReference.recall / c.referenceVsReference.recall,
                     c.generatedVsReference.density / c.referenceVsReference.density, c.coverageRatio)
        md += String(format: "\nTwo samples of one distribution give density 1 and coverage %.4f on average (Naeem et al., Lemma 2).\n",
                     c.expectedCoverage)
        return md
    }

    static func arrivalTable(_ a: ArrivalResponse) -> String {
        var md = "### Arrival response\n\n"
        md += "Least-squares fits, per layer and axis, of the energy-weighted centroid c (mm) over the showers with energy in the layer: "
        md += "c = p0 + p_impact a0 + t (p_depth + p_slope ln(E / E_ref)), with a0 the impact point (mm), t = tan(theta) cos(phi) "
        md += String(format: "in x and tan(theta) sin(phi) in y, and E_ref = %.3g GeV. ", Foundation.exp(a.referenceLogEnergy) / 1000)
        md += "The impact slope is 1 where the cells resolve the shower's position; the depth (mm) is where the layer's centroid "
        md += "sits on the shower's axis. Slopes whose ratio is known to 2 % or better are checks.\n\n"
        md += "| layer | axis | slope | reference | generated | ratio | pull | check |\n|---|---|---|---:|---:|---:|---:|---|\n"
        for s in a.slopes {
            md += String(format: "| %d | %@ | %@ | %.4g ± %.2g | %.4g ± %.2g | %.4f ± %.4f | %+.1f | %@ |\n", s.layer, s.axis,
                         s.term == "impact" ? "impact (mm/mm)" : "depth (mm)", s.reference, s.referenceError, s.generated,
                         s.generatedError, s.ratio, s.ratioError, s.pull, s.isChecked ? "yes" : "reported")
        }
        return md
    }

    static func responseTable(_ report: ValidationReport) -> String {
        let r = report.response
        var md = "### Response and resolution\n\n"
        md += "| E_inc [GeV] | showers ref/gen | response ref | response gen | Δ | resolution ref | resolution gen | Δ | core ref | core gen | Δ |\n"
        md += "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for b in r.bins {
            md += String(format: "| %.3g–%.3g | %d/%d | %.4f ± %.4f | %.4f ± %.4f | %+.2f%% | %.4f ± %.4f | %.4f ± %.4f | %+.1f%% | %.5f | %.5f | %+.1f%% |\n",
                         b.lowMeV / 1000, b.highMeV / 1000, b.referenceCount, b.generatedCount,
                         b.referenceResponse, b.referenceResponseError, b.generatedResponse, b.generatedResponseError,
                         100 * b.responseDeviation, b.referenceResolution, b.referenceResolutionError,
                         b.generatedResolution, b.generatedResolutionError, 100 * b.resolutionDeviation,
                         b.referenceCoreResolution, b.generatedCoreResolution,
                         100 * (b.generatedCoreResolution / b.referenceCoreResolution - 1))
        }
        md += "\nResolution is rms / mean of E_tot/E_inc; core is the interquartile range / 1.349 / median, which ignores the rare showers that leak many times the mean energy and can rule the rms. Both are checks.\n"
        md += String(format: "\nLinearity <E_tot> = a E_inc + b: reference a = %.4f, b = %.1f MeV (max residual %.2f%%); generated a = %.4f, b = %.1f MeV (max residual %.2f%%).\n",
                     r.referenceLinearity.slope, r.referenceLinearity.interceptMeV, 100 * r.referenceLinearity.maxRelativeResidual,
                     r.generatedLinearity.slope, r.generatedLinearity.interceptMeV, 100 * r.generatedLinearity.maxRelativeResidual)
        return md
    }
}
