import CaloBLAS
import CaloTensor
import Foundation
import XCTest
import _TestSupport

/// Every op's forward pass against the plain loops of `Reference`, with odd shapes (SIMD tails),
/// every broadcasting layout and tensors large enough to take the multithreaded path.
final class ForwardTests: XCTestCase {
    override func setUp() { XCTAssertNoThrow(try BLAS.load()) }

    let shapePairs: [([Int], [Int])] = [
        ([3, 17], [3, 17]), ([3, 17], [17]), ([3, 17], [1, 17]), ([3, 17], [3, 1]), ([3, 17], []), ([], [3, 17]),
        ([17], [3, 17]), ([3, 1], [3, 17]), ([2, 3, 5], [3, 1]), ([2, 1, 4], [3, 1]), ([3, 1], [1, 5]),
        ([2, 3, 4, 5], [4, 5]), ([300, 257], [257]), ([300, 257], [300, 1]), ([300, 257], [300, 257]),
        ([4, 3, 5, 6], [1, 3, 1, 1]), ([4, 3, 5, 6], [4, 3, 1, 1]), ([3, 1, 5], [2, 1, 4, 1]), ([1, 1, 1], [2, 1, 3]),
        ([2, 3, 4, 5], [3, 1, 5]),
    ]

    /// summed(toShape:) and expanded(to:) for every layout of `shapePairs` against index arithmetic.
    func testSumToAndExpand() {
        var rng = TestRNG(seed: 11)
        for (sa, sb) in shapePairs {
            let large = Reference.binary([Float](repeating: 0, count: sa.reduce(1, *)), sa,
                                         [Float](repeating: 0, count: sb.reduce(1, *)), sb, { $0 + $1 }).shape
            for small in [sa, sb] {
                let x = randomTensor(large, &rng), s = randomTensor(small, &rng)
                assertClose(x.summed(toShape: small).scalars, Reference.sumTo(x.scalars, large, small), abs: 1e-4,
                            "sum of \(large) to \(small)")
                let zeros = [Float](repeating: 0, count: large.reduce(1, *))
                XCTAssertEqual(s.expanded(to: large).scalars,
                               Reference.binary(s.scalars, small, zeros, large, { $0 + $1 }).values, "\(small) expanded to \(large)")
            }
        }
    }

    func testBinaryOpsWithBroadcasting() {
        var rng = TestRNG(seed: 1)
        let ops: [(String, (Tensor, Tensor) -> Tensor, (Double, Double) -> Double)] = [
            ("add", { $0 + $1 }, { $0 + $1 }), ("sub", { $0 - $1 }, { $0 - $1 }),
            ("mul", { $0 * $1 }, { $0 * $1 }), ("div", { $0 / $1 }, { $0 / $1 }),
        ]
        for (sa, sb) in shapePairs {
            let a = randomTensor(sa, &rng), b = randomTensor(sb, &rng, 0.5, 2)
            for (name, op, ref) in ops {
                let out = op(a, b)
                let expected = Reference.binary(a.scalars, sa, b.scalars, sb, ref)
                XCTAssertEqual(out.shape, expected.shape, "\(name) \(sa) \(sb)")
                assertClose(out.scalars, expected.values, "\(name) \(sa) with \(sb)")
            }
        }
    }

    func testUnaryOps() {
        var rng = TestRNG(seed: 2)
        for shape in [[37], [3, 17], [300, 257]] {
            let x = randomTensor(shape, &rng, -3, 3), p = randomTensor(shape, &rng, 0.1, 4)
            let cases: [(String, Tensor, Tensor, (Double) -> Double)] = [
                ("exp", x, x.exp(), { Foundation.exp($0) }),
                ("log", p, p.log(), { Foundation.log($0) }),
                ("sqrt", p, p.sqrt(), { $0.squareRoot() }),
                ("pow 1.5", p, p.pow(1.5), { Foundation.pow($0, 1.5) }),
                ("pow -1", p, p.pow(-1), { 1 / $0 }),
                ("square", x, x.squared(), { $0 * $0 }),
                ("abs", x, x.abs(), { Swift.abs($0) }),
                ("neg", x, -x, { -$0 }),
                ("affine", x, x * 1.5 + 0.25, { $0 * 1.5 + 0.25 }),
                ("rsub", x, 2 - x, { 2 - $0 }),
                ("relu", x, x.relu(), { Swift.max($0, 0) }),
                ("leakyReLU", x, x.leakyReLU(slope: 0.2), { $0 > 0 ? $0 : 0.2 * $0 }),
                ("sigmoid", x, x.sigmoid(), { 1 / (1 + Foundation.exp(-$0)) }),
                ("softplus", x, x.softplus(), { Foundation.log(1 + Foundation.exp($0)) }),
                ("tanh", x, x.tanh(), { Foundation.tanh($0) }),
                ("clamp", x, x.clamped(min: -1, max: 0.5), { Swift.min(Swift.max($0, -1), 0.5) }),
                ("maximum", x, x.maximum(0.3), { Swift.max($0, 0.3) }),
                ("minimum", x, x.minimum(0.3), { Swift.min($0, 0.3) }),
            ]
            for (name, input, out, ref) in cases {
                XCTAssertEqual(out.shape, shape)
                assertClose(out.scalars, Reference.unary(input.scalars, ref), abs: 1e-6, rel: 2e-6, "\(name) \(shape)")
            }
        }
    }

    /// The vectorised exp, log and sigmoid at the edges of their polynomial ranges, where lanes
    /// fall back to the C library.
    func testTranscendentalEdges() {
        var values: [Float] = [0, -0.0, 1, -1, 88, 88.7, 88.8, 100, -87, -87.4, -104, -200, .infinity, -.infinity,
                               Float.leastNormalMagnitude, Float.leastNonzeroMagnitude, 1e-30, 3e38]
        values += (0..<30).map { Float($0) * 7.3 - 100 }
        let x = Tensor(shape: [values.count], scalars: values)
        func same(_ a: [Float], _ b: [Float], _ what: String) {
            for (i, (u, v)) in zip(a, b).enumerated() where !(u == v || (u.isNaN && v.isNaN) || Swift.abs(u - v) <= 3e-7 * Swift.abs(v)) {
                XCTFail("\(what)(\(values[i])) = \(u), expected \(v)")
            }
        }
        same(x.exp().scalars, values.map { Foundation.exp($0) }, "exp")
        same(x.log().scalars, values.map { Foundation.log($0) }, "log")
        same(x.sigmoid().scalars, values.map { Float(1 / (1 + Foundation.exp(-Double($0)))) }, "sigmoid")
    }

    func testSelect() {
        var rng = TestRNG(seed: 3)
        let a = randomTensor([4, 19], &rng), b = randomTensor([4, 19], &rng)
        let mask = a.isGreater(than: 0.1)
        let expected = zip(a.scalars, b.scalars).map { $0 > 0.1 ? $0 : $1 }
        XCTAssertEqual(select(mask, a, b).scalars, expected)
        XCTAssertEqual(a.isLess(than: 0.1).scalars, a.scalars.map { $0 < 0.1 ? 1 : 0 })
    }

    func testReductions() {
        var rng = TestRNG(seed: 4)
        for shape in [[2, 3, 17], [5, 1, 33], [130, 600]] {
            let x = randomTensor(shape, &rng)
            for axis in 0..<shape.count {
                var kept = shape
                kept.remove(at: axis)
                let s = x.sum(axis: axis)
                XCTAssertEqual(s.shape, kept)
                assertClose(s.scalars, Reference.sum(x.scalars, shape, axis: axis), abs: 1e-4, "sum axis \(axis) of \(shape)")
                var keep = shape
                keep[axis] = 1
                XCTAssertEqual(x.sum(axis: axis, keepingDimensions: true).shape, keep)
                assertClose(x.mean(axis: axis).scalars, Reference.sum(x.scalars, shape, axis: axis).map { $0 / Float(shape[axis]) },
                            abs: 1e-5, "mean axis \(axis) of \(shape)")
                assertClose(x.norm(axis: axis).scalars, Reference.norm(x.scalars, shape, axis: axis), abs: 1e-5,
                            "norm axis \(axis) of \(shape)")
            }
            let total = x.scalars.reduce(0.0) { $0 + Double($1) }
            XCTAssertEqual(x.sum().shape, [])
            XCTAssertEqual(Double(x.sum().scalar), total, accuracy: 1e-3)
            XCTAssertEqual(Double(x.mean().scalar), total / Double(x.count), accuracy: 1e-6)
        }
    }

    func testEmptyExtents() {
        let x = Tensor(shape: [2, 0, 3])
        XCTAssertEqual(x.sum(axis: 1).scalars, [0, 0, 0, 0, 0, 0])
        XCTAssertEqual(x.sum(axis: 2).shape, [2, 0])
        XCTAssertEqual(x.sum().scalar, 0)
        XCTAssertEqual((x + Tensor(shape: [3], repeating: 1)).shape, [2, 0, 3])
        XCTAssertEqual(matmul(Tensor(shape: [2, 0]), Tensor(shape: [0, 3])).scalars, [0, 0, 0, 0, 0, 0])
    }

    func testSoftmax() {
        var rng = TestRNG(seed: 5)
        let x = randomTensor([4, 37], &rng, -5, 5)
        assertClose(x.softmax().scalars, Reference.softmax(x.scalars, columns: 37), abs: 1e-6, "softmax")
        let seg = x.softmax(segments: [3, 30, 4])
        let expected = Reference.concatenate(
            [Reference.softmax(Reference.slice(x.scalars, columns: 37, 0..<3), columns: 3),
             Reference.softmax(Reference.slice(x.scalars, columns: 37, 3..<33), columns: 30),
             Reference.softmax(Reference.slice(x.scalars, columns: 37, 33..<37), columns: 4)], widths: [3, 30, 4])
        assertClose(seg.scalars, expected, abs: 1e-6, "softmax per segment")
    }

    func testShapeOps() {
        var rng = TestRNG(seed: 6)
        let x = randomTensor([5, 19], &rng)
        XCTAssertEqual(x.transposed().shape, [19, 5])
        XCTAssertEqual(x.transposed().scalars, Reference.transpose(x.scalars, rows: 5, columns: 19))
        let batched = randomTensor([2, 33, 17], &rng)
        let tb = batched.transposed().scalars
        for b in 0..<2 {
            let ref = Reference.transpose(Array(batched.scalars[(b * 561)..<(b * 561 + 561)]), rows: 33, columns: 17)
            XCTAssertEqual(Array(tb[(b * 561)..<(b * 561 + 561)]), ref)
        }
        XCTAssertEqual(x.reshaped(to: [19, 5]).scalars, x.scalars)
        XCTAssertTrue(x.reshaped(to: [95]).sharesStorage(with: x))
        XCTAssertEqual(x.sliced(lastAxis: 3..<11).scalars, Reference.slice(x.scalars, columns: 19, 3..<11))
        let y = randomTensor([5, 4], &rng), z = randomTensor([5, 1], &rng)
        XCTAssertEqual(concatenate(lastAxis: [x, y, z]).scalars,
                       Reference.concatenate([x.scalars, y.scalars, z.scalars], widths: [19, 4, 1]))
        XCTAssertEqual(concatenate(rows: [x, x.sliced(rows: 1..<3)]).scalars,
                       x.scalars + Array(x.scalars[19..<57]))
        XCTAssertEqual(x.gathering(rows: [4, 0, 4]).scalars,
                       Array(x.scalars[76..<95]) + Array(x.scalars[0..<19]) + Array(x.scalars[76..<95]))
        XCTAssertEqual(x.sliced(lastAxis: 2..<5).padded(lastAxis: 2..<5, width: 19).scalars,
                       (0..<95).map { (2..<5).contains($0 % 19) ? x.scalars[$0] : 0 })
        XCTAssertEqual(x.expanded(to: [2, 5, 19]).scalars, x.scalars + x.scalars)
        XCTAssertEqual(randomTensor([3, 1], &rng).expanded(to: [3, 4]).summed(toShape: [3, 1]).shape, [3, 1])
    }

    func testMatmulAgainstTripleLoop() {
        var rng = TestRNG(seed: 7)
        for (m, n, k) in [(1, 1, 1), (7, 33, 19), (64, 3, 129), (128, 65, 17)] {
            for ta in [false, true] {
                for tb in [false, true] {
                    let a = randomTensor(ta ? [k, m] : [m, k], &rng), b = randomTensor(tb ? [n, k] : [k, n], &rng)
                    let c = matmul(a, b, transposeA: ta, transposeB: tb)
                    XCTAssertEqual(c.shape, [m, n])
                    let expected = Reference.matmul(a.scalars, b.scalars, m: m, n: n, k: k, transposeA: ta, transposeB: tb)
                    assertClose(c.scalars, expected, abs: 1e-4, "matmul \(m)x\(k)x\(n) ta=\(ta) tb=\(tb)")
                }
            }
        }
    }

    func testFusedLinearAgainstReference() {
        var rng = TestRNG(seed: 8)
        for (rows, k, n) in [(3, 5, 7), (130, 33, 600)] {
            let x = randomTensor([rows, k], &rng), w = randomTensor([n, k], &rng), b = randomTensor([n], &rng)
            for slope: Float? in [nil, 0, 0.2] {
                let y = linear(x, weight: w, bias: b, leakyReLUSlope: slope)
                let expected = Reference.linear(x.scalars, w.scalars, b.scalars, rows: rows, inputs: k, outputs: n, slope: slope)
                assertClose(y.scalars, expected, abs: 1e-4, "linear \(rows)x\(k)->\(n) slope \(String(describing: slope))")
            }
            let noBias = linear(x, weight: w, bias: nil)
            assertClose(noBias.scalars, Reference.linear(x.scalars, w.scalars, nil, rows: rows, inputs: k, outputs: n, slope: nil),
                        abs: 1e-4, "linear without bias")
        }
    }
}
