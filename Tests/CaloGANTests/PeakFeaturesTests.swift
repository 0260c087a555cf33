import CaloBLAS
import CaloDetector
@testable import CaloGAN
import CaloTensor
import Foundation
import XCTest
import _TestSupport

/// The critic's peak features (`ConditionalCritic.peakFeatures`): against hand-computed values and
/// plain loops, and their first and second derivatives against finite differences (the gradient
/// penalty differentiates them twice).
final class PeakFeaturesTests: XCTestCase {
    override func setUp() { XCTAssertNoThrow(try BLAS.load()) }

    /// Layers of 6 and 4 cells, as in the tiny training geometry.
    private let map = LayerMap(layerCells: [6, 4])

    private func peaks(_ u: Tensor) -> [Tensor] {
        let norm = 1 / (map.layerSums(u) + 1e-9)
        return ConditionalCritic.peakFeatures(u, norm: norm, map: map)
    }

    /// C = sum p^2 and P = sum p^4 / C^2 by plain loops in Double, per layer.
    private func plain(_ u: [Float]) -> (concentration: [Double], peakedness: [Double]) {
        var c = [Double](), p = [Double](), first = 0
        for n in map.layerCells {
            let cells = u[first..<first + n].map(Double.init), sum = cells.reduce(0, +)
            let shares = cells.map { $0 / (sum + 1e-9) }
            let s2 = shares.reduce(0) { $0 + $1 * $1 }, s4 = shares.reduce(0) { $0 + $1 * $1 * $1 * $1 }
            c.append(s2)
            p.append(s4 / (s2 * s2 + 1e-12))
            first += n
        }
        return (c, p)
    }

    /// Two equal hot cells: C = P = 1/2; one hot cell: C = P = 1; an empty layer: both 0 before the log.
    func testHandBuiltShowers() {
        let rows: [[Float]] = [[0.3, 0, 0.3, 0, 0, 0, 0, 0, 0, 0.4], [0, 0, 0, 0, 0, 0, 0.1, 0.1, 0.1, 0.1]]
        let f = withoutGradients { peaks(Tensor(shape: [2, 10], scalars: rows.flatMap { $0 })) }.map(\.scalars)
        let ln = { (v: Double) in Float(Foundation.log(v + 1e-6)) }
        // [B, layers] each: row 0 (two equal cells | one cell), row 1 (empty | four equal cells).
        let expected = [ln(0.5), ln(1), ln(0), ln(0.25)]
        for (name, values) in zip(["concentration", "peakedness"], f) {
            XCTAssertEqual(values.count, expected.count)
            for (k, (a, b)) in zip(values, expected).enumerated() { XCTAssertEqual(a, b, accuracy: 1e-4, "\(name) \(k)") }
        }
    }

    /// Random showers, some with one dominant cell, against the plain loops.
    func testAgainstPlainLoops() {
        var rng = TestRNG(seed: 41)
        let n = 50
        var u = [Float]()
        for i in 0..<n {
            var row = (0..<10).map { _ in rng.float(0, 0.05) }
            if i % 3 == 0 { row[Int(rng.next() % 6)] += 0.4 }
            if i % 7 == 0 { for c in 6..<10 { row[c] = 0 } }
            u += row
        }
        let f = withoutGradients { peaks(Tensor(shape: [n, 10], scalars: u)) }.map(\.scalars)
        for i in 0..<n {
            let (c, p) = plain(Array(u[i * 10..<(i + 1) * 10]))
            for l in 0..<2 {
                XCTAssertEqual(Double(f[0][i * 2 + l]), Foundation.log(c[l] + 1e-6), accuracy: 1e-4, "shower \(i) layer \(l) C")
                XCTAssertEqual(Double(f[1][i * 2 + l]), Foundation.log(p[l] + 1e-6), accuracy: 1e-4, "shower \(i) layer \(l) P")
            }
        }
    }

    /// d/du of sum(w . features) and the Hessian-vector product against central differences.
    func testDerivativesAgainstFiniteDifferences() {
        var rng = TestRNG(seed: 42)
        let n = 3
        let u0 = (0..<(n * 10)).map { _ in rng.float(0.05, 0.3) }
        let w = (0..<(4 * n)).map { _ in rng.float(-1, 1) }
        let v = (0..<(n * 10)).map { _ in rng.float(-1, 1) }
        let weights = Tensor(shape: [n, 4], scalars: w)
        let (largest, worst) = FeatureDerivatives.check(at: u0, direction: v, cells: 10, step: 1e-3, first: .init(abs: 2e-3, rel: 5e-3),
                                                        second: .init(abs: 0.02, rel: 0.005)) { u in
            (concatenate(lastAxis: peaks(u)) * weights).sum()
        }
        print(String(format: "peak features: largest Hessian-vector entry %.3g, largest deviation from finite differences %.3g", largest, worst))
    }

    /// The option widens the critic by two features per layer and is kept in the hyperparameters;
    /// a file without the key reads as off (models trained before it load unchanged).
    func testOptionWidensTheCriticAndRoundTrips() throws {
        var h = GANHyperparameters()
        h.criticHidden = [8]
        let geometry = try Geometry(json: TrainingTests.tinyGeometry)
        let plainCritic = ConditionalCritic(hyperparameters: h, geometry: geometry, seed: 1)
        h.criticPeakFeatures = true
        let peakCritic = ConditionalCritic(hyperparameters: h, geometry: geometry, seed: 1)
        XCTAssertEqual(peakCritic.config.sizes[0] - plainCritic.config.sizes[0], 4)
        let x = Tensor(shape: [2, 10], scalars: (0..<20).map { Float($0 % 7) * 0.5 - 1 })
        XCTAssertEqual(withoutGradients { peakCritic.features(x) }.shape, [2, ConditionalCritic.featureCount(layers: 2, peaks: true)])
        let decoded = try JSONDecoder().decode(GANHyperparameters.self, from: JSONEncoder().encode(h))
        XCTAssertEqual(decoded, h)
        XCTAssertFalse(try JSONDecoder().decode(GANHyperparameters.self, from: Data("{}".utf8)).criticPeakFeatures)
    }
}
