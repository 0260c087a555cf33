import CaloDetector
import CaloSupport
import Foundation

/// Computes a `ValidationReport` from two samples: every observable, metric, profile, image,
/// power spectrum and (optionally) the classifier test.
public enum Validator {
    /// Runs the validation. `log` receives one line per stage (for --verbose output).
    public static func run(_ input: ValidationInput, options: ValidationOptions = ValidationOptions(),
                           log: (String) -> Void = { _ in }) throws -> ValidationReport {
        try input.check()
        let start = Date()
        let geometry = input.geometry
        let calculator = ObservableCalculator(geometry: geometry, cellThresholdMeV: options.cellThresholdMeV)
        let rings = geometry.layers.map(RadialBins.init(layer:))
        var ref: SampleSummary, gen: SampleSummary
        let refPower: [PowerSpectrum], genPower: [PowerSpectrum]
        (ref, refPower) = try SamplePass.read(input.reference, name: "reference", calculator: calculator, rings: rings,
                                              threads: options.threads)
        (gen, genPower) = try SamplePass.read(input.generated, name: "generated", calculator: calculator, rings: rings,
                                              threads: options.threads)
        log("observables and power spectra: \(calculator.observables.count) per shower, \(String(format: "%.2f", Date().timeIntervalSince(start))) s")

        let bins = options.binCount(n: ref.count, m: gen.count)
        let observables = histogramComparisons(calculator.observables, ref: ref, gen: gen, geometry: geometry,
                                               bins: bins, threads: options.threads)
        let spectra = geometry.layers.indices.map { l in
            HistogramComparison(key: "layer\(l).cell_spectrum", title: "Layer \(l): cell-energy spectrum",
                                axisLabel: "cell energy, layer \(l) [MeV]", figure: "cell_spectrum", layer: l,
                                grade: .informational, reference: ref.cellSpectra[l], generated: gen.cellSpectra[l],
                                bins: bins)
        }
        // The cell spectra are the largest part of the summaries (every cell above threshold of
        // 20,000 showers): freed before the classifier and the coverage read their showers.
        ref.cellSpectra = []
        gen.cellSpectra = []
        let index = Dictionary(uniqueKeysWithValues: calculator.observables.enumerated().map { ($1, $0) })
        let response = ResponseComparison(
            reference: ResponseSample(incidentMeV: input.reference.incidentEnergiesMeV,
                                            responses: ref.values[index[.totalEnergyOverIncident]!]),
            generated: ResponseSample(incidentMeV: input.generated.incidentEnergiesMeV,
                                            responses: gen.values[index[.totalEnergyOverIncident]!]),
            bins: options.energyBins)
        let longitudinal = longitudinalProfile(geometry: geometry, ref: ref, gen: gen, index: index)
        let radial = geometry.layers.indices.map { radialProfile(layer: $0, rings: rings[$0], ref: ref, gen: gen) }
        let images = geometry.layers.enumerated().map { l, layer in
            var image = MeanImageComparison(layer: l, rows: layer.rows, cols: layer.cols, cellWidthMM: layer.cellWidthMM,
                                            cellHeightMM: layer.cellHeightMM,
                                            reference: Array(ref.meanImage[layer.firstCell..<layer.firstCell + layer.cellCount]),
                                            generated: Array(gen.meanImage[layer.firstCell..<layer.firstCell + layer.cellCount]))
            image.rEdgesMM = layer.polar?.rEdgesMM
            return image
        }
        let power = geometry.layers.indices.map { l in
            PowerSpectrumComparison(layer: l, reference: refPower[l], generated: genPower[l])
        }

        var classifiers = [ClassifierResult]()
        var species: SpeciesSeparation?
        let classifierOptions = options.classifier(cellCount: geometry.cellCount)
        // Every condition the reference varies in: the whole samples' test sees them all, the
        // species' tests the direction and impact point.
        let columns = ClassifierConditions(reference: input.reference)
        if let c = classifierOptions {
            if c.maxShowersPerClass < options.classifier?.maxShowersPerClass ?? 0 {
                log("classifier: at most \(c.maxShowersPerClass) showers per class (\(options.showerMemoryBytes >> 20) MiB of cells for both)")
            }
            log("classifier: conditioned on \((["log10 E_inc"] + columns.names).joined(separator: ", "))")
            classifiers = try ClassifierTest.run(reference: input.reference, generated: input.generated,
                                                 referenceObservables: ref.values, generatedObservables: gen.values,
                                                 options: c, threads: options.threads, columns: columns, log: log)
            species = try SpeciesSeparation.run(reference: input.reference, generated: input.generated,
                                                referenceObservables: ref.values, generatedObservables: gen.values,
                                                options: c, threads: options.threads, columns: columns, log: log)
        }
        let totals = index[.totalEnergyOverIncident]!
        let slices = try ValidationSlice.make(reference: input.reference, generated: input.generated, referenceTotals: ref.values[totals],
                                              generatedTotals: gen.values[totals], options: options, classifier: classifierOptions,
                                              referenceObservables: ref.values, generatedObservables: gen.values,
                                              columns: columns, log: log)

        var coverage: CoverageComparison?
        if let c = options.coverage(cellCount: geometry.cellCount) {
            coverage = try CoverageComparison(reference: input.reference, generated: input.generated,
                                          cellThresholdMeV: options.cellThresholdMeV, options: c, threads: options.threads)
            if let v = coverage {
                log(String(format: "precision/recall/density/coverage: %d showers per sample, %.2f s", v.showers, v.seconds))
            } else {
                log("precision/recall/density/coverage: skipped, too few showers")
            }
        }

        let arrival = ArrivalResponse.make(reference: input.reference, generated: input.generated, observables: calculator.observables,
                                           referenceObservables: ref.values, generatedObservables: gen.values,
                                           layers: geometry.layers.count)
        var checks = makeChecks(observables: observables, response: response, classifiers: classifiers,
                                thresholds: options.thresholds)
        checks += arrival?.checks(thresholds: options.thresholds) ?? []
        checks += sliceChecks(slices, species: species, thresholds: options.thresholds)
        if let c = coverage {
            let g = c.generatedVsReference, r = c.referenceVsReference
            checks.append(ValidationCheck(check: .coverage, name: "coverage shortfall 1 - C_gen / C_ref (k = \(c.k))",
                                          value: 1 - c.coverageRatio, limit: options.thresholds.coverageShortfall,
                                          detail: String(format: "coverage generated %.4f, reference vs reference %.4f (expected %.4f) on %d showers each",
                                                         g.coverage, r.coverage, c.expectedCoverage, c.showers)))
        }
        return ValidationReport(
            geometry: geometry.name, cellCount: geometry.cellCount, provenance: input.provenance,
            referenceCount: ref.count, generatedCount: gen.count, cellThresholdMeV: options.cellThresholdMeV,
            thresholds: options.thresholds, observables: observables, cellSpectra: spectra, response: response,
            longitudinalProfile: longitudinal, radialProfiles: radial, meanImages: images, powerSpectra: power,
            classifiers: classifiers, coverage: coverage, slices: slices.isEmpty ? nil : slices, speciesSeparation: species, arrival: arrival, timings: input.timings, trainingLog: input.trainingLog, checks: checks,
            passed: checks.allSatisfy(\.passed), computeSeconds: Date().timeIntervalSince(start))
    }

    static func histogramComparisons(_ list: [Observable], ref: SampleSummary, gen: SampleSummary, geometry: Geometry,
                                     bins: Int, threads: Int) -> [HistogramComparison] {
        let results = IndexedSlots<HistogramComparison>(count: list.count)
        Threads.parallelFor(list.count, threads: threads) { k in
            let o = list[k]
            results.set(k, HistogramComparison(observable: o, reference: ref.values[k], generated: gen.values[k], bins: bins,
                                               cellsInLayer: o.layer.map { geometry.layers[$0].cellCount }))
        }
        return results.values
    }

    static func longitudinalProfile(geometry: Geometry, ref: SampleSummary, gen: SampleSummary,
                                    index: [Observable: Int]) -> ProfileComparison {
        var edges = [geometry.layers[0].zStartMM]
        var r = [Double](), re = [Double](), g = [Double](), ge = [Double]()
        for (l, layer) in geometry.layers.enumerated() {
            edges.append(layer.zEndMM)
            let thickness = layer.zEndMM - layer.zStartMM
            let k = index[.layerEnergyOverIncident(l)]!
            let a = SampleStatistics(ref.values[k]), b = SampleStatistics(gen.values[k])
            r.append(a.mean / thickness); re.append(a.meanError / thickness)
            g.append(b.mean / thickness); ge.append(b.meanError / thickness)
        }
        return ProfileComparison(key: "longitudinal_profile", title: "Longitudinal profile", xLabel: "depth z [mm]",
                                 yLabel: "1/E_inc dE/dz [1/mm]", edges: edges, reference: r, referenceError: re,
                                 generated: g, generatedError: ge)
    }

    static func radialProfile(layer l: Int, rings: RadialBins, ref: SampleSummary, gen: SampleSummary) -> ProfileComparison {
        func density(_ s: SampleSummary) -> ([Double], [Double]) {
            let n = Double(max(s.count, 1))
            var mean = [Double](), error = [Double]()
            for r in 0..<rings.ringCount {
                let m = s.ringSum[l][r] / n
                let variance = PowerSums.variance(sum: s.ringSum[l][r], sumOfSquares: s.ringSum2[l][r], count: n)
                let area = rings.areaMM2[r]
                mean.append(area > 0 ? m / area : 0)
                error.append(area > 0 ? PowerSums.errorOfMean(variance: variance, count: Double(s.count)) / area : 0)
            }
            return (mean, error)
        }
        let (r, re) = density(ref), (g, ge) = density(gen)
        return ProfileComparison(key: "layer\(l).radial_profile", title: "Layer \(l): radial profile",
                                 xLabel: "distance from the shower axis r [mm]", yLabel: "energy density [MeV/mm²]",
                                 edges: rings.edgesMM, reference: r, referenceError: re, generated: g, generatedError: ge)
    }

    static func makeChecks(observables: [HistogramComparison], response: ResponseComparison,
                           classifiers: [ClassifierResult], thresholds: Thresholds) -> [ValidationCheck] {
        var checks = [ValidationCheck]()
        for h in observables {
            guard let limit = thresholds.separationLimit(h.grade) else { continue }
            checks.append(ValidationCheck(check: .separationPower, name: "separation power of \(h.title)", value: h.separationPower, limit: limit,
                                detail: "statistical floor \(ValidationReport.format(h.separationFloor))"))
        }
        checks += responseChecks(response, thresholds: thresholds, slice: nil)
        checks += classifierChecks(classifiers, thresholds: thresholds, slice: nil)
        return checks
    }

    /// The AUC check of each classifier result, named with `slice`; the detail names the
    /// condition columns besides the energy.
    static func classifierChecks(_ classifiers: [ClassifierResult], thresholds: Thresholds, slice: String?) -> [ValidationCheck] {
        let prefix = slice.map { "[\($0)] " } ?? ""
        return classifiers.map { c in
            var detail = String(format: "+- %.3f on %d + %d test showers", c.aucError, c.testCount, c.testCount)
            if !c.conditionColumns.isEmpty { detail += "; conditioned on log10 E_inc, " + c.conditionColumns.joined(separator: ", ") }
            return ValidationCheck(check: .classifierAUC, name: "\(prefix)classifier AUC, \(c.features) features", value: c.auc,
                                   limit: thresholds.classifierAUC, detail: detail, slice: slice)
        }
    }

    /// Response and resolution checks of each energy bin of `response`, named with `slice`.
    static func responseChecks(_ response: ResponseComparison, thresholds: Thresholds, slice: String?) -> [ValidationCheck] {
        var checks = [ValidationCheck]()
        let prefix = slice.map { "[\($0)] " } ?? ""
        for b in response.bins {
            let range = String(format: "E_inc %.3g-%.3g GeV", b.lowMeV / 1000, b.highMeV / 1000)
            // The pull says whether a deviation is beyond the statistics of these samples.
            let responsePull = (b.generatedResponse - b.referenceResponse)
                / (b.referenceResponseError * b.referenceResponseError + b.generatedResponseError * b.generatedResponseError).squareRoot()
            let resolutionPull = (b.generatedResolution - b.referenceResolution)
                / (b.referenceResolutionError * b.referenceResolutionError + b.generatedResolutionError * b.generatedResolutionError).squareRoot()
            checks.append(ValidationCheck(check: .response, name: "\(prefix)response, \(range)", value: abs(b.responseDeviation),
                                limit: thresholds.responseDeviation,
                                detail: String(format: "reference %.4f, generated %.4f (%+.1f sigma)", b.referenceResponse,
                                               b.generatedResponse, responsePull), pull: responsePull, slice: slice))
            checks.append(ValidationCheck(check: .resolution, name: "\(prefix)resolution, \(range)", value: abs(b.resolutionDeviation),
                                limit: thresholds.resolutionDeviation,
                                detail: String(format: "reference %.4f, generated %.4f (%+.1f sigma)", b.referenceResolution,
                                               b.generatedResolution, resolutionPull), pull: resolutionPull, slice: slice))
            if let re = b.referenceCoreResolutionError, let ge = b.generatedCoreResolutionError, b.coreResolutionDeviation.isFinite {
                let pull = (b.generatedCoreResolution - b.referenceCoreResolution) / (re * re + ge * ge).squareRoot()
                checks.append(ValidationCheck(check: .coreResolution, name: "\(prefix)core resolution, \(range)",
                                              value: abs(b.coreResolutionDeviation), limit: thresholds.coreResolutionDeviation,
                                              detail: String(format: "reference %.5f, generated %.5f (%+.1f sigma)",
                                                             b.referenceCoreResolution, b.generatedCoreResolution, pull),
                                              pull: pull, slice: slice))
            }
        }
        return checks
    }

    /// Per slice: E_tot/E_inc's separation power, the response checks and (species slices) the
    /// classifier AUC; the e-/photon classifier's AUC difference per feature set.
    static func sliceChecks(_ slices: [ValidationSlice], species: SpeciesSeparation?, thresholds: Thresholds) -> [ValidationCheck] {
        var checks = [ValidationCheck]()
        for s in slices {
            let h = s.totalEnergy
            if let limit = thresholds.separationLimit(h.grade) {
                checks.append(ValidationCheck(check: .separationPower, name: "[\(s.name)] separation power of \(h.title)",
                                              value: h.separationPower, limit: limit,
                                              detail: "statistical floor \(ValidationReport.format(h.separationFloor)); \(s.referenceCount) + \(s.generatedCount) showers",
                                              slice: s.name))
            }
            checks += responseChecks(s.response, thresholds: thresholds, slice: s.name)
            checks += classifierChecks(s.classifiers ?? [], thresholds: thresholds, slice: s.name)
        }
        if let species {
            for (r, g) in zip(species.reference, species.onGenerated) {
                let error = (r.aucError * r.aucError + g.aucError * g.aucError).squareRoot()
                checks.append(ValidationCheck(check: .speciesSeparation, name: "e-/gamma classifier AUC, generated - reference, \(r.features) features",
                                              value: abs(g.auc - r.auc), limit: thresholds.speciesAUCDifference,
                                              detail: String(format: "the reference's classifier: %.3f +- %.3f on the reference, %.3f +- %.3f on the generated sample (%+.1f sigma)",
                                                             r.auc, r.aucError, g.auc, g.aucError, (g.auc - r.auc) / error),
                                              pull: (g.auc - r.auc) / error))
            }
        }
        return checks
    }
}
