import CaloBLAS
import CaloTensor
import XCTest
import _TestSupport

/// Second order, for each op the WGAN-GP penalty runs through: the gradient of <grad f(x), v>
/// against finite differences of grad f along v. Each op sits in a chain with a nonlinearity
/// after it so that its rule is itself differentiated.
final class SecondOrderTests: XCTestCase {
    override func setUp() { XCTAssertNoThrow(try BLAS.load()) }

    func testElementwiseOps() {
        var rng = TestRNG(seed: 31)
        let a = randomTensor([3, 5], &rng), b = randomTensor([5], &rng, 0.5, 1.5), c = randomTensor([3, 1], &rng, 0.5, 1.5)
        checkSecondOrder([a, b], "add row") { ($0[0] + $0[1]).squared().sum() }
        checkSecondOrder([a, c], "sub column") { ($0[0] - $0[1]).pow(3).sum() }
        checkSecondOrder([a, b], "mul row") { ($0[0] * $0[1]).squared().sum() }
        checkSecondOrder([a, c], step: 1e-3, "div column") { ($0[0] / $0[1]).squared().sum() }
        checkSecondOrder([a], "affine") { (2 - $0[0] * 3).squared().mean() }
        checkSecondOrder([a, b], "scalar broadcast") { (($0[0] * 0.5) * $0[1].sum()).squared().sum() }
        checkSecondOrder([randomTensor([3, 5], &rng, 0.5, 2)], step: 1e-3, "sqrt pow") { $0[0].sqrt().pow(3).sum() }
        checkSecondOrder([a], step: 1e-3, "exp tanh sigmoid softplus") {
            ($0[0].exp() + $0[0].tanh() * $0[0].sigmoid() + $0[0].softplus().squared()).sum()
        }
    }

    func testLeakyReLUAndLinear() {
        var rng = TestRNG(seed: 32)
        let x = randomTensor([4, 5], &rng), w = randomTensor([3, 5], &rng), b = randomTensor([3], &rng)
        // Piecewise linear in x, but its derivative rule is differentiated along the weights.
        checkSecondOrder([x, w, b], step: 1e-3, "linear + leakyReLU") {
            linear($0[0], weight: $0[1], bias: $0[2], leakyReLUSlope: 0.2).squared().sum()
        }
        checkSecondOrder([x, w], step: 1e-3, "matmul + leakyReLU") {
            matmul($0[0], $0[1], transposeB: true).leakyReLU(slope: 0.2).squared().sum()
        }
        for ta in [false, true] {
            for tb in [false, true] {
                let p = randomTensor(ta ? [5, 3] : [3, 5], &rng), q = randomTensor(tb ? [4, 5] : [5, 4], &rng)
                checkSecondOrder([p, q], "matmul ta=\(ta) tb=\(tb)") { matmul($0[0], $0[1], transposeA: ta, transposeB: tb).squared().sum() }
            }
        }
    }

    func testReductionsAndShapes() {
        var rng = TestRNG(seed: 33)
        let x = randomTensor([4, 6], &rng), c = randomTensor([4, 2], &rng)
        checkSecondOrder([x], step: 1e-3, "norm") { ($0[0].norm(axis: 1) - 1).squared().mean() }
        checkSecondOrder([x], "sum axis") { $0[0].sum(axis: 0).squared().sum() }
        checkSecondOrder([x, c], "concat slice") {
            let joined = concatenate(lastAxis: [$0[0], $0[1]])
            return joined.sliced(lastAxis: 3..<8).squared().sum() + joined.pow(3).mean()
        }
        checkSecondOrder([x], step: 1e-3, "softmax") { ($0[0].softmax() * $0[0]).sum() }
    }
}
