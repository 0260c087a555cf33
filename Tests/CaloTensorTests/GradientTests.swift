import CaloBLAS
import CaloTensor
import XCTest
import _TestSupport

/// Every derivative rule against central finite differences.
final class GradientTests: XCTestCase {
    override func setUp() { XCTAssertNoThrow(try BLAS.load()) }

    func testBinaryRulesWithBroadcasting() {
        var rng = TestRNG(seed: 21)
        for (sa, sb) in [([3, 5], [3, 5]), ([3, 5], [5]), ([3, 5], [3, 1]), ([3, 5], []), ([5], [3, 5]),
                         ([2, 3, 4], [3, 1]), ([3, 1], [1, 4])] {
            let a = randomTensor(sa, &rng), b = randomTensor(sb, &rng, 0.5, 1.5)
            checkGradients([a, b], "add \(sa) \(sb)") { $0[0] + $0[1] }
            checkGradients([a, b], "sub \(sa) \(sb)") { $0[0] - $0[1] }
            checkGradients([a, b], "mul \(sa) \(sb)") { $0[0] * $0[1] }
            checkGradients([a, b], step: 1e-3, "div \(sa) \(sb)") { $0[0] / $0[1] }
        }
    }

    func testUnaryRules() {
        var rng = TestRNG(seed: 22)
        let x = awayFromZero([3, 7], &rng), p = randomTensor([3, 7], &rng, 0.5, 2)
        let cases: [(String, Tensor, (Tensor) -> Tensor)] = [
            ("exp", x, { $0.exp() }), ("log", p, { $0.log() }), ("sqrt", p, { $0.sqrt() }),
            ("pow 2.5", p, { $0.pow(2.5) }), ("pow -1", p, { $0.pow(-1) }), ("square", x, { $0.squared() }),
            ("abs", x, { $0.abs() }), ("neg", x, { -$0 }), ("affine", x, { $0 * 1.5 - 0.5 }),
            ("scalar over", p, { 2 / $0 }), ("relu", x, { $0.relu() }), ("leakyReLU", x, { $0.leakyReLU(slope: 0.2) }),
            ("sigmoid", x, { $0.sigmoid() }), ("softplus", x, { $0.softplus() }), ("tanh", x, { $0.tanh() }),
            ("maximum", x, { $0.maximum(0.1) }), ("minimum", x, { $0.minimum(-0.1) }),
        ]
        for (name, input, f) in cases { checkGradients([input], step: 1e-3, name) { f($0[0]) } }
        let kinks = Tensor(shape: [8], scalars: [-0.9, -0.3, 0.1, 0.3, 0.8, -0.75, 0.2, 0.95])
        checkGradients([kinks], step: 1e-3, "clamp") { $0[0].clamped(min: -0.5, max: 0.5) }
    }

    func testSelectRule() {
        var rng = TestRNG(seed: 23)
        let a = randomTensor([4, 5], &rng), b = randomTensor([4, 5], &rng)
        let mask = randomTensor([4, 5], &rng).isGreater(than: 0)
        checkGradients([a, b], "select") { select(mask, $0[0], $0[1]) }
    }

    func testReductionRules() {
        var rng = TestRNG(seed: 24)
        let x = randomTensor([2, 3, 5], &rng)
        for axis in 0..<3 {
            checkGradients([x], "sum axis \(axis)") { $0[0].sum(axis: axis) }
            checkGradients([x], "mean axis \(axis) kept") { $0[0].mean(axis: axis, keepingDimensions: true) }
            checkGradients([x], step: 1e-3, "norm axis \(axis)") { $0[0].norm(axis: axis) }
        }
        checkGradients([x], "sum all") { $0[0].sum() }
        checkGradients([x], "mean all") { $0[0].mean() }
        checkGradients([randomTensor([3, 6], &rng, -2, 2)], step: 1e-3, "softmax") { $0[0].softmax() }
        checkGradients([randomTensor([2, 7], &rng)], step: 1e-3, "softmax segments") { $0[0].softmax(segments: [2, 5]) }
        checkGradients([randomTensor([3, 1], &rng)], "expand") { $0[0].expanded(to: [2, 3, 4]) }
        checkGradients([randomTensor([2, 3, 4], &rng)], "sum to shape") { $0[0].summed(toShape: [3, 1]) }
    }

    func testShapeRules() {
        var rng = TestRNG(seed: 25)
        let x = randomTensor([3, 7], &rng), y = randomTensor([3, 2], &rng)
        checkGradients([x], "reshape") { $0[0].reshaped(to: [7, 3]) }
        checkGradients([x], "transpose") { $0[0].transposed() }
        checkGradients([x], "slice") { $0[0].sliced(lastAxis: 2..<6) }
        checkGradients([x, y], "concat") { concatenate(lastAxis: [$0[0], $0[1], $0[0]]) }
        checkGradients([x], "pad") { $0[0].padded(lastAxis: 1..<8, width: 10) }
        checkGradients([x, x], "concat rows") { concatenate(rows: [$0[0], $0[1].sliced(rows: 1..<3)]) }
        checkGradients([x], "gather") { $0[0].gathering(rows: [2, 0, 2, 1]) }
        checkGradients([x], "scatter-add") { $0[0].scatteringAdd(rows: [1, 1, 0], count: 2) }
        checkGradients([x], "pad rows") { $0[0].padded(rows: 1..<4, count: 5) }
        let mask = awayFromZero([3, 7], &rng)
        checkGradients([x], "leakyReLUGrad") { $0[0].leakyReLUGrad(signOf: mask, slope: 0.2) }
    }

    func testMatmulAndLinearRules() {
        var rng = TestRNG(seed: 26)
        let (m, n, k) = (3, 4, 5)
        for ta in [false, true] {
            for tb in [false, true] {
                let a = randomTensor(ta ? [k, m] : [m, k], &rng), b = randomTensor(tb ? [n, k] : [k, n], &rng)
                checkGradients([a, b], "matmul ta=\(ta) tb=\(tb)") { matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }
            }
        }
        let x = randomTensor([4, 5], &rng), w = randomTensor([3, 5], &rng), b = randomTensor([3], &rng)
        for slope: Float? in [nil, 0.2] {
            checkGradients([x, w, b], step: 1e-3, "linear slope \(String(describing: slope))") {
                linear($0[0], weight: $0[1], bias: $0[2], leakyReLUSlope: slope)
            }
        }
    }
}
