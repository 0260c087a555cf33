import CaloSim
import Foundation

extension PhysicsCheckRun {
    /// The W/Si sampling stack (docs/physics.md §14.10): e- from 1 GeV to 1 TeV in `wsi`. The visible
    /// (silicon) fraction after leakage and its linearity, the resolution's stochastic term fitted
    /// as a/sqrt(E) (+) c, and t_max at each energy with its slope per decade. Bands in
    /// `WSiReference`.
    func wsiChecks() throws {
        let name = WSiReference.geometryName
        let g = try geometry(name)
        let depths = DepthAxis.layerCentres(g, radiationLengthMM: WSiReference.radiationLengthMM)
        var responses: [EnergyResponse] = []
        var peaks: [(energyMeV: Double, tMax: Double, error: Double)] = []
        for e in configuration.wsiEnergiesGeV.sorted() {
            let s = try sample(name, .electron, energyGeV: e, count: configuration.showers(atGeV: e, base: configuration.wsiShowers))
            let r = response(s)
            responses.append(r)
            let res = r.resolution
            let a = WSiReference.stochasticTermBand
            add(CheckOutcome(check: .wsiResolution, name: "W/Si sigma/E e- \(Self.label(e))", value: res.value, error: res.error,
                             band: (a.lowerBound / e.squareRoot())...(a.upperBound / e.squareRoot()), informational: true,
                             note: String(format: "N=%d, Si fraction %.5f +- %.5f, leakage %.4f", s.showers.count,
                                          r.samplingFraction.value, r.samplingFraction.error, r.leakage.mean)))
            report.diagnostics["W/Si mean silicon profile e- \(Self.label(e)) (MeV/layer)"] =
                MeanProfile(profiles: s.showers.map(\.activePerLayer), depths: depths).mean()
            let band = WSiReference.tMaxBand(energyMeV: e * 1000)
            let label = "W/Si t_max e- \(Self.label(e))"
            guard let p = peak(s, depths: depths) else {
                add(.unavailable(check: .wsiShowerMaximum, name: label, band: band, note: "gamma fit failed (\(s.showers.count) showers)"))
                continue
            }
            peaks.append((e * 1000, p.fit.tMax, p.tMaxError))
            add(CheckOutcome(check: .wsiShowerMaximum, name: label, value: p.fit.tMax, error: p.tMaxError, band: band, unit: "X0",
                             note: String(format: "N=%d, gamma fit layers %d-%d, X0,eff %.3f mm", s.showers.count,
                                          p.fit.firstLayer, p.fit.lastLayer, WSiReference.radiationLengthMM)))
        }
        wsiResponseChecks(responses)
        wsiSlopeChecks(peaks)
    }

    /// Visible fraction over all energies, linearity, stochastic and constant terms.
    private func wsiResponseChecks(_ responses: [EnergyResponse]) {
        var sw = 0.0, swf = 0.0
        for r in responses {
            let w = 1 / (r.samplingFraction.error * r.samplingFraction.error)
            sw += w; swf += w * r.samplingFraction.value
        }
        let total = responses.reduce(0) { $0 + $1.samplingFraction.count }
        let f = swf / sw
        add(CheckOutcome(check: .wsiVisibleFraction, name: "W/Si visible fraction e- (all energies)", value: f,
                         error: 1 / sw.squareRoot(), band: WSiReference.visibleFractionBand, informational: true,
                         note: String(format: "N=%d, Si / all materials; e/mip = f / f_mip = %.3f (GFLASH %.3f), f_mip = %.4f",
                                      total, f / WSiReference.mipSamplingFraction, WSiReference.eOverMip,
                                      WSiReference.mipSamplingFraction)))
        let tol = WSiReference.linearityTolerance
        for l in EnergyResponse.linearity(responses) {
            add(CheckOutcome(check: .wsiLinearity, name: "W/Si linearity f(E)/<f> - 1 \(Self.label(l.energyMeV / 1000))",
                             value: l.deviation, error: l.error, band: -tol...tol, note: String(format: "f = %.5f", (l.deviation + 1) * f)))
        }
        let points = responses.map { (energyGeV: $0.energyMeV / 1000, relativeSigma: $0.resolution.value, error: $0.resolution.error) }
        guard let fit = ResolutionFit(points: points) else {
            add(.unavailable(check: .wsiStochasticTerm, name: "W/Si stochastic term a", band: WSiReference.stochasticTermBand,
                             note: "resolution fit failed"))
            return
        }
        // The rms of a few dozen showers has non-Gaussian errors (a rare deep or leaky shower moves
        // it): when chi2/ndf > 1 the error is scaled by S = sqrt(chi2/ndf), as the PDG does for
        // inconsistent measurements.
        let scale = fit.degreesOfFreedom > 0 ? max(1, (fit.chiSquared / Double(fit.degreesOfFreedom)).squareRoot()) : 1
        add(CheckOutcome(check: .wsiStochasticTerm, name: "W/Si stochastic term a", value: fit.stochasticTerm,
                         error: scale * fit.stochasticTermError, band: WSiReference.stochasticTermBand, unit: "sqrt(GeV)",
                         note: String(format: "fit a/sqrt(E) (+) c, chi2/ndf %.1f/%d, error x S = %.2f; CALICE-scaled 11.4 %%, Wigmans %.1f %%",
                                      fit.chiSquared, fit.degreesOfFreedom, scale, 100 * WSiReference.wigmansStochasticTerm)))
        add(CheckOutcome(check: .wsiConstantTerm, name: "W/Si constant term c", value: fit.constantTerm, error: fit.constantTermError,
                         band: WSiReference.constantTermBand, informational: true,
                         note: String(format: "c^2 = %.2e +- %.2e", fit.constantTermSquared, fit.constantTermSquaredError)))
        report.diagnostics["W/Si visible fraction per energy (GeV, f, err)"] =
            responses.flatMap { [$0.energyMeV / 1000, $0.samplingFraction.value, $0.samplingFraction.error] }
        report.diagnostics["W/Si leakage per energy (GeV, mean)"] = responses.flatMap { [$0.energyMeV / 1000, $0.leakage.mean] }
    }

    /// t_max slope over all energies (checked) and over each decade (informational).
    private func wsiSlopeChecks(_ peaks: [(energyMeV: Double, tMax: Double, error: Double)]) {
        let band = PhysicsReference.tMaxSlopeBand
        if let scan = EnergyScan(points: peaks) {
            add(CheckOutcome(check: .wsiShowerMaximumSlope, name: "W/Si t_max slope per decade (e-)", value: scan.slope,
                             error: scan.slopeError, band: band, unit: "X0",
                             note: String(format: "chi2/ndf %.1f/%d", scan.chiSquared, scan.degreesOfFreedom)))
        } else {
            add(.unavailable(check: .wsiShowerMaximumSlope, name: "W/Si t_max slope per decade (e-)", band: band,
                             note: "fewer than two fitted energies"))
        }
        // Per decade: every pair of energies a factor 10 apart.
        for p in peaks {
            guard let q = peaks.first(where: { abs($0.energyMeV / p.energyMeV - 10) < 1e-9 }) else { continue }
            add(CheckOutcome(check: .wsiShowerMaximumDecade,
                             name: "W/Si t_max slope \(Self.label(p.energyMeV / 1000))-\(Self.label(q.energyMeV / 1000))",
                             value: q.tMax - p.tMax, error: (p.error * p.error + q.error * q.error).squareRoot(),
                             band: band, unit: "X0", informational: true))
        }
    }
}
