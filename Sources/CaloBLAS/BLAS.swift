import CaloSupport
import _CBLASLoader

/// Single-precision matrix products on OpenBLAS, loaded at run time with the fastest kernel
/// the CPU can run (see `_CBLASLoader/README.md`).
public enum BLAS {
    /// Loads the library once (the one `CALOSIM_OPENBLAS` names, else `libopenblas.so.0`).
    ///
    /// Every entry point that multiplies matrices calls this first, so a missing or unloadable
    /// OpenBLAS is an environment error that says what to install, not a crash in the first
    /// product. Cheap after the first call.
    public static func load() throws(CalosimError) {
        if calosim_blas_load() != 0 {
            throw CalosimError.environment(String(cString: calosim_blas_error()))
        }
    }

    /// True once OpenBLAS is loaded (loads it if needed).
    public static var isAvailable: Bool { calosim_blas_load() == 0 }

    /// The kernel OpenBLAS reports it runs (for example "SkylakeX"), or nil if not loaded.
    public static var coreName: String? {
        isAvailable ? String(cString: calosim_blas_corename()) : nil
    }

    /// The OpenBLAS build configuration string.
    public static var configuration: String { String(cString: calosim_blas_config()) }

    /// The shared library that was loaded (resolved path).
    public static var libraryPath: String { String(cString: calosim_blas_library()) }

    /// The core type calosim asked for, whether the user's CALOSIM_OPENBLAS_CORETYPE chose it,
    /// and the OPENBLAS_CORETYPE the environment had, which calosim replaces ("" if none).
    public static var requestedCoreType: (name: String, fromUser: Bool, replaced: String) {
        (String(cString: calosim_blas_selected_coretype()), calosim_blas_coretype_from_user() != 0,
         String(cString: calosim_blas_environment_coretype()))
    }

    /// CPU features relevant to the kernel choice.
    public static var cpuFeatures: (avx2FMA: Bool, avx512: Bool) {
        (MatrixUnits.detected.avx2, MatrixUnits.detected.avx512)
    }

    /// Threads for one product. calosim splits every product itself and runs OpenBLAS
    /// single-threaded (see `sgemm`), so this is its own setting, not OpenBLAS's.
    nonisolated(unsafe) public static var threads = Threads.available

    /// Rows and columns of the tiles of C that `sgemm` computes one OpenBLAS call each: taller
    /// tiles for tall products (generation batches), where OpenBLAS's kernels run best.
    public static func tileShape(m: Int) -> (rows: Int, columns: Int) { (m >= 1024 ? 512 : 128, 256) }
    /// Products of fewer multiply-adds (m n k) than this are one call: splitting costs more.
    public static let splitThreshold = 1 << 22
    /// The fewest rows of C one OpenBLAS call computes when the rows are cut into tiles: a last
    /// tile of fewer rows joins the one before. OpenBLAS (0.3.21, SkylakeX) sums products of 1 to
    /// 4 rows in another order than taller ones, so a 2-row tail would give its rows other bytes
    /// than the same rows in a taller tile; from 5 rows on each element is summed the same way
    /// whatever the tile's height (`MLPInferenceTests`).
    public static let minimumTileRows = 8

    /// Row-major C[m, n] = alpha * op(A) * op(B) + beta * C.
    ///
    /// op(A) is [m, k]: A is stored [m, k] (lda >= k) or, transposed, [k, m] (lda >= m).
    /// op(B) is [k, n]: B is stored [k, n] (ldb >= n) or, transposed, [n, k] (ldb >= k).
    /// Transposes are read in place; nothing is copied.
    ///
    /// C is cut into tiles of `tileShape(m:)`, fixed by the shape (products below `splitThreshold`
    /// are one tile; a last row tile of fewer than `minimumTileRows` rows joins the one before),
    /// each computed by one single-threaded OpenBLAS call, and the tiles are
    /// shared out over `threads`. Every element of C is therefore computed the same way whatever
    /// the thread count, so the same seed gives the same bytes on 1 or 32 threads; OpenBLAS's own
    /// threading does not (it differs in the last bits for some shapes, e.g. 640 x 1024 x 541).
    /// With A not transposed, columns are always cut into tiles of `tileShape` columns and tile
    /// heights are multiples of `rowQuantum`, a last tile that is not one computed in a
    /// zero-padded copy: a row of C gets the same bytes whatever m (from `minimumTileRows` on),
    /// which makes generated showers independent of the batch size.
    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
              b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, epilogue: nil)
    }

    /// `sgemm` with an elementwise pass run on each tile of C right after the tile is computed
    /// (while it is in cache): `epilogue(rows, columns)` for the tile's ranges of C. The tiles, and
    /// so the bytes of C before the epilogue, are those of `sgemm`.
    public static func sgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int,
        epilogue: (@Sendable (Range<Int>, Range<Int>) -> Void)?
    ) {
        // Loads the library on first use. Entry points call `load()` first and throw; reaching
        // this without a library is a programmer error.
        if calosim_blas_load() != 0 { fatalError("sgemm before BLAS.load(): " + String(cString: calosim_blas_error())) }
        require(m >= 0 && n >= 0 && k >= 0, "sgemm: negative size m=\(m) n=\(n) k=\(k)")
        require(lda >= max(1, transposeA ? m : k), "sgemm: lda \(lda) too small")
        require(ldb >= max(1, transposeB ? k : n), "sgemm: ldb \(ldb) too small")
        require(ldc >= max(1, n), "sgemm: ldc \(ldc) too small")
        if m == 0 || n == 0 { return }
        let quantum = transposeA ? 1 : rowQuantum
        let small = m * n * k < splitThreshold, tile = tileShape(m: m)
        // Without A transposed, columns are cut alike whatever m: some kernels (Haswell) sum a
        // column in another order in calls of other widths.
        let tileM = small ? m : max(quantum, tile.rows / quantum * quantum)
        let tileN = small && transposeA ? n : tile.columns
        let cutTiles = (m + tileM - 1) / tileM, columnTiles = (n + tileN - 1) / tileN
        let rowTiles = cutTiles > 1 && m - (cutTiles - 1) * tileM < minimumTileRows ? cutTiles - 1 : cutTiles
        let pa = SharedPointer(a), pb = SharedPointer(b), pc = SharedPointer(c)
        Threads.parallelFor(rowTiles * columnTiles, threads: threads) { tile in
            let i0 = (tile / columnTiles) * tileM, j0 = (tile % columnTiles) * tileN
            let a0 = transposeA ? pa.base + i0 : pa.base + i0 * lda
            let b0 = transposeB ? pb.base + j0 * ldb : pb.base + j0
            let rows = tile / columnTiles == rowTiles - 1 ? m - i0 : tileM, columns = min(tileN, n - j0)
            let c0 = pc.base + i0 * ldc + j0
            if rows % quantum == 0 {
                calosim_sgemm(transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(rows), Int32(columns),
                              Int32(k), alpha, a0, Int32(lda), b0, Int32(ldb), beta, c0, Int32(ldc))
            } else {
                paddedTile(rows: rows, quantum: quantum, columns: columns, k: k, alpha: alpha, a: a0, lda: lda,
                           transposeB: transposeB, b: b0, ldb: ldb, beta: beta, c: c0, ldc: ldc)
            }
            epilogue?(i0..<(i0 + rows), j0..<(j0 + columns))
        }
    }

    /// One tile of `rows` rows (A not transposed) computed as the next multiple of `quantum`
    /// rows, the extra rows of A zero, in scratch buffers; the tile's rows copied into C.
    private static func paddedTile(rows: Int, quantum: Int, columns: Int, k: Int, alpha: Float,
                                   a: UnsafePointer<Float>, lda: Int, transposeB: Bool, b: UnsafePointer<Float>, ldb: Int,
                                   beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let padded = (rows + quantum - 1) / quantum * quantum
        let sa = UnsafeMutablePointer<Float>.allocate(capacity: padded * k)
        let sc = UnsafeMutablePointer<Float>.allocate(capacity: padded * columns)
        defer { sa.deallocate(); sc.deallocate() }
        for r in 0..<rows { (sa + r * k).update(from: a + r * lda, count: k) }
        (sa + rows * k).initialize(repeating: 0, count: (padded - rows) * k)
        for r in 0..<padded {
            if r < rows && beta != 0 { (sc + r * columns).update(from: c + r * ldc, count: columns) }
            else { (sc + r * columns).initialize(repeating: 0, count: columns) }
        }
        calosim_sgemm(0, transposeB ? 1 : 0, Int32(padded), Int32(columns), Int32(k), alpha, sa, Int32(k), b, Int32(ldb),
                      beta, sc, Int32(columns))
        for r in 0..<rows { (c + r * ldc).update(from: sc + r * columns, count: columns) }
    }

    /// Plain triple-loop reference for `sgemm` (same contract), accumulating in Double.
    public static func referenceSgemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let aip = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let bpj = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(aip) * Double(bpj)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                c[i * ldc + j] = Float(Double(alpha) * sum + old)
            }
        }
    }
}
