import CaloSim
import Foundation

extension PhysicsCheckRun {
    /// Geant4 TestEm3 (docs/physics.md §14.9): 10 GeV e- in `testem3` deposit on average 6726.72 MeV
    /// in the PbWO4 and 2568.84 MeV in the argon in Geant4; calosim within 1 % of both.
    func testem3Checks() throws {
        let e = PhysicsReference.geant4Testem3EnergyMeV / 1000
        let s = try sample("testem3", .electron, energyGeV: e, count: configuration.testem3Showers ?? configuration.showers)
        let a = Testem3Analysis(depositedPerLayer: s.showers.map(\.depositedPerLayer),
                                activePerLayer: s.showers.map(\.activePerLayer))
        let tol = PhysicsReference.geant4Tolerance
        let g4a = PhysicsReference.geant4Testem3AbsorberMeV, g4l = PhysicsReference.geant4Testem3ArgonMeV
        add(CheckOutcome(check: .testem3Absorber, name: "TestEm3 10 GeV e-: PbWO4 deposit", value: a.absorber.mean,
                         error: a.absorber.errorOfMean, band: PhysicsReference.band(g4a, relative: tol), unit: "MeV",
                         note: String(format: "N=%d, rms %.1f MeV, Geant4 %.2f, ratio %.4f", s.showers.count,
                                      a.absorber.rms, g4a, a.absorber.mean / g4a)))
        add(CheckOutcome(check: .testem3Argon, name: "TestEm3 10 GeV e-: LAr deposit", value: a.argon.mean,
                         error: a.argon.errorOfMean, band: PhysicsReference.band(g4l, relative: tol), unit: "MeV",
                         note: String(format: "N=%d, rms %.1f MeV, Geant4 %.2f, ratio %.4f", s.showers.count,
                                      a.argon.rms, g4l, a.argon.mean / g4l)))
        add(CheckOutcome(check: .testem3VisibleFraction, name: "TestEm3 LAr / (LAr + PbWO4)", value: a.visibleOverDeposited, error: 0,
                         band: PhysicsReference.band(g4l / (g4l + g4a), relative: tol), informational: true,
                         note: "Geant4 0.2764; peak layer \(a.peakLayer + 1) (1-based, absorber and argon counted)"))
        report.diagnostics["testem3 mean deposit per slab (MeV)"] = a.meanPerLayer
    }
}
