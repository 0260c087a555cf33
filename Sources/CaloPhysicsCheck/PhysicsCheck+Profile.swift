import CaloSim
import CaloSupport
import Foundation

extension PhysicsCheckRun {
    /// Gamma fit of a profile sample's mean argon profile, with the bootstrap error of t_max.
    func peak(_ sample: ShowerSample, depths: [Double]) -> (fit: ProfilePeakFit, tMaxError: Double, bError: Double)? {
        MeanProfile(profiles: sample.showers.map(\.activePerLayer), depths: depths)
            .peak(replicas: configuration.bootstrapReplicas, seed: configuration.seed)
    }

    /// Longitudinal profile (docs/physics.md §14.4): t_max of e- at each energy in the band, the
    /// slope per decade, gamma - e- offset, e+ vs e-, and the LPM formula checks.
    func profileChecks() throws {
        let depths = try depths("profile")
        var points: [(energyMeV: Double, tMax: Double, error: Double)] = []
        for e in configuration.profileEnergiesGeV {
            let s = try sample("profile", .electron, energyGeV: e)
            let band = PhysicsReference.tMaxBand(energyMeV: e * 1000, particle: .electron)
            let name = "t_max e- \(Self.label(e))"
            report.diagnostics["mean argon profile e- \(Self.label(e)) (MeV/layer)"] =
                MeanProfile(profiles: s.showers.map(\.activePerLayer), depths: depths).mean()
            guard let p = peak(s, depths: depths) else {
                add(.unavailable(check: .showerMaximum, name: name, band: band, note: "gamma fit failed (\(s.showers.count) showers)"))
                continue
            }
            points.append((e * 1000, p.fit.tMax, p.tMaxError))
            add(CheckOutcome(check: .showerMaximum, name: name, value: p.fit.tMax, error: p.tMaxError, band: band, unit: "X0",
                             note: "N=\(s.showers.count), gamma fit layers \(p.fit.firstLayer)-\(p.fit.lastLayer)"))
            add(CheckOutcome(check: .profileSlope, name: "profile b e- \(Self.label(e))", value: p.fit.b, error: p.bError,
                             band: PhysicsReference.profileBBand, unit: "1/X0", informational: true))
        }
        if let scan = EnergyScan(points: points) {
            add(CheckOutcome(check: .showerMaximumSlope, name: "t_max slope per decade (e-)", value: scan.slope, error: scan.slopeError,
                             band: PhysicsReference.tMaxSlopeBand, unit: "X0",
                             note: String(format: "chi2/ndf %.1f/%d", scan.chiSquared, scan.degreesOfFreedom)))
        } else {
            add(.unavailable(check: .showerMaximumSlope, name: "t_max slope per decade (e-)", band: PhysicsReference.tMaxSlopeBand,
                             note: "fewer than two fitted energies"))
        }
        try comparisonChecks(depths: depths)
        lpmChecks()
    }

    /// gamma - e- offset and e+ vs e- at the comparison energy.
    private func comparisonChecks(depths: [Double]) throws {
        let e = configuration.comparisonEnergyGeV
        let se = try sample("profile", .electron, energyGeV: e)
        let sg = try sample("profile", .photon, energyGeV: e)
        let sp = try sample("profile", .positron, energyGeV: e)
        let pe = peak(se, depths: depths), pg = peak(sg, depths: depths), pp = peak(sp, depths: depths)
        if let pe, let pg {
            add(CheckOutcome(check: .photonOffset, name: "t_max gamma - e- \(Self.label(e))", value: pg.fit.tMax - pe.fit.tMax,
                             error: (pe.tMaxError * pe.tMaxError + pg.tMaxError * pg.tMaxError).squareRoot(),
                             band: PhysicsReference.photonOffsetBand, unit: "X0",
                             note: String(format: "t_max gamma %.3f X0", pg.fit.tMax)))
        } else {
            add(.unavailable(check: .photonOffset, name: "t_max gamma - e- \(Self.label(e))", band: PhysicsReference.photonOffsetBand,
                             note: "gamma fit failed"))
        }
        // e+ vs e-: above the physical difference (the e+ critical energy in Pb, 7.16 against 7.43 MeV,
        // shifts t_max by ln(7.43/7.16) = 0.04 X0; docs/physics.md §14.4) and well below 0.5 X0.
        let agree = -0.1...0.1
        if let pe, let pp {
            add(CheckOutcome(check: .positronShowerMaximum, name: "t_max e+ - e- \(Self.label(e))", value: pp.fit.tMax - pe.fit.tMax,
                             error: (pe.tMaxError * pe.tMaxError + pp.tMaxError * pp.tMaxError).squareRoot(),
                             band: agree, unit: "X0"))
        }
        let me = RunningStatistics(se.showers.compactMap { LongitudinalMoments(energies: $0.activePerLayer, depths: depths)?.meanDepth })
        let mp = RunningStatistics(sp.showers.compactMap { LongitudinalMoments(energies: $0.activePerLayer, depths: depths)?.meanDepth })
        add(CheckOutcome(check: .positronMeanDepth, name: "<t> e+ - e- \(Self.label(e))", value: mp.mean - me.mean,
                         error: (me.errorOfMean * me.errorOfMean + mp.errorOfMean * mp.errorOfMean).squareRoot(),
                         band: agree, unit: "X0"))
        let ve = RunningStatistics(se.showers.map(\.visibleMeV)), vp = RunningStatistics(sp.showers.map(\.visibleMeV))
        let ratio = vp.mean / ve.mean
        let ratioError = ratio * ((ve.errorOfMean / ve.mean) * (ve.errorOfMean / ve.mean)
                                  + (vp.errorOfMean / vp.mean) * (vp.errorOfMean / vp.mean)).squareRoot()
        add(CheckOutcome(check: .positronVisibleEnergy, name: "E_vis e+ / e- \(Self.label(e))", value: ratio, error: ratioError,
                         band: 0.99...1.01, note: "e+ adds 1.022 MeV of annihilation energy"))
    }
}
