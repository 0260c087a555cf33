import CaloBLAS
import CaloNN
import CaloSupport
import CaloTensor
import XCTest
import _TestSupport

final class MLPInferenceTests: XCTestCase {
    /// An MLP of the generator's kind: LeakyReLU hidden layers fused into their linear layers.
    private func network(sizes: [Int], output: Activation) -> Sequential {
        Sequential.mlp(MLPConfig(sizes: sizes, hiddenActivation: .leakyReLU(slope: 0.2), outputActivation: output), seed: 7)
    }

    /// fp32: the same bytes as the tensor path (`Sequential` of `linear` ops) at a batch that
    /// tiles the products, on 1 or 2 threads; and each row the same bytes in every batch of at
    /// least `BLAS.minimumTileRows` rows, also those whose last tile of rows would hold 1 to 4
    /// rows (129, 130, 513), which OpenBLAS sums in another order. (Batches of 1 to 4 rows
    /// themselves differ in the last bits: the next test.)
    func testFP32PlanGivesTheTensorPathsBytesWhateverTheBatch() throws {
        try BLAS.load()
        let saved = BLAS.threads
        defer { BLAS.threads = saved }
        for output in [Activation.identity, .relu] {
            let net = network(sizes: [65, 256, 512, 1024, 508], output: output)
            let plan = try MLPInference(net, precision: .fp32)
            XCTAssertEqual(plan.outputStride, 508)
            let all = 1100
            var rng = TestRNG(seed: 5)
            let x = rng.floats(all * 65, -2, 2)
            let expected = withoutGradients { net(Tensor(shape: [all, 65], scalars: x)) }.scalars
            for threads in [1, 2] {
                BLAS.threads = threads
                for rows in [all, 8, 9, 129, 130, 513] {
                    var y = [Float](repeating: .nan, count: rows * 508)
                    plan.forward(x, rows: rows, into: &y, threads: threads)
                    XCTAssertEqual(y.map(\.bitPattern), expected[0..<(rows * 508)].map(\.bitPattern), "rows \(rows), \(threads) threads, \(output)")
                }
            }
        }
    }

    /// fp32: rows cut into calls of 16, 16, 8 (or 7, 13, 20) with `firstRow` give the bytes of one
    /// call of all 40, whatever OpenBLAS's kernel (Haswell sums a row by its position within 12).
    func testFP32CallsCutAnywhereGiveTheBytesOfOneCall() throws {
        try BLAS.load()
        let net = network(sizes: [65, 256, 512, 1024, 508], output: .identity)
        let plan = try MLPInference(net, precision: .fp32)
        var rng = TestRNG(seed: 12)
        let x = rng.floats(40 * 65, -2, 2)
        var whole = [Float](repeating: .nan, count: 40 * 508)
        plan.forward(x, rows: 40, into: &whole, threads: 2)
        for cuts in [[16, 16, 8], [7, 13, 20]] {
            var y = [Float](repeating: .nan, count: 40 * 508), start = 0
            for rows in cuts {
                x.withUnsafeBufferPointer { xp in
                    y.withUnsafeMutableBufferPointer {
                        plan.forward(xp.baseAddress! + start * 65, rows: rows, into: $0.baseAddress! + start * 508, threads: 2, firstRow: start)
                    }
                }
                start += rows
            }
            XCTAssertEqual(y.map(\.bitPattern), whole.map(\.bitPattern), "cuts \(cuts), row quantum \(BLAS.rowQuantum)")
        }
    }

    /// fp32 at batch 1 to 4 (the few-row kernel where the CPU has AVX2 or AVX-512): each row
    /// the same bytes whatever the batch (1 to 4), and within fp32 rounding of the tensor path.
    func testFP32PlanAtBatchOneToFourIsBatchInvariantAndCloseToTheTensorPath() throws {
        try BLAS.load()
        let net = network(sizes: [65, 256, 512, 1024, 508], output: .identity)
        let plan = try MLPInference(net, precision: .fp32)
        var rng = TestRNG(seed: 9)
        let x = rng.floats(4 * 65, -2, 2)
        let expected = withoutGradients { net(Tensor(shape: [4, 65], scalars: x)) }.scalars
        var single: [[UInt32]] = []
        for r in 0..<4 {
            var y = [Float](repeating: .nan, count: 508)
            x.withUnsafeBufferPointer { plan.forward($0.baseAddress! + r * 65, rows: 1, into: &y, threads: 2) }
            single.append(y.map(\.bitPattern))
            let scale = expected[(r * 508)..<((r + 1) * 508)].map { abs($0) }.max()!
            for j in 0..<508 { XCTAssertEqual(y[j], expected[r * 508 + j], accuracy: 1e-5 * scale, "row \(r) column \(j)") }
        }
        for rows in 2...4 {
            var y = [Float](repeating: .nan, count: rows * 508)
            plan.forward(x, rows: rows, into: &y, threads: 2)
            for r in 0..<rows { XCTAssertEqual(Array(y[(r * 508)..<((r + 1) * 508)].map(\.bitPattern)), single[r], "row \(r) of \(rows)") }
        }
    }

    /// bf16: close to fp32 (8 significant bits per operand, fp32 sums), padding columns 0, and
    /// the same bytes whatever the batch cut and thread count.
    func testBF16PlanIsCloseToFP32AndDeterministic() throws {
        guard MatrixUnits.detected.runsBF16 else { throw XCTSkip("this CPU has no AVX512-BF16") }
        try BLAS.load()
        let net = network(sizes: [65, 256, 512, 1024, 504], output: .identity)
        let plan32 = try MLPInference(net, precision: .fp32), plan16 = try MLPInference(net, precision: .bf16)
        XCTAssertEqual(plan16.outputStride, 512)
        let rows = 200
        var rng = TestRNG(seed: 9)
        let x = rng.floats(rows * 65, -2, 2)
        var y32 = [Float](repeating: 0, count: rows * 504), y16 = [Float](repeating: .nan, count: rows * 512)
        plan32.forward(x, rows: rows, into: &y32, threads: 2)
        plan16.forward(x, rows: rows, into: &y16, threads: 2)
        var squaredError = 0.0, squaredSignal = 0.0
        for i in 0..<rows {
            for j in 0..<512 {
                guard j < 504 else { XCTAssertEqual(y16[i * 512 + j], 0); continue }
                let d = Double(y16[i * 512 + j] - y32[i * 504 + j])
                squaredError += d * d
                squaredSignal += Double(y32[i * 504 + j] * y32[i * 504 + j])
            }
        }
        // Rounding each operand to bf16 (relative error <= 2^-9) gives a relative rms error of
        // the outputs of a few 2^-9 after four layers; 3 % is far above that, far below a bug.
        XCTAssertLessThan((squaredError / squaredSignal).squareRoot(), 0.03)
        var pieces = [Float](repeating: 0, count: rows * 512)
        pieces.withUnsafeMutableBufferPointer { out in
            x.withUnsafeBufferPointer { xs in
                plan16.forward(xs.baseAddress!, rows: 3, into: out.baseAddress!, threads: 1)
                plan16.forward(xs.baseAddress! + 3 * 65, rows: rows - 3, into: out.baseAddress! + 3 * 512, threads: 2)
            }
        }
        XCTAssertEqual(pieces.map(\.bitPattern), y16.map(\.bitPattern))
    }

    /// bf16 on oneDNN: close to calosim's own bf16 kernel (the same bf16 operands, sums in
    /// another order), padding columns 0, and each row the same bytes whatever the batch cut
    /// (batch 1 included) and the thread count.
    func testOneDNNPlanIsCloseToTheOwnKernelAndDeterministic() throws {
        guard MatrixUnits.detected.runsBF16 else { throw XCTSkip("this CPU has no AVX512-BF16") }
        guard OneDNNLinear.isAvailable else { throw XCTSkip("oneDNN not loaded (\(OneDNNLinear.loadError))") }
        let net = network(sizes: [65, 256, 512, 1024, 504], output: .identity)
        let own = try MLPInference(net, precision: .bf16, kernel: .calosim), dnnl = try MLPInference(net, precision: .bf16, kernel: .onednn)
        XCTAssertEqual(dnnl.bf16Kernel, .onednn)
        XCTAssertEqual(dnnl.outputStride, own.outputStride)
        let rows = 1000, stride = dnnl.outputStride
        var rng = TestRNG(seed: 10)
        let x = rng.floats(rows * 65, -2, 2)
        var reference = [Float](repeating: .nan, count: rows * stride), whole = reference
        own.forward(x, rows: rows, into: &reference, threads: 2)
        // The plan's first call: calls of row counts met for the first time on two threads at
        // once (each call has its own scratch memory; a shared one mixed their accumulators).
        dnnl.forward(x, rows: rows, into: &whole, threads: 2)
        var squaredError = 0.0, squaredSignal = 0.0
        for i in 0..<rows {
            for j in 0..<stride {
                guard j < 504 else { XCTAssertEqual(whole[i * stride + j], 0); continue }
                let d = Double(whole[i * stride + j] - reference[i * stride + j])
                squaredError += d * d
                squaredSignal += Double(reference[i * stride + j] * reference[i * stride + j])
            }
        }
        // Both round the same operands to bf16; only the fp32 sums' order (and then a bf16
        // rounding of a hidden activation flipping by one step) differs: far below 1 %.
        XCTAssertLessThan((squaredError / squaredSignal).squareRoot(), 0.01)
        for (cuts, threads) in [([1, 3, 996], 1), ([1, 1, 998], 2), ([257, 743], 2), ([1000], 1)] {
            var pieces = [Float](repeating: .nan, count: rows * stride)
            pieces.withUnsafeMutableBufferPointer { out in
                x.withUnsafeBufferPointer { xs in
                    var start = 0
                    for cut in cuts {
                        dnnl.forward(xs.baseAddress! + start * 65, rows: cut, into: out.baseAddress! + start * stride, threads: threads)
                        start += cut
                    }
                }
            }
            let first = zip(pieces, whole).enumerated().first { $0.element.0.bitPattern != $0.element.1.bitPattern }?.offset
            XCTAssertNil(first, "cuts \(cuts), \(threads) threads: first differing element [\((first ?? 0) / stride), \((first ?? 0) % stride)]")
        }
    }

    /// A network with a separate activation layer is refused in one line.
    func testRefusesUnfusedLayers() {
        let net = Sequential.mlp(MLPConfig(sizes: [4, 8, 2], hiddenActivation: .tanh), seed: 1)
        XCTAssertThrowsError(try MLPInference(net, precision: .fp32)) {
            XCTAssertTrue("\($0)".contains("fused linear layers only"), "\($0)")
        }
    }
}
