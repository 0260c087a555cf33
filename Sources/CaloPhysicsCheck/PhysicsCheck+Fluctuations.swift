import CaloSim
import Foundation

extension PhysicsCheckRun {
    /// Shower-to-shower fluctuations (docs/physics.md §14.7): sigma(ln T) and sigma(ln alpha) of
    /// e- showers in the GFLASH sampling bands (+-25 %) at each profile energy and falling with
    /// energy; the means (+-10 %) and rho (+-0.1) reported as GFLASH plausibility checks
    /// (informational).
    func fluctuationChecks() throws {
        let depths = try depths("profile")
        var previous: (energy: Double, analysis: FluctuationAnalysis)?
        for e in configuration.profileEnergiesGeV.sorted() {
            let s = try sample("profile", .electron, energyGeV: e)
            let f = FluctuationAnalysis(profiles: s.showers.map(\.activePerLayer), depths: depths)
            let mev = e * 1000, label = Self.label(e)
            let note = "N=\(f.logs.count)" + (f.rejected > 0 ? ", \(f.rejected) without maximum left out" : "")
            let st = f.sigmaLnT, sa = f.sigmaLnAlpha
            add(CheckOutcome(check: .sigmaLnT, name: "sigma(ln T) e- \(label)", value: st.value, error: st.error,
                             band: PhysicsReference.band(PhysicsReference.gflashSigmaLnT(energyMeV: mev),
                                                         relative: PhysicsReference.gflashSigmaTolerance), note: note))
            add(CheckOutcome(check: .sigmaLnAlpha, name: "sigma(ln alpha) e- \(label)", value: sa.value, error: sa.error,
                             band: PhysicsReference.band(PhysicsReference.gflashSigmaLnAlpha(energyMeV: mev),
                                                         relative: PhysicsReference.gflashSigmaTolerance), note: note))
            let mt = f.meanLnT, ma = f.meanLnAlpha, rho = f.correlation
            add(CheckOutcome(check: .gflashMeanT, name: "exp<ln T> e- \(label)", value: exp(mt.value), error: exp(mt.value) * mt.error,
                             band: PhysicsReference.band(exp(PhysicsReference.gflashMeanLnT(energyMeV: mev)),
                                                         relative: PhysicsReference.gflashMeanTolerance),
                             unit: "X0", informational: true))
            add(CheckOutcome(check: .gflashMeanAlpha, name: "exp<ln alpha> e- \(label)", value: exp(ma.value), error: exp(ma.value) * ma.error,
                             band: PhysicsReference.band(exp(PhysicsReference.gflashMeanLnAlpha(energyMeV: mev)),
                                                         relative: PhysicsReference.gflashMeanTolerance),
                             informational: true))
            let rc = PhysicsReference.gflashCorrelation(energyMeV: mev), rt = PhysicsReference.gflashCorrelationTolerance
            add(CheckOutcome(check: .gflashCorrelation, name: "rho(ln T, ln alpha) e- \(label)", value: rho.value, error: rho.error,
                             band: (rc - rt)...(rc + rt), informational: true))
            if let p = previous {
                let pair = "\(Self.label(p.energy)) - \(label)"
                let dt = p.analysis.sigmaLnT, da = p.analysis.sigmaLnAlpha
                add(CheckOutcome(check: .sigmaLnTFalls, name: "sigma(ln T) falls: \(pair)", value: dt.value - st.value,
                                 error: (dt.error * dt.error + st.error * st.error).squareRoot(), band: 0...1))
                add(CheckOutcome(check: .sigmaLnAlphaFalls, name: "sigma(ln alpha) falls: \(pair)", value: da.value - sa.value,
                                 error: (da.error * da.error + sa.error * sa.error).squareRoot(), band: 0...1))
            }
            previous = (e, f)
        }
    }
}
