import CaloData
import CaloDetector
@testable import CaloValidation
import Foundation
import XCTest

/// Mixed samples: checks per species and theta bin (a classifier test per species), and the
/// e-/photon classifier on both samples.
final class ValidationSliceTests: XCTestCase {
    var geometry: Geometry!

    override func setUpWithError() throws { geometry = try Geometry.resolve("calogan") }

    /// `count` toy electrons (25 mm wide) and `count` toy "photons" (`photonWidthMM` wide, 3 %
    /// lower response unless `photonsLikeElectrons`), theta uniform in [0, 30] degrees.
    func sample(count: Int, seed: UInt64, photonsLikeElectrons: Bool = false, photonWidthMM: Double = 35) -> ShowerBatch {
        var batch = ToyShowers.make(geometry: geometry, count: count, seed: seed)
        let photons = photonsLikeElectrons
            ? ToyShowers.make(geometry: geometry, count: count, seed: seed + 100)
            : ToyShowers.make(geometry: geometry, count: count, seed: seed + 100, widthMM: photonWidthMM, responseScale: 0.97)
        batch.append(contentsOf: photons)
        batch.particles = (0..<(2 * count)).map { $0 < count ? .electron : .photon }
        batch.recordsArrival = true
        batch.incidentThetaRadians = (0..<(2 * count)).map { Float(($0 * 7919) % 1000) / 1000 * 30 * .pi / 180 }
        return batch
    }

    func options() -> ValidationOptions {
        var o = ValidationOptions()
        o.threads = 2
        o.coverage = nil
        var c = ClassifierOptions()
        (c.hiddenUnits, c.epochs, c.batchSize, c.highLevel, c.maxShowersPerClass) = ([32], 15, 100, false, 800)
        o.classifier = c
        return o
    }

    func testSlicesAndSpeciesSeparation() throws {
        let reference = sample(count: 800, seed: 31)
        let good = try Validator.run(ValidationInput(geometry: geometry, reference: reference, generated: sample(count: 800, seed: 32),
                                                     provenance: Provenance(reference: "a", generated: "b")), options: options())
        let names = try XCTUnwrap(good.slices).map(\.name)
        XCTAssertEqual(names.count, 2 + 2 * ValidationSlice.angleBins, "\(names)")
        XCTAssertEqual(Array(names.prefix(2)), ["e-", "gamma"])
        XCTAssertTrue(names[2].hasPrefix("e-, theta 0-"), names[2])
        XCTAssertEqual(good.slices!.filter { $0.thetaLowDegrees == nil }.map(\.referenceCount), [800, 800])
        XCTAssertEqual(good.slices!.filter { $0.particleCode == 22 && $0.thetaLowDegrees != nil }.map(\.referenceCount).reduce(0, +), 800)
        let species = try XCTUnwrap(good.speciesSeparation)
        XCTAssertGreaterThan(species.reference[0].auc, 0.9, "wider photons are told apart")
        let agree = try XCTUnwrap(good.checks.first { $0.check == .speciesSeparation })
        XCTAssertTrue(agree.passed, "\(agree.name): \(agree.value) (\(agree.detail))")
        // Two samples of one distribution: S of E_tot/E_inc within a few statistical floors in each slice.
        for s in good.slices! {
            XCTAssertLessThan(s.totalEnergy.separationPower, 4 * s.totalEnergy.separationFloor, "\(s.name)")
        }
        // The whole samples' classifier sees the species and theta, the species' own and the
        // e-/gamma ones theta alone (phi and the impact point are constant here).
        XCTAssertEqual(good.classifiers.map(\.conditionColumns), [["species e-", "species gamma", "cos theta"]])
        XCTAssertEqual(species.reference.map(\.conditionColumns), [["cos theta"]])
        XCTAssertEqual(species.generated.map(\.conditionColumns), [["cos theta"]])
        XCTAssertEqual(species.onGenerated.map(\.conditionColumns), [["cos theta"]])
        XCTAssertEqual(species.onGenerated.map(\.testCount), [800], "the reference's classifier scores 800 generated showers per class")
        for s in good.slices! {
            if s.thetaLowDegrees == nil {
                XCTAssertEqual(s.classifiers?.map(\.conditionColumns), [["cos theta"]], s.name)
                XCTAssertEqual(s.classifiers?.map(\.testCount), [240], "\(s.name): 800 showers per class, 30 % held out")
            } else {
                XCTAssertNil(s.classifiers, "\(s.name): theta slices have no classifier of their own")
            }
        }
        let sliceAUCs = good.checks.filter { $0.check == .classifierAUC && $0.slice != nil }
        XCTAssertEqual(sliceAUCs.map(\.name), ["[e-] classifier AUC, low-level features", "[gamma] classifier AUC, low-level features"])
        XCTAssertEqual(sliceAUCs.map(\.slice), ["e-", "gamma"])
        XCTAssertEqual(sliceAUCs.map(\.limit), [options().thresholds.classifierAUC, options().thresholds.classifierAUC])
        XCTAssertTrue(sliceAUCs.allSatisfy(\.passed), "two samples of one distribution: \(sliceAUCs.map { "\($0.name) \($0.value)" })")
        XCTAssertTrue(sliceAUCs.allSatisfy { $0.detail.hasSuffix("conditioned on log10 E_inc, cos theta") }, "\(sliceAUCs.map(\.detail))")

        // Photons generated as electrons: the photon slices and the e-/gamma check fail, the
        // electron slice does not.
        let bad = try Validator.run(ValidationInput(geometry: geometry, reference: reference,
                                                    generated: sample(count: 800, seed: 33, photonsLikeElectrons: true),
                                                    provenance: Provenance(reference: "a", generated: "b")), options: options())
        let check = try XCTUnwrap(bad.checks.first { $0.check == .speciesSeparation })
        XCTAssertFalse(check.passed, "\(check.detail)")
        XCTAssertLessThan(bad.speciesSeparation!.generated[0].auc, 0.65, "photons like electrons are not told apart")
        XCTAssertLessThan(bad.speciesSeparation!.onGenerated[0].auc, 0.65, "the reference's classifier finds no photons among them")
        let response = bad.checks.filter { $0.check == .response && $0.slice == "gamma" }
        XCTAssertFalse(response.isEmpty)
        XCTAssertTrue(response.allSatisfy { !$0.passed }, "a 3 % response offset of photons: \(response.map(\.detail))")
        XCTAssertTrue(bad.checks.filter { $0.check == .response && $0.slice == "e-" }.allSatisfy(\.passed))
        // Narrower photons are told from the reference's within the photons; the electrons are right.
        let gammaAUC = try XCTUnwrap(bad.checks.first { $0.name == "[gamma] classifier AUC, low-level features" })
        XCTAssertFalse(gammaAUC.passed, "photons generated as electrons: AUC \(gammaAUC.value)")
        let electronAUC = try XCTUnwrap(bad.checks.first { $0.name == "[e-] classifier AUC, low-level features" })
        XCTAssertTrue(electronAUC.passed, "electrons as the reference's: AUC \(electronAUC.value)")
        print(String(format: "per-species classifier AUCs: good e- %.3f, gamma %.3f; photons as electrons: e- %.3f, gamma %.3f",
                     sliceAUCs[0].value, sliceAUCs[1].value, electronAUC.value, gammaAUC.value))
        let markdown = ReportWriter.markdown(bad, figures: [])
        XCTAssertTrue(markdown.contains("### Checks by species and angle"), markdown)
        XCTAssertTrue(markdown.contains("#### gamma: 800 reference, 800 generated showers"), markdown)
        XCTAssertTrue(markdown.contains("### e- against gamma"), markdown)
        XCTAssertTrue(markdown.contains("| all | low-level | log10 E_inc, species e-, species gamma, cos theta |"), markdown)
        XCTAssertTrue(markdown.contains("| gamma | low-level | log10 E_inc, cos theta |"), markdown)
        XCTAssertTrue(markdown.contains("| [gamma] classifier AUC, low-level features |"), markdown)
        XCTAssertTrue(markdown.contains("Conditioned on log10 E_inc, cos theta."), markdown)
        let back = try ReportWriter.read(json: try ReportWriter.json(bad))
        XCTAssertEqual(back.slices?.count, bad.slices?.count)
        XCTAssertEqual(back.slices?.compactMap { $0.classifiers?.map(\.auc) }, bad.slices?.compactMap { $0.classifiers?.map(\.auc) })
        XCTAssertEqual(back.classifiers.map(\.conditionColumns), bad.classifiers.map(\.conditionColumns))
        XCTAssertEqual(back.checks.filter { $0.slice == "gamma" }.count, bad.checks.filter { $0.slice == "gamma" }.count)
    }

    /// A generator that exaggerates the species' difference fails the check as one that blurs it
    /// does: reference photons 28 mm wide against 25 mm electrons, generated ones 34 mm.
    func testExaggeratedSpeciesDifferenceFails() throws {
        let reference = sample(count: 800, seed: 51, photonWidthMM: 28)
        var o = options()
        o.thresholds.classifierAUC = 1
        func species(_ generated: ShowerBatch) throws -> (check: ValidationCheck, separation: SpeciesSeparation) {
            let report = try Validator.run(ValidationInput(geometry: geometry, reference: reference, generated: generated,
                                                           provenance: Provenance(reference: "a", generated: "b")), options: o)
            return (try XCTUnwrap(report.checks.first { $0.check == .speciesSeparation }), try XCTUnwrap(report.speciesSeparation))
        }
        let faithful = try species(sample(count: 800, seed: 52, photonWidthMM: 28))
        XCTAssertTrue(faithful.check.passed, faithful.check.detail)
        let exaggerated = try species(sample(count: 800, seed: 52, photonWidthMM: 34))
        XCTAssertFalse(exaggerated.check.passed, exaggerated.check.detail)
        XCTAssertGreaterThan(exaggerated.separation.onGenerated[0].auc, exaggerated.separation.reference[0].auc + 0.02)
        print(String(format: "e-/gamma AUC of the reference's classifier: reference %.3f, faithful %.3f, exaggerated %.3f",
                     faithful.separation.reference[0].auc, faithful.separation.onGenerated[0].auc, exaggerated.separation.onGenerated[0].auc))
    }

    /// One species at one angle: no slices and no species check, as before.
    func testPlainSamplesHaveNoSlices() throws {
        let a = ToyShowers.make(geometry: geometry, count: 300, seed: 41), b = ToyShowers.make(geometry: geometry, count: 300, seed: 42)
        var o = options()
        o.classifier = nil
        let report = try Validator.run(ValidationInput(geometry: geometry, reference: a, generated: b,
                                                       provenance: Provenance(reference: "a", generated: "b")), options: o)
        XCTAssertNil(report.slices)
        XCTAssertNil(report.speciesSeparation)
        XCTAssertFalse(String(decoding: try ReportWriter.json(report), as: UTF8.self).contains("\"slice"))
    }
}
