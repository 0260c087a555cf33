import CaloPlot
import CaloSupport
import CaloValidation
import Foundation

extension LectureExamples {
    /// The adversarial pivot (Louppe, Kagan, Cranmer, arXiv:1611.01046 section 5.1).
    ///
    /// Trains the plain classifier and the pivot on `PivotToy` (`PivotTraining`), then draws
    /// test slices at Z = -1, 0, +1 (elements 1, 2, 3 of `BinaryExampleStreams.pivotToyData`,
    /// half of each slice per class) and reports, for both classifiers, the largest
    /// Kolmogorov-Smirnov distance between the slices' output distributions (`plainKS`,
    /// `pivotKS`; `ksCritical95` is the distance two samples of one distribution exceed 5 % of
    /// the time) and the AUC at Z = 0 (`plainAUC`, `pivotAUC`), with the adversary's held-out
    /// loss against each (`plainAdversaryLoss`, `pivotAdversaryLoss`; the prior's entropy
    /// `nuisanceEntropy` = 1.419 when the output says nothing about Z). Figure: `pivot_outputs.png`.
    /// Single-threaded (the networks are tiny); `options.threads` is not used.
    public static let pivot = LectureExample(
        name: "pivot",
        summary: "adversarial pivot on the 2-D Gaussian toy, arXiv:1611.01046: a classifier independent of a nuisance"
    ) { options, log in
        let settings = options.quick ? PivotSettings.quick : PivotSettings()
        let result = PivotTraining.run(settings, seed: options.seed, log: log)
        let nuisances = [-1.0, 0, 1]
        let slices = nuisances.enumerated().map { k, z in
            var g = BinaryExampleStreams.pivotToyData.generator(key: options.seed, index: 1 + UInt64(k))
            return PivotToy.sample(count: settings.sliceCount, nuisance: z, generator: &g)
        }
        let outputs = { (net: BinaryNetwork) in
            slices.map { s in net.evaluate(s.x).map { 1 / (1 + Foundation.exp(-$0)) } }
        }
        let plain = outputs(result.plain), pivot = outputs(result.pivot)
        let labels = slices[1].y.map { $0 > 0.5 }
        let plainAUC = ROCCurve(scores: plain[1], labels: labels).auc
        let pivotAUC = ROCCurve(scores: pivot[1], labels: labels).auc
        let plainKS = PivotIndependence.largestDistance(plain), pivotKS = PivotIndependence.largestDistance(pivot)
        let critical = PivotIndependence.criticalDistance(settings.sliceCount, settings.sliceCount)
        log(String(format: "pivot: KS between Z slices %.4f (plain) and %.4f (pivot), 95%% critical %.4f; AUC at Z = 0 %.4f and %.4f",
                   plainKS, pivotKS, critical, plainAUC, pivotAUC))
        let report = ExampleReport(figures: [
            ("plainKS", plainKS), ("pivotKS", pivotKS), ("ksCritical95", critical),
            ("plainAUC", plainAUC), ("pivotAUC", pivotAUC),
            ("plainAdversaryLoss", result.plainAdversaryLoss), ("pivotAdversaryLoss", result.pivotAdversaryLoss),
            ("nuisanceEntropy", 0.5 * Foundation.log(2 * Double.pi * M_E)),
            ("lambda", Double(settings.lambda)), ("trainCount", Double(settings.trainCount)),
            ("sliceCount", Double(settings.sliceCount)),
        ])
        let panel = { (title: String, scores: [[Float]], ks: Double, auc: Double) -> LinePanelData in
            LinePanelData(title: title, xLabel: "classifier output f(X)", yLabel: "density",
                          series: zip(nuisances, scores).enumerated().map { k, entry in
                              let (centres, density) = BinaryExampleOutput.density(entry.1, range: 0...1, bins: 25)
                              return Series(label: String(format: "Z = %+.0f", entry.0), x: centres, y: density,
                                            color: Color.cycle[k], style: .lineAndMarkers)
                          },
                          annotations: [String(format: "largest KS distance %.3f", ks), String(format: "AUC at Z = 0: %.3f", auc)],
                          xRange: 0...1)
        }
        return try BinaryExampleOutput.write(report, figures: [
            .init(file: "pivot_outputs.png", caption: "Classifier output at Z = -1, 0, +1: plain and adversarially trained") {
                LinePlot.render(title: "Adversarial pivot (arXiv:1611.01046), toy of section 5.1",
                                panels: [panel("plain classifier", plain, plainKS, plainAUC),
                                         panel(String(format: "pivot, lambda = %g", settings.lambda), pivot, pivotKS, pivotAUC)],
                                columns: 2)
            },
        ], example: "pivot", options: options)
    }
}
