import CaloBLAS
import XCTest
import _TestSupport

final class SgemmTests: XCTestCase {
    /// The fast path against the triple loop, for every transpose combination and odd shapes.
    func testSgemmMatchesReference() throws {
        try BLAS.load()
        var rng = TestRNG(seed: 1)
        for (m, n, k) in [(1, 1, 1), (3, 5, 7), (17, 1, 33), (64, 65, 63), (130, 7, 257)] {
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

    /// The kernel is never the generic fallback on a CPU with AVX2 and FMA.
    func testFastKernelSelected() throws {
        try BLAS.load()
        let core = BLAS.coreName ?? ""
        XCTAssertFalse(core.isEmpty)
        if BLAS.cpuFeatures.avx2FMA {
            XCTAssertFalse(core.lowercased().contains("prescott"), "OpenBLAS runs the generic kernel: \(core)")
        }
    }
}
