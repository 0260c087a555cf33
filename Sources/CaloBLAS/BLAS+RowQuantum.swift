import _CBLASLoader

extension BLAS {
    /// The row count q such that OpenBLAS's kernel sums every row of A op(B) in the same order in
    /// any call whose row count is a multiple of q (and at least 5): 1 for SkylakeX (products of
    /// 1 to 4 rows aside), 12 for 0.3.21's Haswell kernel, whose last rows when the count is no
    /// multiple of 12 go through narrower kernels that sum in another order.
    ///
    /// `sgemm` cuts rows into tiles of multiples of q and pads a last tile that is not one, so a
    /// row's bytes do not depend on the batch it came in. Found once per process by a probe: for
    /// q = 1, 2, 4, 6, 8, 12, 16, 24, 48 in turn, products of h = 5 ... 96 rows (h a multiple
    /// of q) must give each row the bytes of a 96-row product, also started one tile further
    /// down; the first q that passes (48 when none does: `rowQuantumVerified` false).
    public static var rowQuantum: Int { rowQuantumProbe.quantum }

    /// False when no q of the probe passed: the kernel sums a row in an order that depends on
    /// the call's row count in other ways too, and fp32 rows may differ in their last bits
    /// between batch sizes. (The probe checks calls of up to 96 rows; a verified q does not
    /// cover taller calls.)
    public static var rowQuantumVerified: Bool { rowQuantumProbe.verified }

    private static let rowQuantumProbe: (quantum: Int, verified: Bool) = {
        guard isAvailable else { return (1, true) }
        let m = 96, n = 40, k = 67
        var state: UInt32 = 12_345
        func next() -> Float {
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state >> 8) / Float(1 << 24) - 0.5
        }
        let a = (0..<(m * k)).map { _ in next() }, b = (0..<(n * k)).map { _ in next() }
        func product(rows: Int, from row: Int) -> [Float] {
            var c = [Float](repeating: 0, count: rows * n)
            a.withUnsafeBufferPointer { pa in
                calosim_sgemm(0, 1, Int32(rows), Int32(n), Int32(k), 1, pa.baseAddress! + row * k, Int32(k), b, Int32(k), 0, &c, Int32(n))
            }
            return c
        }
        let full = product(rows: m, from: 0)
        func passes(_ q: Int) -> Bool {
            for h in stride(from: q, through: m, by: q) where h >= 5 {
                for start in Set([0, m - h]) {
                    let part = product(rows: h, from: start)
                    for i in 0..<(h * n) where part[i].bitPattern != full[start * n + i].bitPattern { return false }
                }
            }
            return true
        }
        return [1, 2, 4, 6, 8, 12, 16, 24, 48].first(where: passes).map { ($0, true) } ?? (48, false)
    }()
}
