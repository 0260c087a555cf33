import CaloExamples
import CaloSupport
import CaloTensor
import Foundation
import XCTest
import _TestSupport

/// The pieces the binary-classification examples compose: losses (values and gradients against
/// central differences), the KS distance, standardisation, densities and the random streams.
final class BinaryToolkitTests: XCTestCase {
    /// Central differences of a scalar function of `x` at step h, per element.
    static func centralDifferences(_ x: [Float], h: Float, _ f: (Tensor) -> Tensor, shape: [Int]) -> [Float] {
        (0..<x.count).map { i in
            var plus = x, minus = x
            plus[i] += h
            minus[i] -= h
            let fp = withoutGradients { f(Tensor(shape: shape, scalars: plus)).scalar }
            let fm = withoutGradients { f(Tensor(shape: shape, scalars: minus)).scalar }
            return (fp - fm) / (2 * h)
        }
    }

    func testCrossEntropyValueAndGradient() {
        var rng = TestRNG(seed: 11)
        let z = (0..<16).map { _ in Float.random(in: -4...4, using: &rng) }
        let y = (0..<16).map { i in i % 3 == 0 ? Float.random(in: 0...1, using: &rng) : Float(i % 2) }
        let target = Tensor(shape: [16, 1], scalars: y)
        let x = Tensor(shape: [16, 1], scalars: z).requiringGrad()
        let loss = BinaryCrossEntropy.loss(logits: x, targets: target)
        // -[y log s + (1 - y) log(1 - s)] in double precision.
        let expected = zip(z, y).map { zi, yi -> Double in
            let s = 1 / (1 + exp(-Double(zi)))
            return -(Double(yi) * log(s) + (1 - Double(yi)) * log(1 - s))
        }.reduce(0, +) / 16
        XCTAssertEqual(Double(loss.scalar), expected, accuracy: 1e-6)
        XCTAssertEqual(BinaryCrossEntropy.value(logits: z, targets: y), expected, accuracy: 1e-9)
        let g = gradients(of: loss, wrt: [x])[0].scalars
        let analytic = zip(z, y).map { zi, yi in (1 / (1 + exp(-zi)) - yi) / 16 }
        XCTAssertNil(Tolerance.compare(g, analytic, abs: 1e-6, rel: 1e-4))
        let numeric = Self.centralDifferences(z, h: 1e-2, { BinaryCrossEntropy.loss(logits: $0, targets: target) }, shape: [16, 1])
        XCTAssertNil(Tolerance.compare(g, numeric, abs: 2e-5, rel: 1e-2))
    }

    func testProportionLossValueAndGradient() {
        var rng = TestRNG(seed: 12)
        let z = (0..<10).map { _ in Float.random(in: -3...3, using: &rng) }
        let x = Tensor(shape: [10, 1], scalars: z).requiringGrad()
        let loss = BinaryCrossEntropy.proportionLoss(logits: x, fraction: 0.7)
        let p = z.map { 1 / (1 + exp(-Double($0))) }.reduce(0, +) / 10
        let expected = -(0.7 * log(p) + 0.3 * log(1 - p))
        XCTAssertEqual(Double(loss.scalar), expected, accuracy: 1e-6)
        XCTAssertEqual(BinaryCrossEntropy.proportionValue(logits: z, fraction: 0.7), expected, accuracy: 1e-9)
        // dL/dz_i = -(f / p - (1 - f) / (1 - p)) s_i (1 - s_i) / n
        let g = gradients(of: loss, wrt: [x])[0].scalars
        let analytic = z.map { zi -> Float in
            let s = 1 / (1 + exp(-Double(zi)))
            return Float(-(0.7 / p - 0.3 / (1 - p)) * s * (1 - s) / 10)
        }
        XCTAssertNil(Tolerance.compare(g, analytic, abs: 1e-6, rel: 1e-4))
        let numeric = Self.centralDifferences(z, h: 1e-2, { BinaryCrossEntropy.proportionLoss(logits: $0, fraction: 0.7) },
                                              shape: [10, 1])
        XCTAssertNil(Tolerance.compare(g, numeric, abs: 2e-5, rel: 1e-2))
    }

    func testKolmogorovSmirnovDistance() {
        XCTAssertEqual(PivotIndependence.kolmogorovSmirnov([1, 2, 3], [3, 1, 2]), 0)
        XCTAssertEqual(PivotIndependence.kolmogorovSmirnov([1, 2], [3, 4, 5]), 1)
        // F_a steps at 1, 2, 3, 4 by 1/4; F_b at 2.5 by 1: sup |F_a - F_b| = 1/2 just below 2.5.
        XCTAssertEqual(PivotIndependence.kolmogorovSmirnov([1, 2, 3, 4], [2.5]), 0.5, accuracy: 1e-12)
        // Ties step together: a = {1, 1, 2}, b = {1, 2, 2}: after 1, 2/3 vs 1/3.
        XCTAssertEqual(PivotIndependence.kolmogorovSmirnov([1, 1, 2], [1, 2, 2]), 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(PivotIndependence.largestDistance([[0], [0], [1]]), 1)
        XCTAssertEqual(PivotIndependence.criticalDistance(100, 100), 1.358 * 0.02.squareRoot(), accuracy: 1e-12)
    }

    /// Two samples of one distribution: D stays below the 99.9 % quantile (c = 1.949).
    func testKolmogorovSmirnovOfOneDistribution() {
        var rng = TestRNG(seed: 5)
        let a = (0..<4000).map { _ in Float.random(in: 0..<1, using: &rng) }
        let b = (0..<3000).map { _ in Float.random(in: 0..<1, using: &rng) }
        XCTAssertLessThan(PivotIndependence.kolmogorovSmirnov(a, b), PivotIndependence.criticalDistance(4000, 3000, coefficient: 1.949))
    }

    func testStandardisation() {
        let data = BinaryDataset(values: [1, 5, .nan, 5, 3, 5, 5, .nan], width: 2, targets: [0, 1, 0, 1])
        let s = BinaryStandardisation(fitting: data)
        XCTAssertEqual(s.mean, [3, 5])
        XCTAssertEqual(s.scale[0], (8.0 / 3).squareRoot(), accuracy: 1e-6)   // values 1, 5, 3 (NaN left out)
        XCTAssertEqual(s.scale[1], 1)                                       // constant column
        let v = s.apply(data).values
        XCTAssertEqual(v[2], 0)                                             // NaN -> the mean
        XCTAssertEqual(v[0], -2 / Float((8.0 / 3).squareRoot()), accuracy: 1e-6)
        XCTAssertEqual(v[1], 0)
        XCTAssertEqual(data.rows([3, 0]).values.count, 4)
        XCTAssertEqual(data.rows([3, 0]).targets, [1, 0])
    }

    /// The examples' streams overlap neither calosim's domains under a shared key nor each other.
    func testStreamsAreDisjoint() {
        let mine = BinaryExampleStreams.all
        for d in mine {
            for other in StreamDomain.all { XCTAssertFalse(d.overlaps(other), "\(d) overlaps \(other)") }
            for other in mine where other.name != d.name { XCTAssertFalse(d.overlaps(other), "\(d) overlaps \(other)") }
        }
        // Shower indices of the CWoLa example (e- from 0, photons from 2^32) stay below the domains.
        XCTAssertGreaterThan(mine.map(\.first).min()!, UInt64(1) << 33)
    }
}
