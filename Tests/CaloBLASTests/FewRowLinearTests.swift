import CaloBLAS
import XCTest
import _TestSupport

final class FewRowLinearTests: XCTestCase {
    /// n not a multiple of 16 or of the 128-column panel, k odd or shorter than a vector, one
    /// output, several panels.
    let shapes: [(n: Int, k: Int)] = [(1, 1), (7, 3), (16, 16), (130, 65), (256, 65), (504, 1024), (300, 511), (129, 9)]

    /// The instruction sets this CPU runs.
    private var sets: [FewRowLinear.InstructionSet] { FewRowLinear.InstructionSet.allCases.filter(\.isAvailable) }

    /// Every kernel against the scalar reference on the unpacked weights: the same bytes for 1 to
    /// 4 rows, with and without bias and activation; columns beyond n untouched.
    func testKernelsMatchTheReferenceByteForByte() throws {
        guard !sets.isEmpty else { throw XCTSkip("this CPU has neither AVX2 nor AVX-512") }
        var rng = TestRNG(seed: 3)
        for (n, k) in shapes {
            let w = rng.floats(n * k, -0.3, 0.3), bias = rng.floats(n, -0.5, 0.5)
            let x = rng.floats(4 * (k + 2), -2, 2)
            for withBias in [false, true] {
                let weights = w.withUnsafeBufferPointer { wp in
                    bias.withUnsafeBufferPointer { FewRowWeights(weight: wp.baseAddress!, n: n, k: k, bias: withBias ? $0.baseAddress! : nil) }
                }
                for slope: Float? in [nil, 0, 0.2] {
                    for rows in 1...FewRowLinear.maximumRows {
                        let ldy = n + 3
                        var slow = [Float](repeating: .nan, count: rows * ldy)
                        bias.withUnsafeBufferPointer { b in
                            FewRowLinear.reference(x, lda: k + 2, rows: rows, weight: w, n: n, k: k, bias: withBias ? b.baseAddress! : nil,
                                                   slope: slope, into: &slow, ldy: ldy)
                        }
                        for isa in sets {
                            var fast = [Float](repeating: .nan, count: rows * ldy)
                            FewRowLinear.linear(x, lda: k + 2, rows: rows, weights: weights, slope: slope, into: &fast, ldy: ldy, isa: isa)
                            XCTAssertEqual(fast.map(\.bitPattern), slow.map(\.bitPattern), "n \(n) k \(k) rows \(rows) \(isa.rawValue) slope \(String(describing: slope))")
                        }
                    }
                }
            }
        }
    }

    /// The reference is the product: within fp32 rounding of a Double sum (|error| below
    /// k 2^-23 sum |x w|), and row r of a call of 4 rows equals a call of that row alone.
    func testReferenceIsTheProductAndRowsAreIndependent() throws {
        var rng = TestRNG(seed: 8)
        let n = 77, k = 300
        let w = rng.floats(n * k, -1, 1), bias = rng.floats(n, -1, 1), x = rng.floats(4 * k, -1, 1)
        var y = [Float](repeating: 0, count: 4 * n)
        FewRowLinear.reference(x, lda: k, rows: 4, weight: w, n: n, k: k, bias: bias, slope: nil, into: &y, ldy: n)
        for r in 0..<4 {
            for j in 0..<n {
                var exact = Double(bias[j]), magnitude = abs(Double(bias[j]))
                for q in 0..<k {
                    exact += Double(x[r * k + q]) * Double(w[j * k + q])
                    magnitude += abs(Double(x[r * k + q]) * Double(w[j * k + q]))
                }
                XCTAssertEqual(Double(y[r * n + j]), exact, accuracy: Double(k + 1) * 0x1p-23 * magnitude, "row \(r) column \(j)")
            }
        }
        guard let isa = sets.first else { throw XCTSkip("this CPU has neither AVX2 nor AVX-512") }
        let weights = FewRowWeights(weight: w, n: n, k: k, bias: bias)
        var four = [Float](repeating: 0, count: 4 * n)
        FewRowLinear.linear(x, lda: k, rows: 4, weights: weights, slope: 0.2, into: &four, ldy: n, isa: isa)
        for r in 0..<4 {
            var one = [Float](repeating: 0, count: n)
            x.withUnsafeBufferPointer { FewRowLinear.linear($0.baseAddress! + r * k, lda: k, rows: 1, weights: weights, slope: 0.2, into: &one, ldy: n, isa: isa) }
            XCTAssertEqual(one.map(\.bitPattern), four[(r * n)..<((r + 1) * n)].map(\.bitPattern), "row \(r)")
        }
    }
}
