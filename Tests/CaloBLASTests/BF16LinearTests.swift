import CaloBLAS
import XCTest
import _TestSupport

final class BF16LinearTests: XCTestCase {
    /// Shapes with odd k, n not a multiple of 64, rows not a multiple of the 6-row tile or the
    /// 48-row block.
    /// One and two rows take the matrix-vector kernel (up to four panels at once): panel counts
    /// 1 to 8 and odd ones.
    let shapes: [(m: Int, n: Int, k: Int)] = [(1, 1, 1), (7, 65, 3), (13, 130, 65), (50, 256, 511), (101, 64, 1024), (6, 508, 1024),
                                              (1, 508, 1024), (2, 330, 65), (1, 1024, 511), (2, 200, 256), (1, 130, 7), (3, 508, 64)]

    private func requireBF16() throws {
        guard MatrixUnits.detected.runsBF16 else { throw XCTSkip("this CPU has no AVX512-BF16") }
    }

    /// A layer's operands: bf16 input rows [m, paddedInputs] and packed weights.
    private func operands(m: Int, n: Int, k: Int, rng: inout TestRNG) -> (x: [UInt16], w: [Float], bias: [Float], weights: BF16Weights) {
        let w = rng.floats(n * k, -0.3, 0.3), bias = rng.floats(n, -0.5, 0.5)
        let weights = BF16Weights(weight: w, n: n, k: k, bias: bias)
        var x = [UInt16](repeating: 0, count: m * weights.paddedInputs)
        for i in 0..<m { for j in 0..<k { x[i * weights.paddedInputs + j] = BF16Linear.bf16(rng.float(-2, 2)) } }
        return (x, w, bias, weights)
    }

    /// The kernel against its scalar reference (same order of operations): the same bytes, for
    /// bf16 and fp32 outputs, with and without activation.
    func testKernelMatchesReference() throws {
        try requireBF16()
        var rng = TestRNG(seed: 11)
        for (m, n, k) in shapes {
            let (x, _, _, weights) = operands(m: m, n: n, k: k, rng: &rng)
            let ldo = weights.paddedOutputs
            for slope: Float? in [nil, 0, 0.2] {
                var fast = [Float](repeating: .nan, count: m * ldo), slow = fast
                var fast16 = [UInt16](repeating: 0xFFFF, count: m * ldo), slow16 = fast16
                BF16Linear.linear(x, lda: weights.paddedInputs, rows: m, weights: weights, slope: slope, outBF16: nil,
                                  outF32: &fast, ldo: ldo, threads: 2)
                BF16Linear.referenceLinear(x, lda: weights.paddedInputs, rows: m, weights: weights, slope: slope, outBF16: nil,
                                           outF32: &slow, ldo: ldo)
                BF16Linear.linear(x, lda: weights.paddedInputs, rows: m, weights: weights, slope: slope, outBF16: &fast16,
                                  outF32: nil, ldo: ldo, threads: 2)
                BF16Linear.referenceLinear(x, lda: weights.paddedInputs, rows: m, weights: weights, slope: slope, outBF16: &slow16,
                                           outF32: nil, ldo: ldo)
                XCTAssertEqual(fast.map(\.bitPattern), slow.map(\.bitPattern), "fp32 out, m=\(m) n=\(n) k=\(k) slope=\(String(describing: slope))")
                XCTAssertEqual(fast16, slow16, "bf16 out, m=\(m) n=\(n) k=\(k) slope=\(String(describing: slope))")
            }
        }
    }

    /// The product itself, apart from the packing both share: against a Double sum over the
    /// bf16-rounded operands. bf16 products are exact in fp32, so the only error is the fp32
    /// accumulation, at most k 2^-24 sum |x w| (plus the bias add); padding columns are 0.
    func testKernelComputesTheProduct() throws {
        try requireBF16()
        var rng = TestRNG(seed: 12)
        for (m, n, k) in shapes {
            let (x, w, bias, weights) = operands(m: m, n: n, k: k, rng: &rng)
            let ldo = weights.paddedOutputs, lda = weights.paddedInputs
            var y = [Float](repeating: .nan, count: m * ldo)
            BF16Linear.linear(x, lda: lda, rows: m, weights: weights, slope: nil, outBF16: nil, outF32: &y, ldo: ldo, threads: 1)
            for i in 0..<m {
                for j in 0..<ldo {
                    guard j < n else { XCTAssertEqual(y[i * ldo + j], 0, "padding column \(j)"); continue }
                    var sum = 0.0, magnitude = 0.0
                    for p in 0..<k {
                        let t = Double(BF16Linear.float(x[i * lda + p])) * Double(BF16Linear.float(BF16Linear.bf16(w[j * k + p])))
                        sum += t
                        magnitude += abs(t)
                    }
                    let expected = sum + Double(bias[j])
                    let bound = Double(k + 1) * 0x1p-24 * (magnitude + abs(Double(bias[j]))) + 1e-30
                    XCTAssertLessThanOrEqual(abs(Double(y[i * ldo + j]) - expected), bound, "m=\(m) n=\(n) k=\(k) [\(i), \(j)]")
                }
            }
        }
    }

    /// The same bytes on 1, 2 or 3 threads and when the rows come in two calls.
    func testBytesDoNotDependOnThreadsOrRowSplit() throws {
        try requireBF16()
        var rng = TestRNG(seed: 13)
        let (m, n, k) = (301, 508, 1024)
        let (x, _, _, weights) = operands(m: m, n: n, k: k, rng: &rng)
        let ldo = weights.paddedOutputs, lda = weights.paddedInputs
        var results: [[UInt16]] = []
        for threads in [1, 2, 3] {
            var y = [UInt16](repeating: 0, count: m * ldo)
            BF16Linear.linear(x, lda: lda, rows: m, weights: weights, slope: 0.2, outBF16: &y, outF32: nil, ldo: ldo, threads: threads)
            results.append(y)
        }
        var split = [UInt16](repeating: 0, count: m * ldo)
        let cut = 5
        BF16Linear.linear(x, lda: lda, rows: cut, weights: weights, slope: 0.2, outBF16: &split, outF32: nil, ldo: ldo, threads: 1)
        split.withUnsafeMutableBufferPointer { out in
            x.withUnsafeBufferPointer { xs in
                BF16Linear.linear(xs.baseAddress! + cut * lda, lda: lda, rows: m - cut, weights: weights, slope: 0.2,
                                  outBF16: out.baseAddress! + cut * ldo, outF32: nil, ldo: ldo, threads: 2)
            }
        }
        results.append(split)
        // Row by row and in pairs (the matrix-vector kernel) on 1 and 2 threads.
        for (step, threads) in [(1, 1), (2, 2), (1, 2)] {
            var rows = [UInt16](repeating: 0, count: m * ldo)
            rows.withUnsafeMutableBufferPointer { out in
                x.withUnsafeBufferPointer { xs in
                    for i in stride(from: 0, to: m, by: step) {
                        BLASTestRows.linear(xs.baseAddress! + i * lda, lda: lda, rows: min(step, m - i), weights: weights,
                                            out: out.baseAddress! + i * ldo, ldo: ldo, threads: threads)
                    }
                }
            }
            results.append(rows)
        }
        XCTAssertTrue(results.allSatisfy { $0 == results[0] })
    }

    /// Round to nearest even, NaN kept; the vector conversion equals the scalar one.
    func testConversion() throws {
        XCTAssertEqual(BF16Linear.bf16(1), 0x3F80)
        XCTAssertEqual(BF16Linear.bf16(1 + 0x1p-8), 0x3F80)          // tie, to even
        XCTAssertEqual(BF16Linear.bf16(1 + 3 * 0x1p-8), 0x3F82)      // tie, to even (up)
        XCTAssertEqual(BF16Linear.bf16(1 + 0x1p-8 + 0x1p-20), 0x3F81) // above the tie
        XCTAssertTrue(BF16Linear.float(BF16Linear.bf16(.nan)).isNaN)
        XCTAssertEqual(BF16Linear.float(BF16Linear.bf16(-2.5)), -2.5)
        try requireBF16()
        var rng = TestRNG(seed: 14)
        let rows = 9, k = 37, ldo = 40
        let x = rng.floats(rows * k, -100, 100)
        var out = [UInt16](repeating: 0xFFFF, count: rows * ldo)
        BF16Linear.convert(x, ldx: k, k: k, rows: rows, into: &out, ldo: ldo, threads: 2)
        for i in 0..<rows {
            for j in 0..<ldo { XCTAssertEqual(out[i * ldo + j], j < k ? BF16Linear.bf16(x[i * k + j]) : 0, "[\(i), \(j)]") }
        }
    }

    /// bf16 is refused in one line on a CPU without bf16 units; auto falls back to fp32 there.
    func testPrecisionResolution() throws {
        let plain = MatrixUnits(amxBF16: false, avx512BF16: false, avx512: true, avx2: true)
        let bf16 = MatrixUnits(amxBF16: false, avx512BF16: true, avx512: true, avx2: true)
        XCTAssertEqual(try InferencePrecision.auto.resolved(on: plain), .fp32)
        XCTAssertEqual(try InferencePrecision.fp32.resolved(on: bf16), .fp32)
        XCTAssertEqual(try InferencePrecision.auto.resolved(on: bf16), .bf16)
        XCTAssertEqual(try InferencePrecision.bf16.resolved(on: bf16), .bf16)
        XCTAssertThrowsError(try InferencePrecision.bf16.resolved(on: plain)) { error in
            XCTAssertTrue("\(error)".contains("needs a CPU with AVX512-BF16 (this one has: AVX-512, AVX2)"), "\(error)")
        }
        XCTAssertEqual(plain.description, "AVX-512, AVX2")
        XCTAssertEqual(MatrixUnits(amxBF16: false, avx512BF16: false, avx512: false, avx2: false).description, "none")
    }
}

/// Row ranges of one layer (slope 0.2, bf16 out) through `BF16Linear.linear`.
private enum BLASTestRows {
    static func linear(_ x: UnsafePointer<UInt16>, lda: Int, rows: Int, weights: BF16Weights, out: UnsafeMutablePointer<UInt16>,
                       ldo: Int, threads: Int) {
        BF16Linear.linear(x, lda: lda, rows: rows, weights: weights, slope: 0.2, outBF16: out, outF32: nil, ldo: ldo, threads: threads)
    }
}
