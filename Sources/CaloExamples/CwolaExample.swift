import CaloPlot
import CaloValidation
import Foundation

extension LectureExamples {
    /// Classification without labels (arXiv:1708.02949) and learning from label proportions
    /// (arXiv:1702.00414) with e- and photon showers of calosim's simulator (`CwolaStudy`).
    ///
    /// Figures: `supervisedAUC`, `cwolaAUC`, `aucDifference` (supervised - CWoLa, on the same
    /// test showers) with its bootstrap error `aucDifferenceError`, `llpAUC` (label proportions)
    /// and `llpAUCDifference` (supervised - label proportions), the Hanley-McNeil error of one
    /// AUC on this test set (`supervisedAUCError`), the e- fraction of mixture 1
    /// (`mixtureFraction`) and the shower counts. Files: `cwola_roc.png`, `cwola_first_gap.png`.
    /// The showers are simulated on `options.threads` threads.
    public static let cwola = LectureExample(
        name: "cwola",
        summary: "classification without labels, arXiv:1708.02949: e- vs photon showers learnt from two mixtures (and from label proportions)"
    ) { options, log in
        let settings = options.quick ? CwolaSettings.quick : CwolaSettings()
        let r = try CwolaStudy.run(settings, seed: options.seed, threads: options.threads, log: log)
        let n = r.testPerParticle
        log(String(format: "cwola: AUC supervised %.4f, CWoLa %.4f, label proportions %.4f; difference %.4f +- %.4f",
                   r.supervised.auc, r.cwola.auc, r.proportions.auc, r.supervised.auc - r.cwola.auc, r.differenceError))
        let report = ExampleReport(figures: [
            ("supervisedAUC", r.supervised.auc), ("cwolaAUC", r.cwola.auc),
            ("aucDifference", r.supervised.auc - r.cwola.auc), ("aucDifferenceError", r.differenceError),
            ("llpAUC", r.proportions.auc), ("llpAUCDifference", r.supervised.auc - r.proportions.auc),
            ("supervisedAUCError", ROCCurve.aucError(auc: r.supervised.auc, positives: n, negatives: n)),
            ("mixtureFraction", settings.fraction),
            ("trainPerParticle", Double(settings.trainPerParticle)), ("testPerParticle", Double(n)),
            ("energyMinMeV", settings.energyRangeMeV.lowerBound), ("energyMaxMeV", settings.energyRangeMeV.upperBound),
        ])
        let curve = { (label: String, roc: ROCCurve, k: Int) in
            Series(label: String(format: "%@, AUC %.3f", label, roc.auc), x: roc.falsePositiveRate, y: roc.truePositiveRate,
                   color: Color.cycle[k], dashed: k == 2)
        }
        let roc = LinePanelData(
            xLabel: "photons accepted (false-positive rate)", yLabel: "e- accepted (true-positive rate)",
            series: [curve("supervised", r.supervised, 0), curve("CWoLa", r.cwola, 1),
                     curve("label proportions", r.proportions, 2)],
            annotations: [String(format: "test: %d e-, %d photons", n, n),
                          String(format: "mixtures %.0f/%.0f, %.0f/%.0f", 100 * settings.fraction,
                                 100 * (1 - settings.fraction), 100 * (1 - settings.fraction), 100 * settings.fraction)],
            xRange: 0...1, yRange: 0...1.25, guides: [(0, 0, 1, 1)])
        let upper = Double(r.firstGap.electron.sorted()[r.firstGap.electron.count * 99 / 100])
        let hist = { (label: String, v: [Float], k: Int, dashed: Bool) in
            let (x, y) = BinaryExampleOutput.density(v, range: 0...upper, bins: 30)
            return Series(label: label, x: x, y: y, color: Color.cycle[k], dashed: dashed)
        }
        let layer0 = LinePanelData(
            xLabel: "share of the visible energy in the first argon gap", yLabel: "density", logY: true,
            series: [hist("e- (test)", r.firstGap.electron, 0, false), hist("photons (test)", r.firstGap.photon, 1, false),
                     hist("mixture 1 (training)", r.firstGap.mixture1, 2, true), hist("mixture 2 (training)", r.firstGap.mixture2, 3, true)])
        return try BinaryExampleOutput.write(report, figures: [
            .init(file: "cwola_roc.png", caption: "ROC of e- against photons: supervised, CWoLa and label proportions") {
                LinePlot.render(title: "Classification without labels (arXiv:1708.02949)", panels: [roc], columns: 1)
            },
            .init(file: "cwola_first_gap.png", caption: "First-gap share of e-, photons and the two mixtures") {
                LinePlot.render(title: "The feature that tells e- from photons most", panels: [layer0], columns: 1)
            },
        ], example: "cwola", options: options)
    }
}
