@testable import CaloValidation
import _TestSupport
import CaloData
import Foundation
import XCTest

/// Precision, recall, density and coverage: hand-computed cases, the blocked sgemm path against
/// the plain reference, the expectations for two samples of one distribution, and a sample that
/// lost modes.
final class CoverageTests: XCTestCase {
    /// n points of an isotropic unit Gaussian in `dimension` dimensions around `centre`.
    func gaussian(_ n: Int, dimension: Int, seed: UInt64, centre: (Int) -> [Float] = { _ in [] }) -> PointSet {
        var rng = TestRNG(seed: seed)
        var values = [Float]()
        for i in 0..<n {
            let c = centre(i)
            for d in 0..<dimension {
                let u = max(1e-12, Double(rng.float(0, 1))), v = Double(rng.float(0, 1))
                values.append((c.isEmpty ? 0 : c[d]) + Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v)))
            }
        }
        return PointSet(values: values, dimension: dimension)
    }

    func testHandComputedOneDimensionalCases() {
        let real = PointSet(values: [0, 1, 3, 20], dimension: 1), fake = PointSet(values: [0.4, 2.9, 40], dimension: 1)
        // k = 1. Real radii 1, 1, 2, 17; fake radii 2.5, 2.5, 37.1. Fake 0.4 lies in the balls of
        // 0 and 1, fake 2.9 in that of 3, fake 40 in none: precision 2/3, density 3/3. Every real
        // point lies in a fake ball (40's reaches back to 2.9): recall 1. The ball of 20 (radius
        // 17) misses 2.9 by 0.1: coverage 3/4.
        let one = PrecisionRecallDensityCoverage(real: real, fake: fake, k: 1, threads: 2)
        XCTAssertEqual(one.precision, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(one.recall, 1)
        XCTAssertEqual(one.density, 1, accuracy: 1e-12)
        XCTAssertEqual(one.coverage, 0.75)
        // k = 2. Real radii 3, 2, 3, 19; fake radii 39.6, 37.1, 39.6. Fake 0.4 lies in the balls
        // of 0, 1, 3 and fake 2.9 in all four (17.1 < 19), fake 40 in none: precision 2/3,
        // density 7 / (2 x 3). Every real ball now holds a fake: coverage 1.
        let two = PrecisionRecallDensityCoverage(real: real, fake: fake, k: 2, threads: 2)
        XCTAssertEqual(two.precision, 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(two.recall, 1)
        XCTAssertEqual(two.density, 7.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(two.coverage, 1)
        XCTAssertEqual([two.realCount, two.fakeCount, two.k], [4, 3, 2])
    }

    func testBlockedPathMatchesThePlainReference() {
        // More rows than one block, an uneven fake count, a shifted and stretched fake sample.
        let real = gaussian(300, dimension: 12, seed: 1)
        var fake = gaussian(263, dimension: 12, seed: 2)
        fake.values = fake.values.map { 0.3 + 1.2 * $0 }
        let fast = NearestNeighbours.kthNeighbourSquaredDistances(real, k: 5, threads: 2)
        let plain = NearestNeighbours.referenceKthNeighbourSquaredDistances(real, k: 5)
        for (f, p) in zip(fast, plain) { XCTAssertEqual(Double(f), p, accuracy: 1e-4 * p) }
        let a = PrecisionRecallDensityCoverage.tallies(real: real, fake: fake, k: 5, threads: 2)
        let b = PrecisionRecallDensityCoverage.referenceTallies(real: real, fake: fake, k: 5)
        XCTAssertEqual(a.ballsHoldingFake, b.ballsHoldingFake)
        XCTAssertEqual(a.realInFakeBall, b.realInFakeBall)
        XCTAssertEqual(a.realBallHoldsFake, b.realBallHoldsFake)
        XCTAssertEqual(PrecisionRecallDensityCoverage(real: real, fake: fake, k: 5, threads: 1),
                       PrecisionRecallDensityCoverage(k: 5, tallies: b))
    }

    /// Fraction of the points that are among the k nearest neighbours of some other point of
    /// their own sample: E[precision] (and E[recall]) for two samples of one distribution, since
    /// a fake point counts when some real point has it among its k nearest.
    func reachedFraction(_ x: PointSet, k: Int) -> Double {
        let radii = NearestNeighbours.kthNeighbourSquaredDistances(x, k: k, threads: 2)
        var reached = [Bool](repeating: false, count: x.count)
        NearestNeighbours.forEachBlock(x, x, threads: 2) { rows, d in
            for (r, i) in rows.enumerated() {
                for j in 0..<x.count where j != i && d[r * x.count + j] <= radii[i] { reached[j] = true }
            }
        }
        return Double(reached.filter { $0 }.count) / Double(x.count)
    }

    func testTwoSamplesOfOneDistributionGiveTheExpectedValues() {
        let n = 1500, m = 1500, k = 5
        let real = gaussian(n, dimension: 8, seed: 11), fake = gaussian(m, dimension: 8, seed: 12)
        let t = PrecisionRecallDensityCoverage.tallies(real: real, fake: fake, k: k, threads: 2)
        let r = PrecisionRecallDensityCoverage(k: k, tallies: t)
        // Coverage: Lemma 2, binomial spread over the n real points.
        let c = PrecisionRecallDensityCoverage.expectedCoverage(realCount: n, fakeCount: m, k: k)
        XCTAssertEqual(c, 1 - (1499.0 * 1498 * 1497 * 1496 * 1495) / (2999.0 * 2998 * 2997 * 2996 * 2995), accuracy: 1e-12)
        XCTAssertEqual(r.coverage, c, accuracy: 4 * (c * (1 - c) / Double(n)).squareRoot())
        // Density: E = 1, spread from the per-fake counts.
        let perFake = t.ballsHoldingFake.map { Double($0) / Double(k) }
        let sd = SampleStatistics(perFake.map(Float.init)).standardDeviation
        XCTAssertEqual(r.density, 1, accuracy: 4 * sd / Double(m).squareRoot())
        // Precision and recall: the reached fraction of each sample, binomial spreads of both.
        for (value, expected, name) in [(r.precision, reachedFraction(real, k: k), "precision"),
                                        (r.recall, reachedFraction(fake, k: k), "recall")] {
            let tolerance = 4 * (expected * (1 - expected) * (1 / Double(n) + 1 / Double(m))).squareRoot()
            XCTAssertEqual(value, expected, accuracy: tolerance, "\(name): \(value), expected \(expected) +- \(tolerance / 4)")
            // In 8 dimensions a sizeable fraction is reached by no one: the values are well below 1.
            XCTAssert(value < 0.97 && value > 0.6, "\(name) \(value)")
        }
    }

    func testAGeneratorThatLostModesLosesRecallAndCoverage() {
        // Ten unit Gaussians 30 apart in 8 dimensions; the "generator" draws from the first three only.
        let modes = 10, n = 1500, dimension = 8
        func centre(_ mode: Int) -> [Float] { (0..<dimension).map { $0 == mode % dimension ? Float(30 * (1 + mode / dimension)) : 0 } }
        let real = gaussian(n, dimension: dimension, seed: 21) { centre($0 % modes) }
        let fake = gaussian(n, dimension: dimension, seed: 22) { centre($0 % 3) }
        let same = gaussian(n, dimension: dimension, seed: 23) { centre($0 % modes) }
        let collapsed = PrecisionRecallDensityCoverage(real: real, fake: fake, k: 5, threads: 2)
        let healthy = PrecisionRecallDensityCoverage(real: real, fake: same, k: 5, threads: 2)
        // Three modes of ten hold 30 % of the real points: nothing beyond them is recalled or covered.
        let share = 0.3, tolerance = 4 * (share * (1 - share) / Double(n)).squareRoot()
        XCTAssertLessThan(collapsed.coverage, share + tolerance)
        XCTAssertGreaterThan(collapsed.coverage, share * 0.9)
        XCTAssertLessThan(collapsed.recall, share + tolerance)
        XCTAssertGreaterThan(healthy.coverage, 0.93)
        XCTAssertLessThan(collapsed.coverage / healthy.coverage, 0.4)
        // The showers it does make are realistic: precision stays that of a healthy sample.
        XCTAssertEqual(collapsed.precision, healthy.precision, accuracy: 0.1)
    }

    func testFeaturesAreLog10WithEmptyCellsAtTheCaloChallengeValue() {
        let batch = ShowerBatch(incidentEnergiesMeV: [1000, 2000], cellEnergiesMeV: [0, 100, 0.0005, 1, 1e-4, 0.002],
                                cellCount: 3)
        let f = CoverageComparison.features(batch, 0..<2, cellThresholdMeV: 0.001, emptyCellMeV: 0.1)
        XCTAssertEqual(f.count, 2)
        XCTAssertEqual(f.values, [-1, 2, -1, 0, -1, log10(Float(0.002))])
    }
}
