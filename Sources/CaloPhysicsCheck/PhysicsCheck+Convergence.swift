import CaloSim
import Foundation

extension PhysicsCheckRun {
    /// Convergence (docs/physics.md §14.8): halving every step limit, or a 0.1 mm production cut,
    /// moves t_max, the containment in 1 and 2 R_M, the sampling fraction and the resolution of
    /// e- at the convergence energy by less than 1 %. Relative changes
    /// x_variant/x_reference - 1 with the errors of both samples combined as independent. Both
    /// samples use the same shower streams, so they are positively correlated at the start of each
    /// shower and the quoted error is an upper bound.
    func convergenceChecks() throws {
        let e = configuration.convergenceEnergyGeV, label = Self.label(e)
        let n = configuration.convergenceShowers ?? configuration.showers(atGeV: e)
        let depths = try depths("profile")
        func observables(_ v: PhysicsVariant) throws -> [(name: String, value: Double, error: Double)] {
            var out: [(String, Double, Double)] = []
            let p = try sample("profile", .electron, energyGeV: e, variant: v, count: n)
            if let pk = peak(p, depths: depths) { out.append(("t_max", pk.fit.tMax, pk.tMaxError)) }
            let l = try sample("lateral", .electron, energyGeV: e, variant: v, count: n)
            let c = try containment(l)
            out.append(("containment 1 R_M", c[0].value, c[0].error))
            out.append(("containment 2 R_M", c[1].value, c[1].error))
            let r = response(try sample("calogan-sampling", .electron, energyGeV: e, variant: v, count: n))
            out.append(("sampling fraction", r.samplingFraction.value, r.samplingFraction.error))
            out.append(("sigma/E visible", r.resolution.value, r.resolution.error))
            return out
        }
        let reference = try observables(.reference)
        let tol = PhysicsReference.convergenceTolerance
        for v in [PhysicsVariant.halfStepLimits, .fineCut] {
            let other = try observables(v)
            let id: PhysicsCheckID = v == .fineCut ? .productionCutConvergence : .stepLimitConvergence
            for ref in reference {
                guard let x = other.first(where: { $0.name == ref.name }) else { continue }
                let change = x.value / ref.value - 1
                let err = (x.value / ref.value) * ((x.error / x.value) * (x.error / x.value)
                                                   + (ref.error / ref.value) * (ref.error / ref.value)).squareRoot()
                let resolved = err < 0.5 * tol ? "" : ", not resolved at 1 % (error > 0.5 %)"
                add(CheckOutcome(check: id, name: "\(v.rawValue): \(ref.name) \(label)", value: change, error: err,
                                 band: -tol...tol, note: "N=\(n) per variant\(resolved)"))
            }
        }
    }
}
