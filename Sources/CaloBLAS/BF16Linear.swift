import CaloSupport
import _CBF16Kernels

/// A linear layer's weights in bfloat16, packed for the AVX512-BF16 kernel, with its bias.
///
/// W [n, k] (PyTorch's `nn.Linear` layout) is rounded to bf16 (nearest even) and stored in
/// panels of 64 output columns, each a run of k/2 column pairs; the bias stays fp32, padded with
/// zeros to the panels' width.
public final class BF16Weights: @unchecked Sendable {
    /// Output and input widths.
    public let n: Int, k: Int
    /// n rounded up to 64: the columns the kernel writes.
    public let paddedOutputs: Int
    /// k rounded up to even: the input row's width the kernel reads.
    public let paddedInputs: Int
    let packed: UnsafeMutablePointer<UInt16>
    let bias: UnsafeMutablePointer<Float>?

    /// Packs `weight` [n, k] (row-major) and `bias` [n] (or nil).
    public init(weight: UnsafePointer<Float>, n: Int, k: Int, bias: UnsafePointer<Float>?) {
        require(n > 0 && k > 0, "BF16Weights: sizes \(n) x \(k)")
        self.n = n
        self.k = k
        paddedOutputs = (n + 63) / 64 * 64
        paddedInputs = (k + 1) / 2 * 2
        let count = calosim_bf16_packed_count(Int32(n), Int32(k))
        packed = .allocate(capacity: count)
        calosim_bf16_pack_weights(weight, Int32(n), Int32(k), Int32(k), packed)
        if let bias {
            let b = UnsafeMutablePointer<Float>.allocate(capacity: paddedOutputs)
            b.initialize(repeating: 0, count: paddedOutputs)
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

/// bf16 products with fp32 accumulation: y = act(x W^T + b) on AVX512-BF16 (`vdpbf16ps`), bias
/// and LeakyReLU in the same pass as the product, the result stored as bf16 (the next layer's
/// input) or fp32.
///
/// Each output element is summed over k in one fixed order whatever the batch, the rows' split
/// or the thread count, so the same input gives the same bytes. Callers resolve
/// `InferencePrecision` first: on a CPU without AVX512-BF16 nothing here may run.
public enum BF16Linear {
    /// What `bench` and `info` print for the bf16 path.
    public static let kernelName = "AVX512-BF16 vdpbf16ps 6x64 (calosim)"
    /// Rows per unit of work shared over threads (the kernel's row blocks).
    public static let rowsPerTask = 48
    /// Products of at most this many rows run on the calling thread: waking a second one costs
    /// more than it saves (batch 1 to 8 of the shipped model, median call: 0.031 against 0.038 ms
    /// per shower at batch 1, 0.0135 against 0.016 at batch 8, on a 2-core Zen 4).
    public static let callingThreadRows = 8

    /// fp32 rows x [rows, k] (row ldx) to bf16 rows of `ldo` elements (ldo >= k, even; zero-filled
    /// beyond k).
    public static func convert(_ x: UnsafePointer<Float>, ldx: Int, k: Int, rows: Int,
                               into out: UnsafeMutablePointer<UInt16>, ldo: Int, threads: Int) {
        require(MatrixUnits.detected.runsBF16, "BF16Linear on a CPU without AVX512-BF16")
        require(ldo >= k && ldo % 2 == 0 && ldx >= k, "BF16Linear.convert: ldx \(ldx), k \(k), ldo \(ldo)")
        let px = SharedPointer(UnsafeMutablePointer(mutating: x)), po = SharedPointer(out)
        parallelRows(rows, threads: threads) { lo, hi in
            calosim_bf16_convert_rows(px.base, Int32(ldx), Int32(k), Int32(lo), Int32(hi), po.base, Int32(ldo))
        }
    }

    /// y[rows, w.paddedOutputs] = act(x W^T + b), x bf16 [rows, w.paddedInputs] (row lda), into
    /// bf16 `outBF16` or, if nil, fp32 `outF32` (row ldo >= w.paddedOutputs). slope: nil for no
    /// activation, else LeakyReLU (0: ReLU).
    public static func linear(_ x: UnsafePointer<UInt16>, lda: Int, rows: Int, weights w: BF16Weights, slope: Float?,
                              outBF16: UnsafeMutablePointer<UInt16>?, outF32: UnsafeMutablePointer<Float>?, ldo: Int,
                              threads: Int) {
        require(MatrixUnits.detected.runsBF16, "BF16Linear on a CPU without AVX512-BF16")
        require(lda >= w.paddedInputs && lda % 2 == 0 && ldo >= w.paddedOutputs && (outBF16 != nil || outF32 != nil),
                "BF16Linear.linear: lda \(lda), ldo \(ldo) for weights \(w.n) x \(w.k)")
        let px = SharedPointer(UnsafeMutablePointer(mutating: x))
        let pb = outBF16.map(SharedPointer.init), pf = outF32.map(SharedPointer.init)
        let s = slope ?? -1
        let rowTasks = (rows + rowsPerTask - 1) / rowsPerTask, panels = w.paddedOutputs / 64
        if rows <= callingThreadRows {
            if rows > 0 {
                calosim_bf16_linear(x, Int32(lda), 0, Int32(rows), w.packed, Int32(w.n), Int32(w.k), w.bias, s, outBF16, outF32, Int32(ldo))
            }
            return
        }
        if threads > 1 && rowTasks < threads && panels >= 2 {
            // Few rows (batch 9 to ~100): the threads share the columns, each reading only its
            // part of W (half of it on two threads, which then stays in that core's L2).
            let parts = min(threads, panels)
            Threads.parallelFor(parts, threads: parts) { t in
                calosim_bf16_linear_panels(px.base, Int32(lda), 0, Int32(rows), Int32(t * panels / parts), Int32((t + 1) * panels / parts),
                                           w.packed, Int32(w.n), Int32(w.k), w.bias, s, pb?.base, pf?.base, Int32(ldo))
            }
            return
        }
        parallelRows(rows, threads: threads) { lo, hi in
            calosim_bf16_linear(px.base, Int32(lda), Int32(lo), Int32(hi), w.packed, Int32(w.n), Int32(w.k), w.bias, s,
                                pb?.base, pf?.base, Int32(ldo))
        }
    }

    /// The scalar reference of `linear` (same contract, one thread), for tests.
    public static func referenceLinear(_ x: UnsafePointer<UInt16>, lda: Int, rows: Int, weights w: BF16Weights, slope: Float?,
                                       outBF16: UnsafeMutablePointer<UInt16>?, outF32: UnsafeMutablePointer<Float>?, ldo: Int) {
        calosim_bf16_linear_reference(x, Int32(lda), 0, Int32(rows), w.packed, Int32(w.n), Int32(w.k), w.bias, slope ?? -1,
                                      outBF16, outF32, Int32(ldo))
    }

    /// fp32 to bf16, round to nearest even (any CPU).
    public static func bf16(_ x: Float) -> UInt16 { calosim_bf16_from_float(x) }
    /// bf16 to fp32 (exact).
    public static func float(_ x: UInt16) -> Float { calosim_bf16_to_float(x) }

    /// Row ranges of `rowsPerTask` over `threads`; one call on the calling thread when small.
    static func parallelRows(_ rows: Int, threads: Int, _ body: @Sendable (Int, Int) -> Void) {
        let tasks = (rows + rowsPerTask - 1) / rowsPerTask
        if tasks <= 1 || threads <= 1 { if rows > 0 { body(0, rows) }; return }
        Threads.parallelFor(tasks, threads: threads) { t in body(t * rowsPerTask, min(rows, (t + 1) * rowsPerTask)) }
    }
}
