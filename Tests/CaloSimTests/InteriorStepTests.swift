@testable import CaloSim
import CaloDetector
import Foundation
import XCTest

/// The interior soft-deflection limit (docs/physics.md §12.4): longer steps well inside the safety
/// leave the physics as the standard limit has it.
final class InteriorStepTests: XCTestCase {
    static let leadMillimetre = try! Geometry(json: """
    { "name": "lead-mm", "transverse": { "widthMM": 400, "heightMM": 400 },
      "stack": { "slabs": [ { "material": "Pb", "thicknessMM": 1 },
                            { "material": "LAr", "thicknessMM": 20, "active": true } ] },
      "layers": [ { "zMM": [0, 1], "cells": { "rows": 1, "cols": 1, "heightMM": 400, "widthMM": 400 } },
                  { "zMM": [1, 21], "cells": { "rows": 1, "cols": 1, "heightMM": 400, "widthMM": 400 } } ] }
    """)

    /// Mean and standard error of the share of 3 MeV that n electrons leave in 1 mm of lead.
    static func leadShare(_ configuration: SimulationConfiguration, n: Int, seed: UInt64) throws -> (mean: Double, error: Double) {
        let sim = try ShowerSimulator(geometry: leadMillimetre, configuration: configuration)
        var sum = 0.0, sum2 = 0.0
        for i in 0..<n {
            let r = sim.simulate(Primary(particle: .electron, kineticEnergyMeV: 3), seed: seed, showerIndex: UInt64(i))
            let f = r.depositedPerLayer[0] / 3
            sum += f; sum2 += f * f
        }
        let mean = sum / Double(n)
        return (mean, ((sum2 / Double(n) - mean * mean) / Double(n)).squareRoot())
    }

    /// 3 MeV e- on 1 mm of lead (a quarter of them backscattered, a few per cent of the energy
    /// carried through): the energy left in the lead is the same with the interior limit as without
    /// it (interior limit = the standard one), within 3 standard errors of the difference. Letting
    /// the long steps reach the safety itself (fraction 0.999) leaves 1.1 % less in the lead
    /// (0.7240 against 0.7320 +- 0.0007, 200,000 showers each), about 5.6 standard errors of this
    /// sample's difference (with 60,000 showers this test failed it at 3.5).
    func testInteriorStepsKeepTheEnergyLeftInLead() throws {
        var standard = SimulationConfiguration()
        standard.interiorSoftDeflectionLimit = standard.softDeflectionLimit
        let n = 90000
        let interior = try InteriorStepTests.leadShare(SimulationConfiguration(), n: n, seed: 11)
        let reference = try InteriorStepTests.leadShare(standard, n: n, seed: 12)
        let pull = (interior.mean - reference.mean)
            / (interior.error * interior.error + reference.error * reference.error).squareRoot()
        XCTAssertLessThan(abs(pull), 3, "lead share \(interior.mean) +- \(interior.error) vs standard steps \(reference.mean) +- \(reference.error)")
        XCTAssertGreaterThan(reference.mean, 0.6, "most of the energy stays in the lead")
        XCTAssertLessThan(reference.mean, 0.85, "backscatter and transmission take a share")
    }

    /// The interior limit takes fewer charged steps (what it is for), and a configuration with an
    /// interior limit below the standard one or a fraction (times the step-limit scale) outside
    /// [0, 1) is refused.
    func testFewerStepsAndBadSettingsRefused() throws {
        let geometry = try Geometry.resolve("calogan")
        var standard = SimulationConfiguration()
        standard.interiorSoftDeflectionLimit = standard.softDeflectionLimit
        let primary = Primary(particle: .electron, kineticEnergyMeV: 2000)
        let a = try ShowerSimulator(geometry: geometry).simulate(primary, seed: 5, showerIndex: 0)
        let b = try ShowerSimulator(geometry: geometry, configuration: standard).simulate(primary, seed: 5, showerIndex: 0)
        XCTAssertLessThan(Double(a.chargedSteps), 0.8 * Double(b.chargedSteps), "\(a.chargedSteps) vs \(b.chargedSteps) steps")
        var bad = SimulationConfiguration()
        bad.interiorSoftDeflectionLimit = 0.1
        XCTAssertThrowsError(try ShowerSimulator(geometry: geometry, configuration: bad))
        bad = SimulationConfiguration()
        bad.interiorSafetyFraction = 1
        XCTAssertThrowsError(try ShowerSimulator(geometry: geometry, configuration: bad))
        bad = SimulationConfiguration()
        bad.stepLimitScale = 4
        XCTAssertThrowsError(try ShowerSimulator(geometry: geometry, configuration: bad), "0.3 x 4 of the safety")
    }
}
