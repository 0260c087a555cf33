import CaloSupport
import _CFP32Kernels

/// A linear layer's fp32 weights packed for the few-row kernels, with its bias.
///
/// W [n, k] (PyTorch's `nn.Linear` layout) is copied into panels of 128 output columns, each k
/// rows of 128 floats (zero beyond n), so that a product of 1 to 4 rows streams the weights
/// once, contiguously.
public final class FewRowWeights: @unchecked Sendable {
    /// Output and input widths.
    public let n: Int, k: Int
    let packed: UnsafeMutablePointer<Float>
    let bias: UnsafeMutablePointer<Float>?

    /// Packs `weight` [n, k] (row-major) and copies `bias` [n] (or nil).
    public init(weight: UnsafePointer<Float>, n: Int, k: Int, bias: UnsafePointer<Float>?) {
        require(n > 0 && k > 0, "FewRowWeights: sizes \(n) x \(k)")
        self.n = n
        self.k = k
        let count = calosim_fp32_packed_count(Int32(n), Int32(k))
        packed = .allocate(capacity: count)
        calosim_fp32_pack_weights(weight, Int32(n), Int32(k), Int32(k), packed)
        if let bias {
            let b = UnsafeMutablePointer<Float>.allocate(capacity: n)
            b.update(from: bias, count: n)
            self.bias = b
        } else {
            self.bias = nil
        }
    }

    deinit {
        packed.deallocate()
        bias?.deallocate()
    }
}

/// fp32 products of 1 to 4 rows, y = act(x W^T + b), on calosim's own AVX-512 or AVX2 kernel:
/// inference at batch 1 to 4 (Geant4 asks for one shower at a time), where a general sgemm
/// spends its time packing the weights for a product it uses once (OpenBLAS 0.3.21's Haswell
/// kernel: 0.35 ms per shower of the shipped model at batch 1, against 0.07 ms for this one;
/// `Sources/_CFP32Kernels/README.md`).
///
/// Each output element is one fused multiply-add chain over k in order, then the bias, then the
/// activation: the same bytes for a row whatever the call's row count, AVX-512 or AVX2, equal
/// to the scalar reference. One thread (the caller's): the weights are read once per call.
public enum FewRowLinear {
    /// Most rows per call.
    public static let maximumRows = Int(CALOSIM_FP32_FEW_ROWS)

    /// The kernels' instruction sets.
    public enum InstructionSet: String, Sendable, CaseIterable {
        case avx512 = "AVX-512", avx2 = "AVX2"

        var c: calosim_fp32_isa { self == .avx512 ? CALOSIM_FP32_AVX512 : CALOSIM_FP32_AVX2 }

        /// True when this CPU (and its OS) runs it.
        public var isAvailable: Bool { self == .avx512 ? MatrixUnits.detected.avx512 : MatrixUnits.detected.avx2 }
    }

    /// The instruction set the kernel runs with on this CPU: AVX-512, else AVX2 + FMA, else nil
    /// (products of few rows then go through sgemm like any other).
    public static let instructionSet: InstructionSet? = InstructionSet.allCases.first(where: \.isAvailable)

    /// What `bench` and `info` print for batches of 1 to 4 rows in fp32, nil without a kernel.
    public static var kernelName: String? {
        instructionSet.map { $0.rawValue + " fp32 1-4 rows (calosim)" }
    }

    /// y[rows, n] (row ldy) = act(x[rows, k] (row lda) W^T + b) with `weights`; slope nil: no
    /// activation. `isa` defaults to this CPU's (tests pass each one the CPU has).
    public static func linear(_ x: UnsafePointer<Float>, lda: Int, rows: Int, weights: FewRowWeights, slope: Float?,
                              into y: UnsafeMutablePointer<Float>, ldy: Int, isa: InstructionSet? = nil) {
        require(rows >= 1 && rows <= maximumRows, "FewRowLinear: \(rows) rows (1 to \(maximumRows))")
        require(lda >= weights.k && ldy >= weights.n, "FewRowLinear: row strides \(lda), \(ldy) for \(weights.k) -> \(weights.n)")
        guard let chosen = isa ?? instructionSet else { requirementFailed("FewRowLinear: this CPU has neither AVX-512 nor AVX2") }
        require(chosen.isAvailable, "FewRowLinear: the CPU lacks \(chosen.rawValue)")
        calosim_fp32_few_rows_linear(chosen.c, x, Int32(lda), Int32(rows), weights.packed, Int32(weights.n), Int32(weights.k),
                                     weights.bias, slope ?? -1, y, Int32(ldy))
    }

    /// The scalar reference on the unpacked W [n, k] (row-major): the same bytes as `linear`.
    public static func reference(_ x: UnsafePointer<Float>, lda: Int, rows: Int, weight: UnsafePointer<Float>, n: Int, k: Int,
                                 bias: UnsafePointer<Float>?, slope: Float?, into y: UnsafeMutablePointer<Float>, ldy: Int) {
        calosim_fp32_few_rows_linear_reference(x, Int32(lda), Int32(rows), weight, Int32(k), Int32(n), Int32(k), bias,
                                               slope ?? -1, y, Int32(ldy))
    }
}
