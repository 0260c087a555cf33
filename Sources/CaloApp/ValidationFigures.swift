import CaloData
import CaloPlot
import CaloValidation
import Foundation

/// Draws every figure of a validation report with CaloPlot: a list of (file, section, caption,
/// canvas factory) so the caller decides where and how (in parallel) to render them.
public enum ValidationFigures {
    public struct Figure: Sendable {
        public var file: String
        public var section: String
        public var caption: String
        public var render: @Sendable () -> Canvas

        public var reportFigure: ReportFigure { ReportFigure(section: section, file: file, caption: caption) }
    }

    /// Per-layer figures show at most this many layers (evenly spaced, first and last included);
    /// the tables of report.md still list every layer.
    public static let maximumPlottedLayers = 12

    /// The layers drawn for a geometry of `count` layers.
    public static func plottedLayers(count: Int) -> Set<Int> {
        guard count > maximumPlottedLayers else { return Set(0..<count) }
        let step = Double(count - 1) / Double(maximumPlottedLayers - 1)
        return Set((0..<maximumPlottedLayers).map { Int((Double($0) * step).rounded()) })
    }

    /// All figures of `report`.
    public static func all(_ report: ValidationReport) -> [Figure] {
        var list = [Figure]()
        let shown = plottedLayers(count: report.meanImages.count)
        let isShown = { (layer: Int?) in layer.map { shown.contains($0) } ?? true }
        let refLabel = report.provenance.referenceLabel, genLabel = report.provenance.generatedLabel
        func histogramPanel(_ h: HistogramComparison, yLabel: String) -> HistogramPanelData {
            let chi = h.chiSquare.ndf > 0 ? String(format: "χ²/NDF = %.2f", h.chiSquare.reduced) : "χ²/NDF n/a"
            var notes = ["S = \(ValidationReport.format(h.separationPower)) (floor \(ValidationReport.format(h.separationFloor)))", chi]
            let undefined = h.reference.undefined + h.generated.undefined
            if undefined > 0 { notes.append("undefined: \(h.reference.undefined) ref., \(h.generated.undefined) gen.") }
            return HistogramPanelData(
                title: h.layer.map { "Layer \($0)" } ?? "", xLabel: h.axisLabel, yLabel: yLabel,
                logX: h.reference.binning.isLogarithmic,
                reference: HistogramData(edges: h.reference.binning.edges, values: h.reference.probabilities,
                                         errors: h.reference.probabilityErrors),
                generated: HistogramData(edges: h.generated.binning.edges, values: h.generated.probabilities,
                                         errors: h.generated.probabilityErrors),
                referenceLabel: refLabel, generatedLabel: genLabel, annotations: notes)
        }
        for family in Observable.Family.allCases {
            let members = report.observables.filter { $0.figure == family.fileStem && isShown($0.layer) }
            guard !members.isEmpty else { continue }
            let panels = members.map { histogramPanel($0, yLabel: "fraction of showers per bin") }
            let title = family.title.prefix(1).uppercased() + family.title.dropFirst()
            list.append(Figure(file: "obs_\(family.fileStem).png", section: "Observables",
                               caption: "\(title): \(refLabel) (filled) vs \(genLabel) (line), ratio below") {
                HistogramPlot.render(title: title, panels: panels)
            })
        }
        if !report.cellSpectra.isEmpty {
            let panels = report.cellSpectra.filter { isShown($0.layer) }.map { histogramPanel($0, yLabel: "fraction of cells per bin") }
            list.append(Figure(file: "cell_spectrum.png", section: "Cell spectra",
                               caption: "Cell-energy spectra per layer (cells above \(report.cellThresholdMeV) MeV)") {
                HistogramPlot.render(title: "Cell-energy spectrum", panels: panels)
            })
        }
        list.append(responseFigure(report))
        list += profileFigures(report, layers: shown)
        list += imageFigures(report, layers: shown)
        list.append(powerSpectrumFigure(report, layers: shown))
        if !report.classifiers.isEmpty { list.append(rocFigure(report)) }
        if let t = report.timings { list.append(timingFigure(t)) }
        if let log = report.trainingLog, log.columns.count >= 2, !log.values[0].isEmpty { list.append(trainingFigure(log)) }
        return list
    }

    static func responseFigure(_ report: ValidationReport) -> Figure {
        let bins = report.response.bins
        let refLabel = report.provenance.referenceLabel, genLabel = report.provenance.generatedLabel
        let e = bins.map { $0.meanIncidentMeV / 1000 }
        let logX = (e.max() ?? 1) / max(e.min() ?? 1, 1e-9) > 8
        let response = LinePanelData(
            title: "Response", xLabel: "incident energy E_inc [GeV]", yLabel: "<E_tot / E_inc>", logX: logX,
            series: [.reference(refLabel, x: e, y: bins.map(\.referenceResponse), yError: bins.map(\.referenceResponseError)),
                     .generated(genLabel, x: e, y: bins.map(\.generatedResponse), yError: bins.map(\.generatedResponseError))],
            ratioRange: 0.97...1.03)
        let resolution = LinePanelData(
            title: "Resolution", xLabel: "incident energy E_inc [GeV]", yLabel: "σ(E_tot) / <E_tot>", logX: logX,
            series: [.reference(refLabel, x: e, y: bins.map(\.referenceResolution), yError: bins.map(\.referenceResolutionError)),
                     .generated(genLabel, x: e, y: bins.map(\.generatedResolution), yError: bins.map(\.generatedResolutionError))],
            ratioRange: 0.8...1.2)
        let r = report.response
        let linearity = LinePanelData(
            title: "Linearity", xLabel: "incident energy E_inc [GeV]", yLabel: "<E_tot> [GeV]", logX: logX, logY: logX,
            series: [.reference(refLabel, x: e, y: bins.map { $0.referenceResponse * $0.meanIncidentMeV / 1000 },
                                yError: bins.map { $0.referenceResponseError * $0.meanIncidentMeV / 1000 }),
                     .generated(genLabel, x: e, y: bins.map { $0.generatedResponse * $0.meanIncidentMeV / 1000 },
                                yError: bins.map { $0.generatedResponseError * $0.meanIncidentMeV / 1000 })],
            ratioRange: 0.97...1.03,
            annotations: [String(format: "ref. slope %.4f, max residual %.2f%%", r.referenceLinearity.slope,
                                 100 * r.referenceLinearity.maxRelativeResidual),
                          String(format: "gen. slope %.4f, max residual %.2f%%", r.generatedLinearity.slope,
                                 100 * r.generatedLinearity.maxRelativeResidual)])
        return Figure(file: "response.png", section: "Response and resolution",
                      caption: "Mean and relative spread of E_tot/E_inc per bin of incident energy, and linearity") {
            LinePlot.render(title: "Energy response, resolution and linearity", panels: [response, resolution, linearity])
        }
    }

    static func profilePanel(_ p: ProfileComparison, _ report: ValidationReport, title: String) -> LinePanelData {
        let x = (0..<p.reference.count).map { 0.5 * (p.edges[$0] + p.edges[$0 + 1]) }
        let keep = (0..<x.count).filter { p.reference[$0] > 0 || p.generated[$0] > 0 }
        return LinePanelData(
            title: title, xLabel: p.xLabel, yLabel: p.yLabel, logY: true,
            series: [.reference(report.provenance.referenceLabel, x: keep.map { x[$0] }, y: keep.map { p.reference[$0] },
                                yError: keep.map { p.referenceError[$0] }),
                     .generated(report.provenance.generatedLabel, x: keep.map { x[$0] }, y: keep.map { p.generated[$0] },
                                yError: keep.map { p.generatedError[$0] })],
            ratioRange: 0.5...1.5)
    }

    static func profileFigures(_ report: ValidationReport, layers: Set<Int>) -> [Figure] {
        let longitudinal = profilePanel(report.longitudinalProfile, report, title: "")
        let radial = report.radialProfiles.enumerated().filter { layers.contains($0.offset) }
            .map { profilePanel($1, report, title: "Layer \($0)") }
        return [
            Figure(file: "profile_longitudinal.png", section: "Profiles",
                   caption: "Longitudinal profile: mean energy per unit depth over E_inc, per readout layer") {
                LinePlot.render(title: "Longitudinal profile", panels: [longitudinal])
            },
            Figure(file: "profile_radial.png", section: "Profiles",
                   caption: "Radial profiles: mean energy density versus distance from the beam axis") {
                LinePlot.render(title: "Radial profile", panels: radial)
            },
        ]
    }

    static func imageFigures(_ report: ValidationReport, layers: Set<Int>) -> [Figure] {
        report.meanImages.filter { layers.contains($0.layer) }.map { m in
            let w = Double(m.cols) * m.cellWidthMM, h = Double(m.rows) * m.cellHeightMM
            var ref = HeatmapData(rows: m.rows, cols: m.cols, values: m.reference, widthMM: w, heightMM: h)
            var gen = HeatmapData(rows: m.rows, cols: m.cols, values: m.generated, widthMM: w, heightMM: h)
            if let edges = m.rEdgesMM, let lo = edges.first, let hi = edges.last, hi > lo {
                // A polar layer: r bins along x, alpha bins along y (drawn as equal columns).
                ref.axes = (lo...hi, "r [mm]", -180...180, "alpha [deg]")
                gen.axes = ref.axes
            }
            let reference = ref, generated = gen
            let refLabel = report.provenance.referenceLabel, genLabel = report.provenance.generatedLabel
            return Figure(file: "mean_image_layer\(m.layer).png", section: "Mean images",
                          caption: "Layer \(m.layer): mean energy per cell, \(refLabel), \(genLabel) and their ratio") {
                Heatmap.renderComparison(title: "Layer \(m.layer): mean shower image (\(m.rows) x \(m.cols) \(m.rEdgesMM == nil ? "cells" : "alpha x r bins"))",
                                         reference: reference, generated: generated, unit: "MeV", referenceLabel: refLabel,
                                         generatedLabel: genLabel)
            }
        }
    }

    static func powerSpectrumFigure(_ report: ValidationReport, layers: Set<Int>) -> Figure {
        let panels = report.powerSpectra.filter { layers.contains($0.layer) }.map { p -> LinePanelData in
            let keep = (0..<p.reference.power.count).filter { p.reference.frequencyPerMM[$0] > 0 }
            return LinePanelData(
                title: "Layer \(p.layer)", xLabel: "spatial frequency [1/mm]", yLabel: "power |F(k)|² (unit-sum image)",
                logX: true, logY: true,
                series: [.reference(report.provenance.referenceLabel, x: keep.map { p.reference.frequencyPerMM[$0] },
                                    y: keep.map { p.reference.power[$0] }, yError: keep.map { p.reference.powerError[$0] }),
                         .generated(report.provenance.generatedLabel, x: keep.map { p.generated.frequencyPerMM[$0] },
                                    y: keep.map { p.generated.power[$0] }, yError: keep.map { p.generated.powerError[$0] })],
                ratioRange: 0.5...1.5)
        }
        return Figure(file: "power_spectrum.png", section: "Power spectra",
                      caption: "Radially averaged spatial power spectrum of each layer's image (FFTW)") {
            LinePlot.render(title: "Spatial power spectrum", panels: panels)
        }
    }

    /// One panel per feature set: the ROC of the whole samples' test and, for mixed samples, of
    /// each species slice's test (same feature set), each with its AUC.
    static func rocFigure(_ report: ValidationReport) -> Figure {
        let species = (report.slices ?? []).compactMap { s in s.classifiers.map { (name: s.name, results: $0) } }
        let panels = report.classifiers.map { c in
            var series = [Series(label: species.isEmpty ? "ROC" : "all showers", x: c.roc.falsePositiveRate,
                                 y: c.roc.truePositiveRate, color: Color.generated, style: .line)]
            var annotations = [String(format: "AUC = %.3f ± %.3f", c.auc, c.aucError), "\(c.testCount) + \(c.testCount) test showers"]
            for (k, s) in species.enumerated() {
                guard let r = s.results.first(where: { $0.features == c.features }) else { continue }
                series.append(Series(label: s.name, x: r.roc.falsePositiveRate, y: r.roc.truePositiveRate,
                                     color: Color.cycle[(k + 2) % Color.cycle.count], style: .line, dashed: true))
                annotations.append(String(format: "%@: AUC = %.3f ± %.3f", s.name, r.auc, r.aucError))
            }
            return LinePanelData(title: "\(c.features) features (\(c.featureCount) inputs)",
                                 xLabel: "false-positive rate (reference called generated)",
                                 yLabel: "true-positive rate", series: series, annotations: annotations,
                                 xRange: 0...1, yRange: 0...1.25, guides: [(0, 0, 1, 1)])
        }
        let caption = "ROC curves of the classifier two-sample test on held-out showers (diagonal: indistinguishable)"
            + (species.isEmpty ? "" : "; dashed: the test within each species")
        return Figure(file: "roc.png", section: "Classifier", caption: caption) {
            LinePlot.render(title: "Classifier two-sample test", panels: panels)
        }
    }

    static func timingFigure(_ t: TimingTable) -> Figure {
        var bars = [BarChart.Bar]()
        if let r = t.referenceMsPerShower {
            bars.append(.init(label: "reference\nsimulator", value: r, color: Color.referenceFill, valueLabel: msLabel(r)))
        }
        let speedUps = t.speedUps
        for (i, e) in t.generator.enumerated() {
            let s = speedUps.map { String(format: " (x%.0f)", $0[i]) } ?? ""
            bars.append(.init(label: "\(e.label)\nbatch \(e.batchSize)", value: e.msPerShower,
                              color: Color.generated.with(alpha: 0.75), valueLabel: msLabel(e.msPerShower) + s))
        }
        let all = bars
        return Figure(file: "timing.png", section: "Timing",
                      caption: "Wall time per shower, reference simulator vs generator by batch size (\(t.threads) threads)") {
            BarChart.render(title: "Time per shower (\(t.threads) threads)", bars: all, yLabel: "time per shower [ms]")
        }
    }

    static func msLabel(_ ms: Double) -> String {
        ms >= 100 ? String(format: "%.0f ms", ms) : ms >= 1 ? String(format: "%.2f ms", ms) : String(format: "%.3g ms", ms)
    }

    static func trainingFigure(_ log: TrainingCurves) -> Figure {
        let x = log.values[0]
        // Every value column but the wall time, one panel each.
        let columns = (1..<log.columns.count).filter { !["seconds", "time", "wall_time"].contains(log.columns[$0]) }
        let panels = columns.enumerated().map { k, c -> LinePanelData in
            let keep = x.indices.filter { x[$0].isFinite && log.values[c][$0].isFinite }
            let y = keep.map { log.values[c][$0] }
            let positive = y.allSatisfy { $0 > 0 }
            let logY = positive && (y.max() ?? 1) / max(y.min() ?? 1, 1e-300) > 100
            return LinePanelData(title: log.columns[c], xLabel: log.columns[0], yLabel: log.columns[c], logY: logY,
                                 series: [Series(label: log.columns[c], x: keep.map { x[$0] }, y: y,
                                                 color: Color.cycle[k % Color.cycle.count],
                                                 style: keep.count < 50 ? .lineAndMarkers : .line)])
        }
        return Figure(file: "training.png", section: "Training", caption: "Training curves from the model's training log") {
            LinePlot.render(title: "Training", panels: panels)
        }
    }
}
