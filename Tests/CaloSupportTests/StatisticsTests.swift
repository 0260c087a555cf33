import CaloSupport
import Foundation
import XCTest

/// The shared statistics against exact answers (or numpy's, where stated).
final class StatisticsTests: XCTestCase {
    /// Mean, variance, extremes of a known set; the pair (x, 2x + 1) is perfectly correlated.
    func testRunningStatisticsOfKnownSet() {
        let xs: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]  // mean 5, sum of squared deviations 32
        let s = RunningStatistics(xs)
        XCTAssertEqual(s.count, 8)
        XCTAssertEqual(s.mean, 5)
        XCTAssertEqual(s.variance, 32.0 / 7, accuracy: 1e-15 * 32 / 7)
        XCTAssertEqual(s.rms, (32.0 / 7).squareRoot(), accuracy: 1e-15 * 3)
        XCTAssertEqual(s.minimum, 2)
        XCTAssertEqual(s.maximum, 9)
        XCTAssertEqual(RunningStatistics([3]).variance, 0, "one value has no spread")
        XCTAssertEqual(RunningStatistics([3]).errorOfMean, .infinity)

        // numpy: np.var([3.5, -1.25, 7, 2, 2, 10.5, 0.125], ddof=1) = 16.607886904761905
        let odd = RunningStatistics([3.5, -1.25, 7, 2, 2, 10.5, 0.125])
        XCTAssertEqual(odd.mean, 3.4107142857142856, accuracy: 1e-15 * 3.41)
        XCTAssertEqual(odd.variance, 16.607886904761905, accuracy: 1e-14 * 16.6)

        var c = RunningCovariance()
        for x in xs { c.add(x, 2 * x + 1) }
        XCTAssertEqual(c.covariance, 2 * 32.0 / 7, accuracy: 1e-14 * 64 / 7)
        XCTAssertEqual(c.correlation, 1, accuracy: 1e-15)
    }

    /// Power sums of a known set give its population variance and the unbiased error of the mean.
    func testPowerSums() {
        let xs: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]  // population variance 32 / 8 = 4
        let s1 = xs.reduce(0, +), s2 = xs.reduce(0) { $0 + $1 * $1 }
        let variance = PowerSums.variance(sum: s1, sumOfSquares: s2, count: 8)
        XCTAssertEqual(variance, 4)
        XCTAssertEqual(PowerSums.errorOfMean(variance: variance, count: 8), RunningStatistics(xs).errorOfMean, accuracy: 1e-15)
        XCTAssertEqual(PowerSums.errorOfMean(variance: variance, count: 1), 0)
        XCTAssertEqual(PowerSums.variance(sum: 3, sumOfSquares: 4.5 - 1e-15, count: 2), 0, "rounding below zero is clamped")
    }

    /// Values a billion units away from zero keep their unit variance (no cancellation).
    func testRunningStatisticsKeepsPrecisionAtLargeOffset() {
        let s = RunningStatistics([1e9, 1e9 + 1, 1e9 + 2])
        XCTAssertEqual(s.mean, 1e9 + 1)
        XCTAssertEqual(s.variance, 1)
    }

    /// A straight line and a parabola are recovered exactly (to rounding), by every solver.
    func testLeastSquaresOnKnownCurves() throws {
        let xs: [Double] = [-2, -1, 0, 1, 2, 3]
        let line = try XCTUnwrap(LinearFit(design: xs.map { [1, $0] }, values: xs.map { 3 - 2 * $0 }))
        XCTAssertEqual(line.parameters[0], 3, accuracy: 1e-14)
        XCTAssertEqual(line.parameters[1], -2, accuracy: 1e-14)
        XCTAssertEqual(line.chiSquared, 0, accuracy: 1e-25)
        XCTAssertEqual(line.degreesOfFreedom, 4)

        for k in 1...4 {
            let truth = [0.5, -1.5, 0.25, 2][0..<k]
            var equations = NormalEquations(parameterCount: k)
            for x in xs {
                let row = (0..<k).map { Foundation.pow(x, Double($0)) }
                equations.add(row, value: zip(truth, row).reduce(0) { $0 + $1.0 * $1.1 }, weight: 1 + x * x)
            }
            let p = equations.solve()
            for j in 0..<k { XCTAssertEqual(p[j], truth[j], accuracy: 1e-12, "k = \(k), parameter \(j): \(p[j]) vs \(truth[j])") }
        }

        var singular = NormalEquations(parameterCount: 2)
        singular.add([1, 1], value: 1)
        singular.add([2, 2], value: 2)
        XCTAssertEqual(singular.determinant, 0)
        XCTAssertNil(singular.inverse())
        XCTAssertNil(LinearFit(design: [[1, 1], [2, 2]], values: [1, 2]))
    }

    /// Inverse-variance weights: the slope error is the textbook sqrt(S / Delta).
    func testWeightedLineCovariance() throws {
        let x: [Double] = [1, 2, 3, 4, 5], sigma: [Double] = [0.1, 0.2, 0.1, 0.4, 0.2]
        let y = zip(x, sigma).map { 1 + 0.5 * $0 + ($1 == 0.2 ? $1 : -$1) }
        let w = sigma.map { 1 / ($0 * $0) }
        let fit = try XCTUnwrap(LinearFit(design: x.map { [1, $0] }, values: y, weights: w, weightsAreInverseVariances: true))
        let s = w.reduce(0, +), sx = zip(w, x).reduce(0) { $0 + $1.0 * $1.1 }, sxx = zip(w, x).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
        let delta = s * sxx - sx * sx
        XCTAssertEqual(fit.error(1), (s / delta).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(fit.error(0), (sxx / delta).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(fit.covariance(0, 1), -sx / delta, accuracy: 1e-12)
    }

    /// Type-7 quantiles against numpy.quantile (default method) of the same values.
    func testQuantilesMatchNumpy() {
        let sorted = [3.5, -1.25, 7, 2, 2, 10.5, 0.125].sorted()
        // np.quantile(x, q) for x = [3.5, -1.25, 7.0, 2.0, 2.0, 10.5, 0.125]
        let numpy: [(Double, Double)] = [(0, -1.25), (0.1, -0.4249999999999998), (0.25, 1.0625), (0.5, 2.0),
                                         (0.75, 5.25), (0.9, 8.400000000000002), (0.995, 10.395), (1, 10.5)]
        for (q, expected) in numpy {
            XCTAssertEqual(Quantile.ofSorted(sorted, q), expected, accuracy: 1e-14 * max(1, abs(expected)), "q = \(q)")
        }
        XCTAssertEqual(Quantile.ofSorted([4], 0.3), 4)
        // floor((n - 1) q): 0.995 * 6 = 5.97 -> index 5; 0.005 * 6 = 0.03 -> index 0.
        XCTAssertEqual(Quantile.lowerOrderStatistic(sorted, 0.995), 7)
        XCTAssertEqual(Quantile.lowerOrderStatistic(sorted, 0.005), -1.25)
        XCTAssertEqual(Quantile.lowerOrderStatistic([Float(1), 2], 1), 2)
    }

    /// The bootstrap error of a mean is sd / sqrt(N) within its own statistical spread, the
    /// same for the same seed, and counts the replicas a statistic refuses.
    func testBootstrapStandardErrorOfMean() {
        var g = Philox(seed: 11, stream: 0)
        let values = (0..<400).map { _ in Double(g.next32()) / 0x1p32 }  // uniform, sd 1/sqrt(12)
        let expected = RunningStatistics(values).rms / Double(values.count).squareRoot()
        func mean(_ idx: [Int]) -> Double? { idx.reduce(0) { $0 + values[$1] } / Double(idx.count) }
        let a = Bootstrap.standardError(count: values.count, replicas: 400, seed: 5, statistic: mean)
        // Relative spread of a bootstrap standard error over B replicas: about 1 / sqrt(2 B) = 3.5 %.
        XCTAssertEqual(a.standardError / expected, 1, accuracy: 0.15, "bootstrap \(a.standardError) vs sd/sqrt(N) \(expected)")
        XCTAssertEqual(a.succeeded, 400)
        XCTAssertEqual(Bootstrap.standardError(count: values.count, replicas: 400, seed: 5, statistic: mean), a)
        var calls = 0
        let some = Bootstrap.standardError(count: values.count, replicas: 10, seed: 5) { idx in
            calls += 1
            return calls.isMultiple(of: 2) ? mean(idx) : nil
        }
        XCTAssertEqual(some.succeeded, 5)
        XCTAssertEqual(some.requested, 10)
    }

    /// Slots filled from many threads come back in index order; chunk results too.
    func testIndexedSlotsAndChunks() {
        let slots = IndexedSlots<Int>(count: 1000)
        Threads.parallelFor(1000, threads: 4) { i in slots.set(i, i * i) }
        XCTAssertEqual(slots.values, (0..<1000).map { $0 * $0 })
        XCTAssertEqual(slots[999], 998_001)

        let one = ParallelChunks.map(count: 1000, size: 64, threads: 1) { $0 }
        let four = ParallelChunks.map(count: 1000, size: 64, threads: 4) { $0 }
        XCTAssertEqual(one, four)
        XCTAssertEqual(one.count, 16)
        XCTAssertEqual(one.first, 0..<64)
        XCTAssertEqual(one.last, 960..<1000)
        XCTAssertEqual(ParallelChunks.map(count: 0, size: 8, threads: 2) { $0.count }, [0])
    }
}
