import CaloBLAS
import CaloSupport
import CaloTensor
import XCTest
import _TestSupport

/// Graph bookkeeping: inference mode, pruning, value semantics, buffer reuse.
final class GraphTests: XCTestCase {
    override func setUp() { XCTAssertNoThrow(try BLAS.load()) }

    func testNoGraphWithoutGradients() {
        var rng = TestRNG(seed: 51)
        let w = randomTensor([3, 4], &rng).requiringGrad(), x = randomTensor([2, 4], &rng)
        XCTAssertTrue(linear(x, weight: w, bias: nil).requiresGrad)
        XCTAssertFalse(linear(x, weight: w.detached, bias: nil).requiresGrad, "constants only: no node")
        withoutGradients {
            XCTAssertFalse(linear(x, weight: w, bias: nil).requiresGrad, "inference mode: no node")
            XCTAssertFalse((w * 2).exp().sum().requiresGrad)
        }
        XCTAssertTrue((w * 2).requiresGrad, "recording resumes after the scope")
    }

    func testGradientsOfUnrelatedAndIntermediate() {
        var rng = TestRNG(seed: 52)
        let a = randomTensor([3], &rng).requiringGrad(), b = randomTensor([3], &rng).requiringGrad()
        let h = a * 3
        let y = (h * h).sum()
        let g = gradients(of: y, wrt: [a, b, h])
        assertClose(g[0].scalars, a.scalars.map { 18 * $0 }, "d/da")
        XCTAssertEqual(g[1].scalars, [0, 0, 0], "unrelated input gets zeros")
        assertClose(g[2].scalars, h.scalars.map { 2 * $0 }, "intermediate")
        XCTAssertFalse(g[0].requiresGrad, "no graph kept without createGraph")
        XCTAssertTrue(gradients(of: y, wrt: [a], createGraph: true)[0].requiresGrad)
    }

    func testSecondDerivativeOfCube() {
        let x = Tensor(shape: [2], scalars: [1.5, -2]).requiringGrad()
        let g = gradients(of: x.pow(3).sum(), wrt: [x], createGraph: true)[0]
        let h = gradients(of: g.sum(), wrt: [x])[0]
        assertClose(h.scalars, [9, -12], "d2/dx2 x^3 = 6x")
    }

    func testCopyOnWrite() {
        let a = Tensor(shape: [3], scalars: [1, 2, 3])
        var b = a
        b.withUnsafeMutableBufferPointer { $0[0] = 10 }
        XCTAssertEqual(a.scalars, [1, 2, 3], "a let tensor never changes")
        XCTAssertEqual(b.scalars, [10, 2, 3])
        var c = Tensor(shape: [2], scalars: [1, 1])
        c.addInPlace(Tensor(shape: [2], scalars: [2, 3]))
        XCTAssertEqual(c.scalars, [3, 4])
    }

    func testBuffersAreReused() {
        var rng = TestRNG(seed: 53)
        let w = randomTensor([64, 32], &rng).requiringGrad(), x = randomTensor([16, 32], &rng)
        func step() { _ = gradients(of: linear(x, weight: w, bias: nil, leakyReLUSlope: 0.2).squared().sum(), wrt: [w]) }
        step()
        step()
        let before = BufferPool.shared.freshAllocations
        for _ in 0..<5 { step() }
        XCTAssertEqual(BufferPool.shared.freshAllocations, before, "repeated steps allocate no new buffers")
    }

    func testSeededRandomIsThreadIndependent() {
        let saved = TensorConfiguration.threads
        defer { TensorConfiguration.threads = saved }
        TensorConfiguration.threads = 1
        let one = Tensor.normal(shape: [300, 300], seed: 9, stream: 2)
        TensorConfiguration.threads = 2
        let two = Tensor.normal(shape: [300, 300], seed: 9, stream: 2)
        XCTAssertEqual(one.scalars, two.scalars)
        let m = one.mean().scalar, s = (one.squared().mean().scalar - m * m).squareRoot()
        XCTAssertEqual(m, 0, accuracy: 0.01)
        XCTAssertEqual(s, 1, accuracy: 0.01)
    }
}

/// The vectorised normal fill: same values from the block path and the generator path, and
/// the moments and tails of a standard normal.
final class RandomTests: XCTestCase {
    func testParallelFillMatchesTheGeneratorStream() {
        // One block of the parallel fill is Philox(seed: blockKey, stream: 0) read in order;
        // check through the public API that a short fill is a prefix of a longer one.
        let short = Tensor.normal(shape: [100], seed: 4, stream: 7).scalars
        let long = Tensor.normal(shape: [1000], seed: 4, stream: 7).scalars
        XCTAssertEqual(short, Array(long.prefix(100)))
        var g1 = Philox(seed: 5, stream: 1), g2 = Philox(seed: 5, stream: 1)
        let a = Tensor.normal(shape: [70], generator: &g1).scalars
        let b = Tensor.normal(shape: [64], generator: &g2).scalars
        XCTAssertEqual(Array(a.prefix(64)), b)
    }

    func testMomentsAndTails() {
        let x = Tensor.normal(shape: [200_000], mean: 1, standardDeviation: 2, seed: 1, stream: 0).scalars.map { Double($0) }
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        let z = x.map { ($0 - 1) / 2 }
        let skew = z.reduce(0) { $0 + $1 * $1 * $1 } / n, kurtosis = z.reduce(0) { $0 + $1 * $1 * $1 * $1 } / n
        let beyond2 = Double(z.filter { Swift.abs($0) > 2 }.count) / n
        XCTAssertEqual(mean, 1, accuracy: 0.02)
        XCTAssertEqual(variance, 4, accuracy: 0.05)
        XCTAssertEqual(skew, 0, accuracy: 0.03)
        XCTAssertEqual(kurtosis, 3, accuracy: 0.06)
        XCTAssertEqual(beyond2, 0.0455, accuracy: 0.003, "P(|z| > 2)")
    }
}
