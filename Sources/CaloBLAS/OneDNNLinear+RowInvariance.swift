import CaloSupport
import _CDNNLLoader

extension OneDNNLinear {
    /// Row counts a probe calls with: every small count, then both sides of the usual block edges.
    static let probeRows = [1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 33, 64, 100, rowsPerTask - 1]

    /// The fewest rows m0 such that every single-threaded call of at least m0 rows gives each row
    /// the bytes it gets in a call of `rowsPerTask` rows, for the output types `outputs` (true:
    /// bf16, false: fp32).
    ///
    /// oneDNN chooses its implementation and its blocking of k by shape: left to itself, on a Zen 4
    /// (avx512_core_bf16) a 1-row product of k = 1024 runs `gemm:jit`, which sums in another order
    /// than for 2 rows. `_CDNNLLoader` therefore takes one implementation (brgemm) for every row
    /// count of a layer, and this probe checks what that leaves on this CPU (there: m0 = 1 for
    /// every layer of the generator); rows it cannot cover are padded. Found per layer when its
    /// weights are made:
    /// calls of each of `probeRows` rows, at the top and the bottom of a `rowsPerTask`-row input,
    /// against that input's product; m0 is the smallest of 1, 2, 4, ..., rowsPerTask above every
    /// failing count (rowsPerTask when none is).
    static func minimumRows(_ w: OneDNNWeights, outputs: [Bool]) throws(CalosimError) -> Int {
        let m = rowsPerTask, lda = w.paddedInputs, ldo = w.paddedOutputs
        var state: UInt32 = 0x9E37_79B9
        let x = (0..<(m * lda)).map { i -> UInt16 in
            state = state &* 1_664_525 &+ 1_013_904_223
            return i % lda < w.k ? BF16Linear.bf16(Float(Int32(bitPattern: state)) / Float(1 << 30)) : 0
        }
        var failing = 0
        for bf16Output in outputs {
            let full = try product(x, rows: m, from: 0, weights: w, bf16Output: bf16Output)
            let width = ldo * (bf16Output ? 2 : 4)
            for h in probeRows where h > failing {
                for start in Set([0, m - h]) {
                    let part = try product(x, rows: h, from: start, weights: w, bf16Output: bf16Output)
                    if part != Array(full[(start * width)..<((start + h) * width)]) { failing = h }
                }
            }
        }
        var minimum = 1
        while minimum <= failing && minimum < m { minimum *= 2 }
        return min(minimum, m)
    }

    /// The bytes of one unpadded call on rows [from, from + rows) of x.
    private static func product(_ x: [UInt16], rows: Int, from: Int, weights w: OneDNNWeights,
                                bf16Output: Bool) throws(CalosimError) -> [UInt8] {
        let lda = w.paddedInputs, ldo = w.paddedOutputs
        var bytes = [UInt8](repeating: 0xFF, count: rows * ldo * (bf16Output ? 2 : 4))
        let status = x.withUnsafeBufferPointer { px in
            bytes.withUnsafeMutableBytes { out in
                calosim_dnnl_linear(w.layer, px.baseAddress! + from * lda, Int32(lda), Int32(rows),
                                    bf16Output ? out.baseAddress!.assumingMemoryBound(to: UInt16.self) : nil,
                                    bf16Output ? nil : out.baseAddress!.assumingMemoryBound(to: Float.self),
                                    Int32(ldo), 1)
            }
        }
        guard status == 0 else { throw CalosimError.environment(String(cString: calosim_dnnl_error())) }
        return bytes
    }
}
