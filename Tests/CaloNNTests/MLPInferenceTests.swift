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
    /// themselves differ in the last bits: not checked.)
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

    /// A network with a separate activation layer is refused in one line.
    func testRefusesUnfusedLayers() {
        let net = Sequential.mlp(MLPConfig(sizes: [4, 8, 2], hiddenActivation: .tanh), seed: 1)
        XCTAssertThrowsError(try MLPInference(net, precision: .fp32)) {
            XCTAssertTrue("\($0)".contains("fused linear layers only"), "\($0)")
        }
    }
}
