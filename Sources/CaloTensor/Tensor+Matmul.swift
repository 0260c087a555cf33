import CaloBLAS
import CaloSupport

/// Matrix product of rank-2 tensors on OpenBLAS sgemm: op(a) x op(b), where op transposes when
/// asked. Transposed operands are read in place (no copy).
///
/// Shapes: op(a) [m, k], op(b) [k, n] -> [m, n]. The derivative rules are matmuls again:
/// dA = g op(b)^T, dB = op(a)^T g, each laid out so that no transpose is materialised.
public func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
    require(a.rank == 2 && b.rank == 2, "matmul: \(a.shape) x \(b.shape) (rank 2 only)")
    let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    require(k == k2, "matmul: \(a.shape)\(transposeA ? "^T" : "") x \(b.shape)\(transposeB ? "^T" : "")")
    let out = Tensor(uninitializedShape: [m, n])
    if k == 0 {
        out.storage.base.update(repeating: 0, count: m * n)
    } else {
        BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                   a: a.storage.base, lda: a.shape[1], b: b.storage.base, ldb: b.shape[1],
                   c: out.storage.base, ldc: max(n, 1))
    }
    guard Tensor.recording(a, b) else { return out }
    return out.recorded("matmul", [a, b]) { g, need in
        let da: Tensor? = !need[0] ? nil
            : transposeA ? matmul(b, g, transposeA: transposeB, transposeB: true)
            : matmul(g, b, transposeB: !transposeB)
        let db: Tensor? = !need[1] ? nil
            : transposeB ? matmul(g, a, transposeA: true, transposeB: transposeA)
            : matmul(a, g, transposeA: !transposeA)
        return [da, db]
    }
}

/// A fully connected layer in one op: y = act(x W^T + b), the bias add and activation fused into
/// one pass after sgemm.
///
/// Shapes: x [B, in], weight [out, in] (PyTorch's layout), bias [out] -> [B, out].
/// `leakyReLUSlope`: nil for no activation, 0 for ReLU, e.g. 0.2 for LeakyReLU(0.2). The
/// activation's derivative mask is read from the output (same sign as the pre-activation), so
/// nothing else is stored.
public func linear(_ x: Tensor, weight: Tensor, bias: Tensor?, leakyReLUSlope slope: Float? = nil) -> Tensor {
    require(x.rank == 2 && weight.rank == 2 && x.shape[1] == weight.shape[1],
            "linear: input \(x.shape) x weight \(weight.shape)^T")
    if let bias { require(bias.shape == [weight.shape[0]], "linear: bias \(bias.shape) for weight \(weight.shape)") }
    if let slope { require(slope >= 0 && slope <= 1, "linear: slope \(slope) outside [0, 1]") }
    let rows = x.shape[0], n = weight.shape[0], k = x.shape[1]
    let out = Tensor(uninitializedShape: [rows, n])
    if k == 0 {
        out.storage.base.update(repeating: 0, count: rows * n)
        LinearKernels.biasActivation(out.storage.base, rows: rows, columns: n, bias: bias?.storage.base, slope: slope)
    } else if bias == nil && slope == nil {
        BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: n, k: k, a: x.storage.base, lda: k,
                   b: weight.storage.base, ldb: k, c: out.storage.base, ldc: max(n, 1))
    } else {
        // Bias and activation on each tile of the product as it is computed (in cache, on the
        // thread that computed it): the arithmetic of `biasActivation`, one pass fewer.
        let py = SendablePointer(out.storage.base), pb = bias.map { SendablePointer($0.storage.base) }
        BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: n, k: k, a: x.storage.base, lda: k,
                   b: weight.storage.base, ldb: k, c: out.storage.base, ldc: max(n, 1)) { rowRange, columns in
            LinearKernels.biasActivation(py.base, ldc: n, rows: rowRange, columns: columns, bias: pb?.base, slope: slope)
        }
    }
    let inputs = bias.map { [x, weight, $0] } ?? [x, weight]
    guard Tensor.recording(inputs) else { return out }
    let mask = out.detached
    return out.recorded("linear", inputs) { g, need in
        let gh = slope.map { g.leakyReLUGrad(signOf: mask, slope: $0) } ?? g
        var grads: [Tensor?] = [need[0] ? matmul(gh, weight) : nil,
                                need[1] ? matmul(gh, x, transposeA: true) : nil]
        if inputs.count == 3 { grads.append(need[2] ? gh.sum(axis: 0) : nil) }
        return grads
    }
}

/// The pass after sgemm in `linear`.
enum LinearKernels {
    /// y[r, j] = act(y[r, j] + bias[j]) in place for r in `rows`, j in `columns` (one tile, on
    /// the calling thread): per element the arithmetic of `biasActivation(_:rows:columns:bias:slope:)`.
    static func biasActivation(_ y: UnsafeMutablePointer<Float>, ldc n: Int, rows: Range<Int>, columns: Range<Int>,
                               bias: UnsafeMutablePointer<Float>?, slope: Float?) {
        let s = slope ?? 1
        for r in rows {
            let row = y + r * n
            var j = columns.lowerBound
            if let bias {
                while j + 16 <= columns.upperBound {
                    let v = load16(row + j) + load16(bias + j)
                    store16(v.replacing(with: v * s, where: v .< 0), row + j)
                    j += 16
                }
                while j < columns.upperBound { let v = row[j] + bias[j]; row[j] = v < 0 ? v * s : v; j += 1 }
            } else {
                while j + 16 <= columns.upperBound { let v = load16(row + j); store16(v.replacing(with: v * s, where: v .< 0), row + j); j += 16 }
                while j < columns.upperBound { row[j] = row[j] < 0 ? row[j] * s : row[j]; j += 1 }
            }
        }
    }

    /// y[r, j] = act(y[r, j] + bias[j]) in place, rows split over threads when large.
    static func biasActivation(_ y: UnsafeMutablePointer<Float>, rows: Int, columns n: Int,
                               bias: UnsafeMutablePointer<Float>?, slope: Float?) {
        if bias == nil && slope == nil { return }
        let py = SendablePointer(y)
        let pb = bias.map(SendablePointer.init)
        let s = slope ?? 1
        Kernels.split(rows, work: rows * n, unit: 1) { lo, hi in
            for r in lo..<hi {
                let row = py.base + r * n
                var j = 0
                if let pb {
                    while j + 16 <= n {
                        let v = load16(row + j) + load16(pb.base + j)
                        store16(v.replacing(with: v * s, where: v .< 0), row + j)
                        j += 16
                    }
                    while j < n { let v = row[j] + pb.base[j]; row[j] = v < 0 ? v * s : v; j += 1 }
                } else {
                    while j + 16 <= n { let v = load16(row + j); store16(v.replacing(with: v * s, where: v .< 0), row + j); j += 16 }
                    while j < n { row[j] = row[j] < 0 ? row[j] * s : row[j]; j += 1 }
                }
            }
        }
    }
}
