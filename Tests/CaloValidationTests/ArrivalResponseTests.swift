import CaloData
import CaloDetector
@testable import CaloValidation
import Foundation
import XCTest
import _TestSupport

/// The arrival response (`ArrivalResponse`): toy showers whose centroids follow the impact point
/// and direction by construction give back the slopes they were built with; a generator that
/// follows the impact point by half fails its check, one built like the reference passes.
final class ArrivalResponseTests: XCTestCase {
    /// Layer 0 resolves x (60 columns of 2 mm), layer 1 resolves y (60 rows of 2 mm), 120 mm wide.
    private let geometry = try! Geometry(json: """
        { "name": "strips", "transverse": { "widthMM": 400, "heightMM": 400 },
          "stack": { "period": [ { "material": "Pb", "thicknessMM": 2 }, { "material": "LAr", "thicknessMM": 4, "active": true } ], "repeat": 10 },
          "layers": [ { "zMM": [0, 30], "cells": { "rows": 1, "cols": 60, "heightMM": 120, "widthMM": 2 } },
                      { "zMM": [30, 60], "cells": { "rows": 60, "cols": 1, "heightMM": 2, "widthMM": 120 } } ] }
        """)

    /// Showers entering at (x0, y0) in +-10 mm with theta in 0-20 degrees, phi all round, E in
    /// 1-100 GeV: in layer l a Gaussian blob (sigma 4 mm, 10 % cell noise) centred at
    /// a0 impactFollowing + t (depth_l + 5 ln(E / 10 GeV)), depths 40 and 120 mm, plus 1 mm of
    /// shower-to-shower jitter.
    private func sample(count: Int, seed: UInt64, impactFollowing: Double = 1) -> ShowerBatch {
        var rng = TestRNG(seed: seed)
        func gauss() -> Double {
            let u = max(1e-12, Double(rng.float(0, 1))), v = Double(rng.float(0, 1))
            return (-2 * Foundation.log(u)).squareRoot() * Foundation.cos(2 * .pi * v)
        }
        var energies = [Float](), cells = [Float](), theta = [Float](), phi = [Float](), impact = [Float]()
        for _ in 0..<count {
            let e = Float(1000 * Foundation.exp(Double(rng.float(0, 4.6)))), th = rng.float(0, 0.349), ph = rng.float(-3.14, 3.14)
            let x0 = rng.float(-10, 10), y0 = rng.float(-10, 10)
            energies.append(e)
            (theta, phi, impact) = (theta + [th], phi + [ph], impact + [x0, y0])
            let t = Double(Foundation.tan(th)), lnE = Foundation.log(Double(e) / 10_000)
            for (l, layer) in geometry.layers.enumerated() {
                let depth = (l == 0 ? 40.0 : 120.0) + 5 * lnE
                let centre = l == 0 ? Double(x0) * impactFollowing + t * Double(Foundation.cos(ph)) * depth + gauss()
                                    : Double(y0) * impactFollowing + t * Double(Foundation.sin(ph)) * depth + gauss()
                for row in 0..<layer.rows {
                    for col in 0..<layer.cols {
                        let p = layer.cellCentre(row: row, col: col), d = (l == 0 ? p.xMM : p.yMM) - centre
                        cells.append(Float(Double(e) * 0.4 * Foundation.exp(-0.5 * d * d / 16) * max(0, 1 + 0.1 * gauss())))
                    }
                }
            }
        }
        return ShowerBatch(incidentEnergiesMeV: energies, cellEnergiesMeV: cells, particles: Array(repeating: .electron, count: count),
                           arrival: (theta, phi, impact), cellCount: geometry.cellCount)
    }

    private func response(_ reference: ShowerBatch, _ generated: ShowerBatch) throws -> ArrivalResponse {
        let calculator = ObservableCalculator(geometry: geometry)
        func values(_ b: ShowerBatch) -> [[Float]] {
            var out = calculator.observables.map { _ in [Float]() }
            for i in 0..<b.count {
                let v = calculator.values(of: Array(b.cellEnergiesMeV[i * b.cellCount..<(i + 1) * b.cellCount]),
                                          incidentEnergyMeV: b.incidentEnergiesMeV[i])
                for (k, o) in calculator.observables.enumerated() { out[k].append(Float(v[o] ?? .nan)) }
            }
            return out
        }
        return try XCTUnwrap(ArrivalResponse.make(reference: reference, generated: generated, observables: calculator.observables,
                                                  referenceObservables: values(reference), generatedObservables: values(generated),
                                                  layers: 2))
    }

    func testSlopesOfToyShowersAndChecks() throws {
        let reference = sample(count: 3000, seed: 1)
        let good = try response(reference, sample(count: 3000, seed: 2))
        func slope(_ r: ArrivalResponse, _ layer: Int, _ term: String) throws -> ArrivalResponse.Slope {
            try XCTUnwrap(r.slopes.first { $0.layer == layer && $0.axis == (layer == 0 ? "x" : "y") && $0.term == term })
        }
        // The slopes the showers were built with, within 5 standard errors.
        for (layer, depth) in [(0, 40.0), (1, 120.0)] {
            let impact = try slope(good, layer, "impact"), d = try slope(good, layer, "depth")
            XCTAssertEqual(impact.reference, 1, accuracy: 5 * impact.referenceError)
            XCTAssertEqual(d.reference, depth, accuracy: 5 * d.referenceError)
            XCTAssertLessThan(impact.referenceError, 0.01)
            XCTAssertTrue(impact.isChecked && d.isChecked)
        }
        let checks = good.checks(thresholds: Thresholds())
        XCTAssertEqual(checks.count, good.slopes.filter(\.isChecked).count)
        XCTAssertGreaterThanOrEqual(checks.count, 4)
        XCTAssertTrue(checks.allSatisfy(\.passed), checks.filter { !$0.passed }.map(\.detail).joined(separator: "; "))
        let table = ReportWriter.arrivalTable(good)
        XCTAssertTrue(table.contains("| 0 | x | impact (mm/mm) |"), table)
        XCTAssertEqual(checks.filter { !$0.passed }.count, 0)
        // A generator that follows the impact point by half.
        let half = try response(reference, sample(count: 3000, seed: 2, impactFollowing: 0.5))
        let failed = half.checks(thresholds: Thresholds()).filter { !$0.passed }
        XCTAssertEqual(Set(failed.map(\.name)), ["impact slope of the layer-0 centroid in x", "impact slope of the layer-1 centroid in y"])
        for c in failed { XCTAssertEqual(c.value, 0.5, accuracy: 0.03) }
        var options = ValidationOptions()
        options.classifier = nil
        let report = try Validator.run(ValidationInput(geometry: geometry, reference: reference, generated: sample(count: 3000, seed: 3, impactFollowing: 0.5),
                                                       provenance: Provenance(reference: "a", generated: "b")),
                                       options: options)
        print(report.summaryLine)
        // Without recorded arrivals there is nothing to fit.
        let plain = ShowerBatch(incidentEnergiesMeV: reference.incidentEnergiesMeV, cellEnergiesMeV: reference.cellEnergiesMeV,
                                cellCount: geometry.cellCount)
        XCTAssertNil(ArrivalResponse.make(reference: plain, generated: plain, observables: [], referenceObservables: [],
                                          generatedObservables: [], layers: 2))
    }
}
