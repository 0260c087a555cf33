import CaloSupport
import _CDNNLLoader

/// A linear layer's weights for oneDNN's bf16 matmul: W [n, k] rounded to bf16 by calosim
/// (nearest even, as `BF16Weights`), bias fp32, LeakyReLU slope, and the fewest rows a call
/// must have for each row's bytes not to depend on the call (`minimumRows`).
///
/// The activation buffers keep `BF16Weights`' widths (paddedInputs, paddedOutputs), so both
/// kernels run in the same inference plan.
public final class OneDNNWeights: @unchecked Sendable {
    public let n: Int, k: Int
    /// n rounded up to 64: the columns written (beyond n zero), as `BF16Weights`.
    public let paddedOutputs: Int
    /// k rounded up to even: the input row's width, as `BF16Weights`.
    public let paddedInputs: Int
    let layer: OpaquePointer
    /// Calls of fewer rows are padded with zero rows to this many (see `OneDNNLinear`).
    public private(set) var minimumRows = 1

    /// Rounds `weight` [n, k] (row-major) to bf16 and copies `bias` [n] (or nil); slope nil for
    /// no activation, else LeakyReLU. `outputs`: the output types the layer will write, which
    /// `minimumRows` checks (true: bf16, false: fp32). Throws when oneDNN is not loaded or
    /// refuses the shape.
    public init(weight: UnsafePointer<Float>, n: Int, k: Int, bias: UnsafePointer<Float>?, slope: Float?,
                outputs: [Bool] = [true, false]) throws(CalosimError) {
        require(n > 0 && k > 0, "OneDNNWeights: sizes \(n) x \(k)")
        try OneDNNLinear.load()
        self.n = n
        self.k = k
        paddedOutputs = (n + 63) / 64 * 64
        paddedInputs = (k + 1) / 2 * 2
        let rounded = (0..<(n * k)).map { BF16Linear.bf16(weight[$0]) }
        guard let layer = calosim_dnnl_layer_create(rounded, Int32(n), Int32(k), bias, slope ?? -1, Int32(OneDNNLinear.rowsPerTask)) else {
            throw CalosimError.environment(String(cString: calosim_dnnl_error()))
        }
        self.layer = layer
        minimumRows = try OneDNNLinear.minimumRows(self, outputs: outputs)
    }

    deinit { calosim_dnnl_layer_destroy(layer) }

    /// The implementation oneDNN runs for calls of `rows` rows, e.g. "brg:avx512_core_bf16".
    public func implementation(rows: Int, bf16Output: Bool) -> String {
        String(cString: calosim_dnnl_layer_implementation(layer, Int32(rows), bf16Output ? 1 : 0))
    }
}

/// bf16 products on oneDNN (Debian's libdnnl2, loaded at run time: `_CDNNLLoader`):
/// y = act(x W^T + b), bf16 inputs and weights, fp32 accumulation, bias and LeakyReLU as
/// post-ops, the result stored as bf16 (the next layer's input) or fp32; the contract of
/// `BF16Linear.linear`.
///
/// Determinism: calosim cuts the rows into calls of at most `rowsPerTask` and shares them over its
/// own threads, each call on one oneDNN thread (oneDNN's threads may split k by thread count); a
/// call of fewer than the weights' `minimumRows` rows is padded with zero rows. Each row then gets
/// the same bytes whatever the batch, its position and the thread count.
public enum OneDNNLinear {
    /// Rows per call (per unit of work shared over threads).
    public static let rowsPerTask = 256

    /// Loads oneDNN once (the library `CALOSIM_ONEDNN` names, else libdnnl.so.2).
    public static func load() throws(CalosimError) {
        if calosim_dnnl_load() != 0 { throw CalosimError.environment(String(cString: calosim_dnnl_error())) }
    }

    /// True once oneDNN is loaded (loads it if needed).
    public static var isAvailable: Bool { calosim_dnnl_load() == 0 }
    /// Why oneDNN did not load ("" when it did).
    public static var loadError: String { isAvailable ? "" : String(cString: calosim_dnnl_error()) }
    /// "2.6.3" ("" when not loaded).
    public static var version: String { isAvailable ? String(cString: calosim_dnnl_version()) : "" }
    /// The library loaded ("" when not loaded).
    public static var library: String { isAvailable ? String(cString: calosim_dnnl_library()) : "" }
    /// oneDNN's best instruction set on this CPU ("avx512_core_amx", "avx512_core_bf16", ...).
    public static var instructionSet: String { isAvailable ? String(cString: calosim_dnnl_isa()) : "" }

    /// y[rows, w.paddedOutputs] = act(x W^T + b), x bf16 [rows, w.paddedInputs] (row lda), into
    /// bf16 `outBF16` or, if nil, fp32 `outF32` (row ldo >= w.paddedOutputs; columns n..<
    /// paddedOutputs zero), on `threads` threads.
    public static func linear(_ x: UnsafePointer<UInt16>, lda: Int, rows: Int, weights w: OneDNNWeights,
                              outBF16: UnsafeMutablePointer<UInt16>?, outF32: UnsafeMutablePointer<Float>?, ldo: Int,
                              threads: Int) {
        require(lda >= w.paddedInputs && lda % 2 == 0 && ldo >= w.paddedOutputs && (outBF16 != nil || outF32 != nil),
                "OneDNNLinear.linear: lda \(lda), ldo \(ldo) for weights \(w.n) x \(w.k)")
        guard rows > 0 else { return }
        let px = SharedPointer(UnsafeMutablePointer(mutating: x))
        let pb = outBF16.map(SharedPointer.init), pf = outF32.map(SharedPointer.init)
        // Calls of rowsPerTask rows; fewer rows are shared over the threads in calls of at least
        // 16 (a row's bytes do not depend on the call it is in).
        let workers = rows <= BF16Linear.callingThreadRows ? 1 : threads
        let size = min(rowsPerTask, max(16, (rows + workers - 1) / workers))
        let tasks = (rows + size - 1) / size
        Threads.parallelFor(tasks, threads: workers) { t in
            let lo = t * size, hi = min(rows, lo + size)
            call(px.base + lo * lda, lda: lda, rows: hi - lo, weights: w, outBF16: pb.map { $0.base + lo * ldo },
                 outF32: pf.map { $0.base + lo * ldo }, ldo: ldo)
        }
    }

    /// One single-threaded oneDNN call, padded to `w.minimumRows` rows when shorter.
    static func call(_ x: UnsafePointer<UInt16>, lda: Int, rows: Int, weights w: OneDNNWeights,
                     outBF16: UnsafeMutablePointer<UInt16>?, outF32: UnsafeMutablePointer<Float>?, ldo: Int) {
        if rows < w.minimumRows {
            let m = w.minimumRows
            var xs = [UInt16](repeating: 0, count: m * lda)
            xs.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: x, count: rows * lda) }
            if let outBF16 {
                var ys = [UInt16](repeating: 0, count: m * ldo)
                raw(xs, lda: lda, rows: m, weights: w, outBF16: &ys, outF32: nil, ldo: ldo)
                ys.withUnsafeBufferPointer { outBF16.update(from: $0.baseAddress!, count: rows * ldo) }
            } else if let outF32 {
                var ys = [Float](repeating: 0, count: m * ldo)
                raw(xs, lda: lda, rows: m, weights: w, outBF16: nil, outF32: &ys, ldo: ldo)
                ys.withUnsafeBufferPointer { outF32.update(from: $0.baseAddress!, count: rows * ldo) }
            }
            return
        }
        raw(x, lda: lda, rows: rows, weights: w, outBF16: outBF16, outF32: outF32, ldo: ldo)
    }

    /// The oneDNN call itself (one thread, no padding).
    static func raw(_ x: UnsafePointer<UInt16>, lda: Int, rows: Int, weights w: OneDNNWeights,
                    outBF16: UnsafeMutablePointer<UInt16>?, outF32: UnsafeMutablePointer<Float>?, ldo: Int) {
        let status = calosim_dnnl_linear(w.layer, x, Int32(lda), Int32(rows), outBF16, outF32, Int32(ldo), 1)
        // The shape was accepted when the weights were made (`minimumRows` ran every path).
        require(status == 0, "OneDNNLinear: \(String(cString: calosim_dnnl_error()))")
    }
}
