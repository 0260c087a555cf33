import CaloData
import CaloDetector
@testable import CaloValidation
import _TestSupport
import Foundation
import XCTest

/// The condition columns of the classifier test: which columns a reference yields, and that with
/// them the classifier catches a generator that gets a condition's effect wrong while matching
/// the mixture over all conditions.
final class ClassifierConditionsTests: XCTestCase {
    /// Two layers of 8 x 8 cells of 10 mm (128 cells): small enough for a debug build.
    static let smallGeometry = """
        { "name": "small", "transverse": { "widthMM": 80, "heightMM": 80 },
          "stack": { "period": [ { "material": "Pb", "thicknessMM": 2 }, { "material": "LAr", "thicknessMM": 4, "active": true } ], "repeat": 4 },
          "layers": [ { "zMM": [0, 12], "cells": { "rows": 8, "cols": 8, "heightMM": 10, "widthMM": 10 } },
                      { "zMM": [12, 24], "cells": { "rows": 8, "cols": 8, "heightMM": 10, "widthMM": 10 } } ] }
        """

    func options() -> ClassifierOptions { .quick(epochs: 10) }

    /// Toy showers whose centroid sits at the impact point x: `perGroup` showers at each of four
    /// impact points 12 mm apart (3 mm of jitter on the centroid). With `shuffled`, the impact
    /// points are permuted over the showers afterwards: the same mixture of showers and the same
    /// impact points, but no dependence between them.
    func sample(geometry: Geometry, perGroup: Int, seed: UInt64, shuffled: Bool) -> ShowerBatch {
        let impactsMM: [Float] = [-18, -6, 6, 18]
        var batch = ShowerBatch(cellCount: geometry.cellCount)
        var xs = [Float]()
        for (k, x) in impactsMM.enumerated() {
            batch.append(contentsOf: ToyShowers.make(geometry: geometry, count: perGroup, seed: seed + UInt64(k), widthMM: 10,
                                                     shiftMM: Double(x)))
            xs += Array(repeating: x, count: perGroup)
        }
        if shuffled {
            var rng = TestRNG(seed: seed + 1000)
            xs.shuffle(using: &rng)
        }
        batch.recordsArrival = true
        batch.impactPointsMM = xs.flatMap { [$0, 0] }
        return batch
    }

    func observables(_ s: ShowerBatch, geometry: Geometry) -> [[Float]] {
        let calc = ObservableCalculator(geometry: geometry)
        return SampleSummary(sample: s, calculator: calc, rings: geometry.layers.map(RadialBins.init(layer:)), threads: 2).values
    }

    func testConditionColumnsCatchAWrongDependence() throws {
        let geometry = try Geometry(json: Self.smallGeometry)
        let reference = sample(geometry: geometry, perGroup: 300, seed: 51, shuffled: false)
        let generated = sample(geometry: geometry, perGroup: 300, seed: 61, shuffled: true)
        let columns = ClassifierConditions(reference: reference)
        XCTAssertEqual(columns.names, ["impact x [mm]"])
        func run(_ columns: ClassifierConditions) throws -> [ClassifierResult] {
            try ClassifierTest.run(reference: reference, generated: generated,
                                   referenceObservables: observables(reference, geometry: geometry),
                                   generatedObservables: observables(generated, geometry: geometry),
                                   options: options(), threads: 2, columns: columns)
        }
        let plain = try run(ClassifierConditions()), conditioned = try run(columns)
        XCTAssertEqual(plain.map(\.features), ["low-level", "high-level"])
        XCTAssertEqual(conditioned.map(\.featureCount), plain.map { $0.featureCount + 1 })
        XCTAssertEqual(conditioned.map(\.conditionColumns), [["impact x [mm]"], ["impact x [mm]"]])
        XCTAssertEqual(plain.map(\.conditionColumns), [[], []])
        for (p, c) in zip(plain, conditioned) {
            print(String(format: "%@: AUC without conditions %.3f +- %.3f, with impact x %.3f +- %.3f", p.features,
                         p.auc, p.aucError, c.auc, c.aucError))
            // 480 + 480 held-out showers: two samples of one distribution give an AUC of 0.5 with
            // a standard deviation sqrt((n + m + 1) / (12 n m)) = 0.019 (Mann-Whitney); 3.5 of
            // them, 0.065, bound the plain test. The same mixture of showers: plain sees nothing.
            let n = Double(p.testCount)
            let nullSD = ((2 * n + 1) / (12 * n * n)).squareRoot()
            XCTAssertLessThan(p.auc, 0.5 + 3.5 * nullSD, "\(p.features): the mixtures are the same")
            // With the impact point the reference's showers sit where it says and three in four
            // generated ones do not (an ideal classifier: AUC about 0.87). 0.1 is over 3 standard
            // deviations of the difference of two AUCs of this test size (each at most 0.019).
            XCTAssertGreaterThan(c.auc, p.auc + 0.1, "\(c.features): the dependence on impact x is broken")
        }
    }

    /// One shower per condition set, 2 cells each.
    func batch(_ conditions: [ShowerConditions]) -> ShowerBatch {
        var b = ShowerBatch(cellCount: 2, recordsArrival: true)
        for c in conditions { b.append(cells: [c.incidentEnergyMeV * 0.5, c.incidentEnergyMeV * 0.4], conditions: c) }
        return b
    }

    func testConditionColumnsAreTheVaryingOnes() throws {
        func names(_ conditions: [ShowerConditions]) -> [String] { ClassifierConditions(reference: batch(conditions)).names }
        func c(_ p: Particle? = .electron, theta: Float = 0, phi: Float = 0, x: Float = 0, y: Float = 0) -> ShowerConditions {
            ShowerConditions(particle: p, incidentEnergyMeV: 1000, thetaRadians: theta, phiRadians: phi, impactXMM: x, impactYMM: y)
        }
        // One condition: no columns, and the features as wide as before (cells + log10 E_inc).
        let fixed = ToyShowers.make(geometry: try Geometry.resolve("calogan"), count: 20, seed: 3)
        let none = ClassifierConditions(reference: fixed)
        XCTAssertEqual(none.count, 0)
        XCTAssertEqual(ClassifierFeatures.lowLevel(fixed, indices: [0, 1], columns: none).width, fixed.cellCount + 1)
        XCTAssertEqual(ClassifierFeatures.lowLevel(fixed, indices: [0, 1], columns: none).values,
                       ClassifierFeatures.lowLevel(fixed, indices: [0, 1]).values)
        XCTAssertEqual(names([c(theta: 0.2, phi: 1, x: 3, y: -4), c(theta: 0.2, phi: 1, x: 3, y: -4)]), [])

        XCTAssertEqual(names([c(theta: 0), c(theta: 0.3)]), ["cos theta"])
        XCTAssertEqual(names([c(theta: 0, phi: -1), c(theta: 0.3, phi: 2)]), ["cos theta", "sin phi", "cos phi"])
        // Phi at normal incidence means nothing: no columns; at a fixed inclination it turns the shower.
        XCTAssertEqual(names([c(theta: 0, phi: -1), c(theta: 0, phi: 2)]), [])
        XCTAssertEqual(names([c(theta: 0.3, phi: -1), c(theta: 0.3, phi: 2)]), ["sin phi", "cos phi"])
        XCTAssertEqual(names([c(x: -5), c(x: 5)]), ["impact x [mm]"])
        XCTAssertEqual(names([c(y: -5), c(y: 5)]), ["impact y [mm]"])
        // Float noise below the spread of a quantity is a constant.
        XCTAssertEqual(names([c(x: 5), c(x: 5.0000005)]), [])
        let mixed = ClassifierConditions(reference: batch([c(.photon, theta: 0.1, x: 1), c(.electron, theta: 0.4, x: 2)]))
        XCTAssertEqual(mixed.names, ["species e-", "species gamma", "cos theta", "impact x [mm]"])
        XCTAssertEqual(mixed.arrival.names, ["cos theta", "impact x [mm]"])
        XCTAssertEqual(names([c(.photon), c(.photon, x: 1)]), ["impact x [mm]"], "one species: no one-hot")

        // The values each row ends with, after log10 E_inc.
        let showers = batch([c(.photon, theta: 0.1, x: 1), c(.electron, theta: 0.4, x: 2), c(nil, theta: 0.4, x: 2)])
        let f = ClassifierFeatures.lowLevel(showers, indices: [1, 0, 2], columns: mixed)
        XCTAssertEqual(f.width, 2 + 1 + 4)
        func close(_ a: ArraySlice<Float>, _ b: [Float], _ message: String = "") {
            XCTAssertEqual(a.count, b.count, message)
            for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: 1e-6, "\(Array(a)) vs \(b) \(message)") }
        }
        close(f.values[0..<7], [log10(0.5), log10(0.4), 3, 1, 0, cos(0.4), 2])
        close(f.values[7..<14], [log10(0.5), log10(0.4), 3, 0, 1, cos(0.1), 1])
        close(f.values[17..<19], [0, 0], "an unrecorded species is no species")
        let h = ClassifierFeatures.highLevel([[7, 8, 9]], energies: [1000, 1000, 1000], indices: [2, 0],
                                             conditions: [showers.conditions(2), showers.conditions(0)], columns: mixed.arrival)
        close(h.values[...], [9, 3, cos(0.4), 2, 7, 3, cos(0.1), 1])
    }

    /// A result written before the condition columns existed reads with none.
    func testResultWithoutConditionColumnsReads() throws {
        let result = ClassifierResult(features: "low-level", featureCount: 3, conditionColumns: ["cos theta"], auc: 0.6, aucError: 0.01,
                                      roc: ROCCurve(scores: [0, 1], labels: [false, true]), trainCount: 10, testCount: 10,
                                      epochs: 2, bestEpoch: 1, testLoss: 0.69, seconds: 1)
        var json = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(result)) as! [String: Any]
        XCTAssertEqual(json["conditionColumns"] as? [String], ["cos theta"])
        XCTAssertEqual(try JSONDecoder().decode(ClassifierResult.self, from: try JSONEncoder().encode(result)).conditionColumns,
                       ["cos theta"])
        json["conditionColumns"] = nil
        let old = try JSONDecoder().decode(ClassifierResult.self, from: try JSONSerialization.data(withJSONObject: json))
        XCTAssertEqual(old.conditionColumns, [])
        XCTAssertEqual(old.auc, 0.6)
    }
}
