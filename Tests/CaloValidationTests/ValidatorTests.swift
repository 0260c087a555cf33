import CaloData
import CaloDetector
@testable import CaloValidation
import Foundation
import XCTest

/// The whole validation on toy showers: two samples of one distribution pass with S near its
/// floor; a sample with wider showers fails on the widths.
final class ValidatorTests: XCTestCase {
    var geometry: Geometry!

    override func setUpWithError() throws { geometry = try Geometry.resolve("calogan") }

    func options() -> ValidationOptions {
        var o = ValidationOptions()
        o.classifier = nil
        o.threads = 2
        return o
    }

    func testSameDistributionPasses() throws {
        let a = ToyShowers.make(geometry: geometry, count: 3000, seed: 11)
        let b = ToyShowers.make(geometry: geometry, count: 3000, seed: 12)
        let input = ValidationInput(geometry: geometry, reference: a, generated: b,
                                    provenance: Provenance(reference: "toy 11", generated: "toy 12"))
        let report = try Validator.run(input, options: options())
        let separation = report.checks.filter { $0.name.hasPrefix("separation") }
        XCTAssert(!separation.isEmpty)
        for c in separation { XCTAssert(c.passed, "\(c.name) = \(c.value) > \(c.limit) for two samples of one distribution (\(c.detail))") }
        // Each S within a few floors of its statistical floor.
        for h in report.observables where h.separationFloor > 0 {
            XCTAssert(h.separationPower < 4 * h.separationFloor, "\(h.key): S = \(h.separationPower), floor \(h.separationFloor)")
        }
        XCTAssertEqual(report.referenceCount, 3000)
        // Coverage: 1500 showers per sample, both fakes near the expectation of one distribution.
        let coverage = try XCTUnwrap(report.coverage)
        XCTAssertEqual(coverage.showers, 1500)
        let spread = (coverage.expectedCoverage * (1 - coverage.expectedCoverage) / 1500).squareRoot()
        for m in [coverage.referenceVsReference, coverage.generatedVsReference] {
            XCTAssertEqual(m.coverage, coverage.expectedCoverage, accuracy: 4 * spread)
        }
        XCTAssert(report.checks.contains { $0.check == .coverage && $0.passed }, "coverage check of two samples of one distribution")
        XCTAssertEqual(report.observables.count, Observable.all(layerCount: 3).count)
        XCTAssertEqual(report.meanImages.count, 3)
        XCTAssertEqual(report.powerSpectra.count, 3)
        XCTAssert(report.response.bins.count == 5, "5 energy bins for a continuous spectrum, got \(report.response.bins.count)")
    }

    func testWiderShowersFailOnTheWidths() throws {
        let a = ToyShowers.make(geometry: geometry, count: 2000, seed: 13)
        let b = ToyShowers.make(geometry: geometry, count: 2000, seed: 14, widthMM: 32)
        let report = try Validator.run(ValidationInput(geometry: geometry, reference: a, generated: b,
                                                       provenance: Provenance(reference: "a", generated: "b")),
                                       options: options())
        XCTAssertFalse(report.passed)
        let widths = report.observables.filter { $0.key == "layer1.width_x" }.first!
        XCTAssert(widths.separationPower > 0.1, "S of 28% wider showers is \(widths.separationPower)")
        XCTAssert(widths.generatedStatistics.mean > widths.referenceStatistics.mean * 1.1)
        XCTAssert(report.summaryLine.hasPrefix("FAIL"), report.summaryLine)
    }

    func testInputErrorsSpeakPlainly() throws {
        let a = ToyShowers.make(geometry: geometry, count: 10, seed: 1)
        let short = ShowerBatch(incidentEnergiesMeV: [1000], cellEnergiesMeV: [Float](repeating: 0, count: 368), cellCount: 368)
        XCTAssertThrowsError(try ValidationInput(geometry: geometry, reference: a, generated: short,
                                                 provenance: Provenance(reference: "a", generated: "b")).check()) { error in
            XCTAssertEqual("\(error)", "generated has 368 cells per shower, geometry 'calogan' has 504")
        }
        var noEnergy = a
        noEnergy.incidentEnergiesMeV[3] = 0
        XCTAssertThrowsError(try Validator.run(ValidationInput(geometry: geometry, reference: noEnergy, generated: a,
                                                               provenance: Provenance(reference: "a", generated: "b")))) { error in
            XCTAssert("\(error)".contains("shower 3 has incident energy 0.0 MeV"), "\(error)")
        }
    }

    /// Samples of different recorded species are refused; unrecorded species are not compared.
    func testParticleSpeciesMustAgreeWhereRecorded() throws {
        let a = ToyShowers.make(geometry: geometry, count: 10, seed: 1)
        var electrons = a, positrons = a
        electrons.particles = Array(repeating: .electron, count: a.count)
        positrons.particles = Array(repeating: .positron, count: a.count)
        XCTAssertThrowsError(try ValidationInput(geometry: geometry, reference: electrons, generated: positrons,
                                                 provenance: Provenance(reference: "a", generated: "b")).check()) { error in
            XCTAssertEqual(error as? ValidationInputError, .particleMismatch(reference: [.electron], generated: [.positron]))
            XCTAssertEqual("\(error)", "the reference showers are e-, the generated ones e+; compare showers of one particle species")
        }
        XCTAssertNoThrow(try ValidationInput(geometry: geometry, reference: electrons, generated: a,
                                             provenance: Provenance(reference: "a", generated: "b")).check())
        XCTAssertNoThrow(try ValidationInput(geometry: geometry, reference: electrons, generated: electrons,
                                             provenance: Provenance(reference: "a", generated: "b")).check())
    }

    func testReportRoundTripsThroughJSONAndMarkdown() throws {
        let a = ToyShowers.make(geometry: geometry, count: 400, seed: 21)
        let b = ToyShowers.make(geometry: geometry, count: 400, seed: 22)
        let report = try Validator.run(ValidationInput(geometry: geometry, reference: a, generated: b,
                                                       provenance: Provenance(reference: "a.h5", generated: "b.h5", seed: 7),
                                                       timings: TimingTable(referenceMsPerShower: 30, generator: [
                                                           .init(label: "generator", batchSize: 128, msPerShower: 0.3)], threads: 2)),
                                       options: options())
        let json = try ReportWriter.json(report)
        let back = try ReportWriter.read(json: json)
        XCTAssertEqual(back.observables.count, report.observables.count)
        XCTAssertEqual(back.formatVersion, ValidationReport.currentFormatVersion)
        XCTAssertEqual(back.timings?.speedUps?.first ?? 0, 100, accuracy: 1e-9)
        XCTAssertEqual(back.checks.map(\.passed), report.checks.map(\.passed))
        XCTAssertEqual(back.checks.map(\.check), report.checks.map(\.check))
        XCTAssertEqual(Set(report.checks.map(\.check)), [.separationPower, .response, .resolution, .coreResolution, .coverage])
        XCTAssertEqual(back.coverage, report.coverage)
        XCTAssertEqual(report.coverage?.showers, 200)
        XCTAssert(String(decoding: json, as: UTF8.self).contains("\"check\" : \"separation-power\""))
        let md = ReportWriter.markdown(report, figures: [ReportFigure(section: "Observables", file: "obs_total_energy.png",
                                                                      caption: "total energy")])
        XCTAssert(md.contains("![total energy](obs_total_energy.png)"))
        XCTAssert(md.contains("| separation power of E_tot / E_inc |"))
        XCTAssert(md.contains("| reference simulator | 1 |"))
        XCTAssert(md.contains("### Precision, recall, density and coverage"))
        XCTAssert(md.contains("| reference half B |"))
        // Reports written before the coverage metrics still read (no "coverage" key).
        var old = try JSONSerialization.jsonObject(with: json) as! [String: Any]
        old["coverage"] = nil
        XCTAssertNil(try ReportWriter.read(json: try JSONSerialization.data(withJSONObject: old)).coverage)
    }

    /// A check written before checks carried their name gets it from the start of its title; a
    /// title it cannot place is refused.
    func testCheckWithoutNameReadsFromItsTitle() throws {
        func read(_ name: String) throws -> ValidationCheck {
            let json = "{\"name\": \"\(name)\", \"value\": 0.01, \"limit\": 0.02, \"passed\": true, \"detail\": \"\"}"
            return try JSONDecoder().decode(ValidationCheck.self, from: Data(json.utf8))
        }
        XCTAssertEqual(try read("separation power of E_tot / E_inc").check, .separationPower)
        XCTAssertEqual(try read("response, E_inc 1-2 GeV").check, .response)
        XCTAssertEqual(try read("resolution, E_inc 1-2 GeV").check, .resolution)
        XCTAssertEqual(try read("classifier AUC, cell features").check, .classifierAUC)
        XCTAssertThrowsError(try read("something else"))
    }

    func testMeanImageAndProfilesOfHandBuiltShowers() throws {
        // Two showers with 100 and 300 MeV in one layer-1 cell and 50 MeV in a layer-2 cell.
        let layer = geometry.layers[1]
        let cell = layer.firstCell + 6 * layer.cols + 6
        var cells = [Float](repeating: 0, count: 2 * geometry.cellCount)
        cells[cell] = 100
        cells[geometry.cellCount + cell] = 300
        cells[geometry.layers[2].firstCell] = 50
        cells[geometry.cellCount + geometry.layers[2].firstCell] = 50
        let sample = ShowerBatch(incidentEnergiesMeV: [1000, 1000], cellEnergiesMeV: cells, cellCount: geometry.cellCount)
        let report = try Validator.run(ValidationInput(geometry: geometry, reference: sample, generated: sample,
                                                       provenance: Provenance(reference: "a", generated: "a")),
                                       options: options())
        let image = report.meanImages[1]
        XCTAssertEqual(image.reference[6 * layer.cols + 6], 200, accuracy: 1e-9)
        XCTAssertEqual(image.reference.reduce(0, +), 200, accuracy: 1e-9)
        // Radial profile: the cell centred at (20, 20) mm lies in the ring 0-40 mm of area 4 cells.
        let radial = report.radialProfiles[1]
        let rings = RadialBins(layer: layer)
        let ring = rings.ringOfCell[6 * layer.cols + 6]
        XCTAssertEqual(ring, 0)
        XCTAssertEqual(radial.reference[ring], 200 / rings.areaMM2[ring], accuracy: 1e-9)
        XCTAssertEqual(rings.areaMM2[0], 4 * 1600, "four cells have centres within 40 mm of the axis")
        XCTAssertEqual(radial.referenceError[ring], 100 / rings.areaMM2[ring], accuracy: 1e-9, "sd 141.4 / sqrt(2)")
        // Longitudinal: 1/E_inc dE/dz per layer, layer 1 is 347 mm deep.
        XCTAssertEqual(report.longitudinalProfile.reference[1], 0.2 / 347, accuracy: 1e-9)
        XCTAssertEqual(report.longitudinalProfile.reference[2], 0.05 / 43, accuracy: 1e-9)
        XCTAssertEqual(report.longitudinalProfile.maxRelativeDeviation, 0)
    }

    func testTimingMeasuresMillisecondsPerShower() {
        var calls = [Int]()
        let entries = TimingTable.measure(label: "sleep", batchSizes: [1, 4], minimumSeconds: 0.02) { n in
            calls.append(n)
            usleep(UInt32(2000 * n))  // 2 ms per shower
        }
        XCTAssertEqual(entries.map(\.batchSize), [1, 4])
        for e in entries {
            XCTAssert(e.msPerShower >= 2 && e.msPerShower < 10, "\(e.batchSize): \(e.msPerShower) ms per shower for a 2 ms sleep")
        }
        XCTAssert(calls.filter { $0 == 1 }.count >= 2, "a warm-up call and at least one timed call")
    }

    func testThresholdsFromAPartialJSONFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("thresholds-\(getpid()).json")
        try Data(#"{"classifierAUC": 0.7}"#.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let t = try Thresholds.load(file: url)
        XCTAssertEqual(t.classifierAUC, 0.7)
        XCTAssertEqual(t.separationPowerStrict, 0.02)
    }
}
