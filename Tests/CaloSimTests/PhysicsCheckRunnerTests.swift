import CaloDetector
import CaloPhysicsCheck
import Foundation
import XCTest

/// `PhysicsCheck.run` end to end with a stand-in simulator whose answers are known: it must pass
/// what the stand-in gets right and fail what it gets wrong.
final class PhysicsCheckRunnerTests: XCTestCase {
    func configuration(_ checks: Set<PhysicsCheckConfiguration.Check>) -> PhysicsCheckConfiguration {
        var c = PhysicsCheckConfiguration()
        c.checks = checks
        c.showers = 40
        c.samplingEnergiesGeV = [1, 10, 100]
        c.bootstrapReplicas = 20
        c.threads = 2
        return c
    }

    /// The sampling fraction check passes at 0.17 and fails at 0.25; the ledger passes.
    func testSamplingFractionPassesAndFails() throws {
        for (fraction, shouldPass) in [(0.17, true), (0.25, false)] {
            let report = try PhysicsCheck.run(configuration: configuration([.sampling])) { g, _ in
                var f = FakeShowerSource(geometry: g)
                f.activeFraction = fraction
                f.points = 2000
                return f
            }
            let check = try XCTUnwrap(report.checks.first { $0.name.hasPrefix("sampling fraction") })
            XCTAssertEqual(check.passed, shouldPass, "fraction \(fraction): \(check)")
            XCTAssertEqual(check.value, fraction, accuracy: 5 * check.error, "measured \(check.value) +- \(check.error)")
            let ledger = try XCTUnwrap(report.checks.first { $0.name.hasPrefix("ledger") })
            XCTAssertEqual(ledger.status, .pass, "\(ledger)")
            let readout = try XCTUnwrap(report.checks.first { $0.name.hasPrefix("readout") })
            XCTAssertEqual(readout.status, .pass, "\(readout)")
            XCTAssert(report.table.hasSuffix("\(report.passedCount) passed, \(report.failedCount) failed"))
        }
    }

    /// The profile checks measure the stand-in's t_max (its known shape) and the slope of its
    /// ln E scaling, and the report round-trips through JSON.
    func testProfileChecksMeasureTheStandIn() throws {
        var c = configuration([.profile])
        c.profileEnergiesGeV = [1, 10]
        let report = try PhysicsCheck.run(configuration: c) { g, _ in FakeShowerSource(geometry: g) }
        let slope = try XCTUnwrap(report.checks.first { $0.name.hasPrefix("t_max slope") })
        // The stand-in's T and alpha both grow with ln y; its mean-profile peak moves by ~ln 10 per decade.
        XCTAssertEqual(slope.value, log(10), accuracy: max(0.4, 4 * slope.error), "\(slope)")
        let offset = try XCTUnwrap(report.checks.first { $0.name.hasPrefix("t_max gamma - e-") })
        XCTAssertEqual(offset.value, 1, accuracy: max(0.3, 4 * offset.error), "\(offset)")
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let back = try decoder.decode(PhysicsCheckReport.self, from: encoder.encode(report))
        XCTAssertEqual(back.checks.count, report.checks.count)
    }

    /// Containment of the stand-in (C(r) = r^2/(r^2 + 20^2)) at 1 R_M,eff = 35.5 mm is 0.759:
    /// the lateral check must measure it and fail the 87-93 % band.
    func testLateralCheckFailsANarrowShowerBand() throws {
        let report = try PhysicsCheck.run(configuration: configuration([.lateral])) { g, _ in
            var f = FakeShowerSource(geometry: g)
            f.points = 1500
            return f
        }
        let c1 = try XCTUnwrap(report.checks.first { $0.name.hasPrefix("containment 1 R_M") })
        let exact = 35.5 * 35.5 / (35.5 * 35.5 + 400)
        XCTAssertLessThan(abs(c1.value - exact) / c1.error, 3, "\(c1) vs \(exact)")
        XCTAssertEqual(c1.status, .fail)
    }

    /// The W/Si group measures the stand-in's silicon fraction (inside the informational band at
    /// e-hat f_mip = 0.0255, outside at 0.05), its t_max slope per decade, and reports every W/Si
    /// quantity.
    func testTungstenSiliconChecksMeasureTheStandIn() throws {
        for (fraction, shouldPass) in [(0.0255, true), (0.05, false)] {
            var c = configuration([.wsi])
            c.wsiEnergiesGeV = [1, 10]
            let report = try PhysicsCheck.run(configuration: c) { g, _ in
                var f = FakeShowerSource(geometry: g)
                f.activeFraction = fraction
                f.points = 4000
                f.x0MM = WSiReference.radiationLengthMM
                return f
            }
            let v = try XCTUnwrap(report.checks.first { $0.check == .wsiVisibleFraction })
            XCTAssertEqual(v.value, fraction, accuracy: 5 * v.error, "\(v)")
            XCTAssertEqual(v.status, .info, "\(v)")
            XCTAssertEqual(BandComparison(value: v.value, error: v.error, band: v.lower...v.upper).passed, shouldPass,
                           "fraction \(fraction): \(v)")
            let slope = try XCTUnwrap(report.checks.first { $0.check == .wsiShowerMaximumSlope })
            XCTAssertEqual(slope.value, log(10), accuracy: max(0.4, 4 * slope.error), "\(slope)")
            let ids = Set(report.checks.map(\.check))
            for id in PhysicsCheckID.allCases where id.group == .wsi {
                XCTAssert(ids.contains(id), "no \(id.rawValue) in the report")
            }
            XCTAssertEqual(report.samples.map(\.geometry), ["wsi", "wsi"])
        }
    }

    /// Bad sizes are rejected with a message naming the option.
    func testValidation() {
        var c = PhysicsCheckConfiguration()
        c.showers = 1
        XCTAssertThrowsError(try c.validate())
        c.showers = 10
        c.profileEnergiesGeV = [10]
        XCTAssertThrowsError(try c.validate()) { XCTAssert("\($0)".contains("two profile energies")) }
        c.profileEnergiesGeV = [1, 10]
        c.wsiEnergiesGeV = [100]
        XCTAssertThrowsError(try c.validate()) { XCTAssert("\($0)".contains("W/Si")) }
        c.wsiEnergiesGeV = [1, 2000]
        XCTAssertThrowsError(try c.validate()) { XCTAssert("\($0)".contains("2000")) }
    }
}
