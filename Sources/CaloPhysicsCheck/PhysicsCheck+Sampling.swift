import CaloSim
import Foundation

extension PhysicsCheckRun {
    /// The energy response of a sample (argon = visible, all materials = deposited).
    func response(_ s: ShowerSample) -> EnergyResponse {
        EnergyResponse(energyMeV: s.primary.kineticEnergyMeV, visibleMeV: s.showers.map(\.visibleMeV),
                       depositedMeV: s.showers.map(\.depositedMeV), incidentMeV: s.showers.map(\.incidentMeV))
    }

    /// Energy response (docs/physics.md §14.6) in `calogan-sampling`: sampling fraction 0.17 +- 10 %,
    /// constant within 1 % from 1 to 100 GeV (deposited energy in the denominator), stochastic
    /// term 10-11.5 %/sqrt(E).
    func samplingChecks() throws {
        var responses: [EnergyResponse] = []
        for e in configuration.samplingEnergiesGeV {
            let s = try sample("calogan-sampling", .electron, energyGeV: e)
            let r = response(s)
            responses.append(r)
            let res = r.resolution, intrinsic = r.intrinsicResolution
            let expected = PhysicsReference.stochasticTermBand
            add(CheckOutcome(check: .visibleResolution, name: "sigma/E visible e- \(Self.label(e))", value: res.value, error: res.error,
                             band: (expected.lowerBound / e.squareRoot())...(expected.upperBound / e.squareRoot()),
                             informational: true,
                             note: String(format: "N=%d, intrinsic %.4f +- %.4f, leakage %.4f", s.showers.count,
                                          intrinsic.value, intrinsic.error, r.leakage.mean)))
        }
        // Sampling fraction over all energies: weighted mean of the per-energy ratios.
        var sw = 0.0, swf = 0.0
        for r in responses {
            let w = 1 / (r.samplingFraction.error * r.samplingFraction.error)
            sw += w; swf += w * r.samplingFraction.value
        }
        let total = responses.reduce(0) { $0 + $1.samplingFraction.count }
        add(CheckOutcome(check: .samplingFraction, name: "sampling fraction e- (all energies)", value: swf / sw, error: 1 / sw.squareRoot(),
                         band: PhysicsReference.samplingFractionBand,
                         note: "N=\(total), argon / all materials, e-hat f_mip = 0.171"))
        for l in EnergyResponse.linearity(responses) {
            add(CheckOutcome(check: .linearity, name: "linearity f(E)/<f> - 1 \(Self.label(l.energyMeV / 1000))",
                             value: l.deviation, error: l.error,
                             band: -PhysicsReference.linearityTolerance...PhysicsReference.linearityTolerance,
                             note: String(format: "f = %.5f", l.deviation + 1)))
        }
        let points = responses.map { (energyGeV: $0.energyMeV / 1000, relativeSigma: $0.resolution.value, error: $0.resolution.error) }
        if let fit = ResolutionFit(points: points) {
            add(CheckOutcome(check: .stochasticTerm, name: "stochastic term a", value: fit.stochasticTerm, error: fit.stochasticTermError,
                             band: PhysicsReference.stochasticTermBand, unit: "sqrt(GeV)",
                             note: String(format: "fit a/sqrt(E) (+) c, chi2/ndf %.1f/%d", fit.chiSquared, fit.degreesOfFreedom)))
            add(CheckOutcome(check: .constantTerm, name: "constant term c", value: fit.constantTerm, error: fit.constantTermError,
                             band: PhysicsReference.constantTermBand, informational: true,
                             note: String(format: "c^2 = %.2e +- %.2e", fit.constantTermSquared, fit.constantTermSquaredError)))
        } else {
            add(.unavailable(check: .stochasticTerm, name: "stochastic term a", band: PhysicsReference.stochasticTermBand,
                             note: "resolution fit failed"))
        }
        report.diagnostics["sampling fraction per energy (GeV, f, err)"] =
            responses.flatMap { [$0.energyMeV / 1000, $0.samplingFraction.value, $0.samplingFraction.error] }
        report.diagnostics["leakage per energy (GeV, mean)"] = responses.flatMap { [$0.energyMeV / 1000, $0.leakage.mean] }
    }
}
