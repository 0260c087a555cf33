import CaloBLAS
import XCTest
import _TestSupport

final class OneDNNLinearTests: XCTestCase {
    /// Odd k, n not a multiple of 64, and the generator's layers (65 -> 256 -> 512 -> 1024 -> 504):
    /// oneDNN offers `gemm:jit` or `brg:*` by shape and row count (left to itself, 1 row of
    /// k = 1024 would be summed in another order).
    let shapes: [(m: Int, n: Int, k: Int)] = [(1, 1, 1), (7, 65, 3), (13, 130, 65), (50, 256, 511), (300, 256, 65),
                                              (1, 504, 1024), (6, 508, 1024), (101, 1024, 512), (2, 330, 65)]

    private func requireOneDNN() throws {
        guard MatrixUnits.detected.runsBF16 else { throw XCTSkip("this CPU has no AVX512-BF16") }
        guard OneDNNLinear.isAvailable else { throw XCTSkip("oneDNN not loaded (\(OneDNNLinear.loadError))") }
    }

    /// bf16 input rows [m, paddedInputs], fp32 weights [n, k] and bias, both kernels' weights.
    private func operands(m: Int, n: Int, k: Int, slope: Float?, rng: inout TestRNG) throws
        -> (x: [UInt16], own: BF16Weights, dnnl: OneDNNWeights) {
        let w = rng.floats(n * k, -0.3, 0.3), bias = rng.floats(n, -0.5, 0.5)
        let own = BF16Weights(weight: w, n: n, k: k, bias: bias)
        let dnnl = try OneDNNWeights(weight: w, n: n, k: k, bias: bias, slope: slope)
        var x = [UInt16](repeating: 0, count: m * own.paddedInputs)
        for i in 0..<m { for j in 0..<k { x[i * own.paddedInputs + j] = BF16Linear.bf16(rng.float(-2, 2)) } }
        return (x, own, dnnl)
    }

    /// oneDNN against the scalar reference on the same bf16 operands (calosim rounds weights and
    /// inputs for both): fp32 outputs within the two fp32 accumulations' bound,
    /// 2 (k + 1) 2^-24 (sum |x w| + |b|), bf16 outputs within one bf16 step (2^-8 relative) of each
    /// other on top of it; padding columns 0.
    func testProductsMatchTheReference() throws {
        try requireOneDNN()
        var rng = TestRNG(seed: 21)
        for (m, n, k) in shapes {
            for slope: Float? in [nil, 0, 0.2] {
                let (x, own, dnnl) = try operands(m: m, n: n, k: k, slope: slope, rng: &rng)
                let lda = own.paddedInputs, ldo = own.paddedOutputs
                XCTAssertEqual(dnnl.paddedInputs, lda)
                XCTAssertEqual(dnnl.paddedOutputs, ldo)
                var y = [Float](repeating: .nan, count: m * ldo), reference = y
                var y16 = [UInt16](repeating: 0xFFFF, count: m * ldo), reference16 = y16
                OneDNNLinear.linear(x, lda: lda, rows: m, weights: dnnl, outBF16: nil, outF32: &y, ldo: ldo, threads: 2)
                OneDNNLinear.linear(x, lda: lda, rows: m, weights: dnnl, outBF16: &y16, outF32: nil, ldo: ldo, threads: 2)
                BF16Linear.referenceLinear(x, lda: lda, rows: m, weights: own, slope: slope, outBF16: nil, outF32: &reference, ldo: ldo)
                BF16Linear.referenceLinear(x, lda: lda, rows: m, weights: own, slope: slope, outBF16: &reference16, outF32: nil, ldo: ldo)
                var worst = (excess: 0.0, index: -1)
                for i in 0..<m {
                    for j in 0..<ldo {
                        let at = i * ldo + j
                        guard j < n else {
                            XCTAssertEqual(y[at], 0, "padding column \(j)")
                            XCTAssertEqual(y16[at], 0, "padding column \(j)")
                            continue
                        }
                        // |x| <= 2, |w| <= 0.3 (rounded up by at most 2^-8), |b| <= 0.5.
                        let magnitude = Double(k) * 2 * 0.3 * (1 + 0x1p-8) + 0.5
                        let bound = 2 * Double(k + 1) * 0x1p-24 * magnitude
                        let d32 = abs(Double(y[at]) - Double(reference[at]))
                        let a = Double(BF16Linear.float(y16[at])), b = Double(BF16Linear.float(reference16[at]))
                        let d16 = abs(a - b) - (0x1p-8 * max(abs(a), abs(b)) + bound)
                        let excess = max(d32 - bound, d16)
                        if excess > worst.excess { worst = (excess, at) }
                    }
                }
                XCTAssertEqual(worst.index, -1, "m=\(m) n=\(n) k=\(k) slope=\(String(describing: slope)): "
                               + "first worst excess \(worst.excess) over the bound at [\(worst.index / ldo), \(worst.index % ldo)]")
            }
        }
    }

    /// Each row the same bytes whatever the batch it comes in (1, 2, 5, 37, 256, 257 rows at any
    /// position) and the thread count (1, 2, 3), bf16 and fp32 outputs.
    func testRowsGetTheSameBytesWhateverTheBatchAndThreads() throws {
        try requireOneDNN()
        var rng = TestRNG(seed: 22)
        for (n, k) in [(504, 1024), (1024, 512), (256, 65)] {
            let m = 300
            let (x, own, dnnl) = try operands(m: m, n: n, k: k, slope: 0.2, rng: &rng)
            let lda = own.paddedInputs, ldo = own.paddedOutputs
            for bf16Output in [true, false] {
                func run(batch: Int, threads: Int) -> [UInt32] {
                    var y32 = [Float](repeating: .nan, count: m * ldo), y16 = [UInt16](repeating: 0xFFFF, count: m * ldo)
                    x.withUnsafeBufferPointer { xs in
                        y32.withUnsafeMutableBufferPointer { o32 in
                            y16.withUnsafeMutableBufferPointer { o16 in
                                for start in stride(from: 0, to: m, by: batch) {
                                    OneDNNLinear.linear(xs.baseAddress! + start * lda, lda: lda, rows: min(batch, m - start), weights: dnnl,
                                                        outBF16: bf16Output ? o16.baseAddress! + start * ldo : nil,
                                                        outF32: bf16Output ? nil : o32.baseAddress! + start * ldo, ldo: ldo, threads: threads)
                                }
                            }
                        }
                    }
                    return bf16Output ? y16.map(UInt32.init) : y32.map(\.bitPattern)
                }
                let whole = run(batch: m, threads: 1)
                for (batch, threads) in [(1, 1), (1, 2), (2, 2), (5, 1), (37, 2), (256, 3), (257, 1), (300, 2), (300, 3)] {
                    let part = run(batch: batch, threads: threads)
                    let first = zip(part, whole).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    XCTAssertNil(first, "n=\(n) k=\(k) \(bf16Output ? "bf16" : "fp32") out, batch \(batch), \(threads) threads: "
                                 + "first differing element [\((first ?? 0) / ldo), \((first ?? 0) % ldo)] (minimum rows \(dnnl.minimumRows))")
                }
            }
        }
    }

    /// CALOSIM_BF16_KERNEL: a bad value refused in one line; calosim's kernel without AMX; oneDNN
    /// with AMX where it loads; forced oneDNN where it loads.
    func testKernelSelection() throws {
        let zen4 = MatrixUnits(amxBF16: false, avx512BF16: true, avx512: true, avx2: true)
        let sapphireRapids = MatrixUnits(amxBF16: true, avx512BF16: true, avx512: true, avx2: true)
        XCTAssertThrowsError(try BF16Kernel.choose(forced: "amx", units: zen4)) {
            XCTAssertTrue("\($0)".contains("CALOSIM_BF16_KERNEL=amx: expected onednn or calosim"), "\($0)")
        }
        XCTAssertEqual(try BF16Kernel.choose(forced: nil, units: zen4), .calosim)
        XCTAssertEqual(try BF16Kernel.choose(forced: "", units: zen4), .calosim)
        XCTAssertEqual(try BF16Kernel.choose(forced: "calosim", units: sapphireRapids), .calosim)
        XCTAssertEqual(try BF16Kernel.choose(forced: nil, units: sapphireRapids), OneDNNLinear.isAvailable ? .onednn : .calosim)
        if OneDNNLinear.isAvailable {
            XCTAssertEqual(try BF16Kernel.choose(forced: "ONEDNN", units: zen4), .onednn)
            XCTAssertTrue(BF16Kernel.onednn.name.hasPrefix("oneDNN \(OneDNNLinear.version) matmul ("), BF16Kernel.onednn.name)
        } else {
            XCTAssertThrowsError(try BF16Kernel.choose(forced: "onednn", units: zen4)) {
                XCTAssertTrue("\($0)".contains("libdnnl"), "\($0)")
            }
        }
    }
}
