import CaloData
import CaloDetector
@testable import CaloValidation
import XCTest

/// The classifier two-sample test: AUC about 0.5 on two halves of one sample, near 1 on
/// clearly different samples.
final class ClassifierTests: XCTestCase {
    var geometry: Geometry!

    override func setUpWithError() throws { geometry = try Geometry.resolve("calogan") }

    /// Small and quick: this runs in a debug build.
    func options() -> ClassifierOptions { .quick(epochs: 6) }

    func observables(_ s: ShowerBatch) -> [[Float]] {
        let calc = ObservableCalculator(geometry: geometry)
        let rings = geometry.layers.map(RadialBins.init(layer:))
        return SampleSummary(sample: s, calculator: calc, rings: rings, threads: 2).values
    }

    func testTwoHalvesOfOneSampleAreIndistinguishable() throws {
        let all = ToyShowers.make(geometry: geometry, count: 2400, seed: 31)
        let a = all.slice(0..<1200), b = all.slice(1200..<2400)
        let results = try ClassifierTest.run(reference: a, generated: b, referenceObservables: observables(a),
                                             generatedObservables: observables(b), options: options(), threads: 2)
        XCTAssertEqual(results.map(\.features), ["low-level", "high-level"])
        for r in results {
            print("same distribution, \(r.features): AUC \(r.auc) +- \(r.aucError)")
            // Held-out AUC of one distribution scatters around 0.5 by its statistical error;
            // allow 4 errors plus a little for the network's dependence on the training half.
            XCTAssert(abs(r.auc - 0.5) < 4 * r.aucError + 0.02,
                      "\(r.features): AUC \(r.auc) +- \(r.aucError) on \(r.testCount) + \(r.testCount) showers, expected 0.5")
            XCTAssertEqual(r.testCount, 480)
            XCTAssertEqual(r.roc.falsePositiveRate.last, 1)
        }
    }

    func testClearlyDifferentSamplesAreTold() throws {
        let a = ToyShowers.make(geometry: geometry, count: 1200, seed: 32)
        let b = ToyShowers.make(geometry: geometry, count: 1200, seed: 33, widthMM: 40, shiftMM: 15)
        let results = try ClassifierTest.run(reference: a, generated: b, referenceObservables: observables(a),
                                             generatedObservables: observables(b), options: options(), threads: 2,
                                             log: { print($0) })
        for r in results {
            print("different distributions, \(r.features): AUC \(r.auc) +- \(r.aucError)")
            XCTAssert(r.auc > 0.95, "\(r.features): AUC \(r.auc) for showers 60% wider and shifted by 15 mm")
        }
    }

    func testFeaturesAreLogScaledAndStandardised() {
        let s = ShowerBatch(incidentEnergiesMeV: [1000, 10_000], cellEnergiesMeV: [100, 0, 1, 1000], cellCount: 2)
        var f = ClassifierFeatures.lowLevel(s, indices: [0, 1])
        XCTAssertEqual(f.width, 3)
        XCTAssertEqual(f.values, [-1, -7, 3, -4, -1, 4])
        let (mean, scale) = ClassifierFeatures.standardisation([f])
        f.standardise(mean: mean, scale: scale)
        // Column 0 holds -1 and -4: mean -2.5, standard deviation 1.5.
        XCTAssertEqual(f.values[0], 1, accuracy: 1e-6)
        XCTAssertEqual(f.values[3], -1, accuracy: 1e-6)
    }
}
