import CaloBLAS
import XCTest
import _TestSupport

final class SgemmTests: XCTestCase {
    /// The fast path against the triple loop, for every transpose combination and odd shapes
    /// (300 x 530 x 41 and 1100 x 300 x 20 are above `BLAS.splitThreshold`: tiled, with partial
    /// tiles at both edges, in both tile shapes).
    func testSgemmMatchesReference() throws {
        try BLAS.load()
        var rng = TestRNG(seed: 1)
        for (m, n, k) in [(1, 1, 1), (3, 5, 7), (17, 1, 33), (64, 65, 63), (130, 7, 257), (300, 530, 41), (1100, 300, 20)] {
            for ta in [false, true] {
                for tb in [false, true] {
                    let a = rng.floats(m * k), b = rng.floats(k * n)
                    let c0 = rng.floats(m * n)
                    var fast = c0, slow = c0
                    let lda = ta ? m : k, ldb = tb ? k : n
                    BLAS.sgemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 0.7, a: a, lda: lda,
                               b: b, ldb: ldb, beta: 0.3, c: &fast, ldc: n)
                    BLAS.referenceSgemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 0.7, a: a, lda: lda,
                                        b: b, ldb: ldb, beta: 0.3, c: &slow, ldc: n)
                    if let err = Tolerance.compare(fast, slow, abs: 1e-4, rel: 1e-4) {
                        XCTFail("sgemm m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb): \(err)")
                    }
                }
            }
        }
    }

    /// The same bytes of C on 1, 2 and 3 threads, for every transpose combination. OpenBLAS's
    /// own threading fails this for 640 x 1024 x 541 (measured with Debian's 0.3.21).
    func testSgemmBytesDoNotDependOnThreads() throws {
        try BLAS.load()
        let saved = BLAS.threads
        defer { BLAS.threads = saved }
        var rng = TestRNG(seed: 2)
        for (m, n, k) in [(640, 1024, 541), (300, 530, 41), (128, 504, 1024), (1100, 300, 20)] {
            let a = rng.floats(m * k), b = rng.floats(k * n)
            for ta in [false, true] {
                for tb in [false, true] {
                    var results: [[Float]] = []
                    for threads in [1, 2, 3] {
                        BLAS.threads = threads
                        var c = [Float](repeating: 0, count: m * n)
                        BLAS.sgemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, a: a, lda: ta ? m : k, b: b,
                                   ldb: tb ? k : n, c: &c, ldc: n)
                        results.append(c)
                    }
                    XCTAssertTrue(results.allSatisfy { $0 == results[0] }, "m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb)")
                }
            }
        }
    }

    /// The kernel is never the generic fallback on a CPU with AVX2 and FMA.
    func testFastKernelSelected() throws {
        try BLAS.load()
        let core = BLAS.coreName ?? ""
        XCTAssertFalse(core.isEmpty)
        if BLAS.cpuFeatures.avx2FMA {
            XCTAssertFalse(core.lowercased().contains("prescott"), "OpenBLAS runs the generic kernel: \(core)")
        }
    }

    /// A row of C = A W^T (A not transposed) gets the same bytes whatever the row count from
    /// `BLAS.minimumTileRows` on, tiled or not, whatever the OpenBLAS kernel (rows beyond a
    /// multiple of `BLAS.rowQuantum` are computed in a padded tile).
    func testRowBytesDoNotDependOnTheRowCount() throws {
        try BLAS.load()
        XCTAssertTrue([1, 2, 4, 6, 8, 12, 16, 24, 48].contains(BLAS.rowQuantum))
        var rng = TestRNG(seed: 4)
        let n = 300, k = 513, all = 1100
        let a = rng.floats(all * k), w = rng.floats(n * k)
        var full = [Float](repeating: 0, count: all * n)
        BLAS.sgemm(transposeA: false, transposeB: true, m: all, n: n, k: k, a: a, lda: k, b: w, ldb: k, c: &full, ldc: n)
        for m in [8, 9, 13, 25, 100, 129, 130, 517, 1031] {
            var c = [Float](repeating: .nan, count: m * n)
            BLAS.sgemm(transposeA: false, transposeB: true, m: m, n: n, k: k, a: a, lda: k, b: w, ldb: k, c: &c, ldc: n)
            XCTAssertEqual(c.map(\.bitPattern), full[0..<(m * n)].map(\.bitPattern), "m \(m), quantum \(BLAS.rowQuantum)")
        }
    }
}
