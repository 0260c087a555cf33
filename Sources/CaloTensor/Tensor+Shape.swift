import CaloSupport

/// Reshape, transpose, and slicing and concatenation along the last and the first axis.
extension Tensor {
    /// The same elements under another shape of equal count (no copy).
    public func reshaped(to newShape: [Int]) -> Tensor {
        require(Shape.count(newShape) == count, "reshaped: \(shape) to \(newShape)")
        if newShape == shape { return self }
        let out = Tensor(shape: newShape, storage: storage)
        guard Tensor.recording(self) else { return out }
        let inputShape = shape
        return out.recorded("reshape", [self]) { g, _ in [g.reshaped(to: inputShape)] }
    }

    /// The last two axes swapped (copied, 16 x 16 tiles). Rank 2 to 4.
    public func transposed() -> Tensor {
        require(rank >= 2, "transposed: needs rank >= 2, got \(shape)")
        let m = shape[rank - 2], n = shape[rank - 1]
        var outShape = shape
        outShape.swapAt(rank - 2, rank - 1)
        let out = Tensor(uninitializedShape: outShape)
        let src = storage.base, dst = out.storage.base
        for b in 0..<(m * n == 0 ? 0 : count / (m * n)) {
            let x = src + b * m * n, y = dst + b * m * n
            for i0 in stride(from: 0, to: m, by: 16) {
                for j0 in stride(from: 0, to: n, by: 16) {
                    for i in i0..<Swift.min(i0 + 16, m) {
                        for j in j0..<Swift.min(j0 + 16, n) { y[j * m + i] = x[i * n + j] }
                    }
                }
            }
        }
        guard Tensor.recording(self) else { return out }
        return out.recorded("transpose", [self]) { g, _ in [g.transposed()] }
    }

    /// Columns `range` of the last axis (copied).
    public func sliced(lastAxis range: Range<Int>) -> Tensor {
        require(rank >= 1, "sliced(lastAxis:): rank 0")
        let n = shape[rank - 1]
        require(range.lowerBound >= 0 && range.upperBound <= n, "sliced(lastAxis:): \(range) of \(shape)")
        var outShape = shape
        outShape[rank - 1] = range.count
        let out = Tensor(uninitializedShape: outShape)
        let w = range.count, rows = n == 0 ? 0 : count / n
        for r in 0..<rows { (out.storage.base + r * w).update(from: storage.base + r * n + range.lowerBound, count: w) }
        guard Tensor.recording(self) else { return out }
        return out.recorded("slice", [self]) { g, _ in [g.padded(lastAxis: range, width: n)] }
    }

    /// This tensor placed at columns `range` of a zero tensor whose last extent is `width`
    /// (the adjoint of `sliced(lastAxis:)`).
    public func padded(lastAxis range: Range<Int>, width: Int) -> Tensor {
        require(shape.last == range.count && range.upperBound <= width, "padded: \(shape) into \(range) of \(width)")
        var outShape = shape
        outShape[rank - 1] = width
        let out = Tensor(shape: outShape, repeating: 0)
        let w = range.count, rows = w == 0 ? count : count / w
        for r in 0..<rows { (out.storage.base + r * width + range.lowerBound).update(from: storage.base + r * w, count: w) }
        guard Tensor.recording(self) else { return out }
        return out.recorded("pad", [self]) { g, _ in [g.sliced(lastAxis: range)] }
    }

    /// Rows `range` of the first axis (copied).
    public func sliced(rows range: Range<Int>) -> Tensor {
        require(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0], "sliced(rows:): \(range) of \(shape)")
        let rowSize = shape[0] == 0 ? 0 : count / shape[0]
        var outShape = shape
        outShape[0] = range.count
        let out = Tensor(uninitializedShape: outShape)
        out.storage.base.update(from: storage.base + range.lowerBound * rowSize, count: out.count)
        guard Tensor.recording(self) else { return out }
        let total = shape[0]
        return out.recorded("sliceRows", [self]) { g, _ in [g.padded(rows: range, count: total)] }
    }

    /// This tensor placed at rows `range` of a zero tensor with `count` rows.
    public func padded(rows range: Range<Int>, count rows: Int) -> Tensor {
        require(shape.first == range.count && range.upperBound <= rows, "padded(rows:): \(shape) into \(range) of \(rows)")
        let rowSize = shape[0] == 0 ? 0 : count / shape[0]
        var outShape = shape
        outShape[0] = rows
        let out = Tensor(shape: outShape, repeating: 0)
        (out.storage.base + range.lowerBound * rowSize).update(from: storage.base, count: count)
        guard Tensor.recording(self) else { return out }
        return out.recorded("padRows", [self]) { g, _ in [g.sliced(rows: range)] }
    }

    /// Rows `indices` of the first axis, in that order (a minibatch). Derivative: scatter-add.
    public func gathering(rows indices: [Int]) -> Tensor {
        require(rank >= 1, "gathering(rows:): rank 0")
        let rowSize = shape[0] == 0 ? 0 : count / shape[0]
        var outShape = shape
        outShape[0] = indices.count
        let out = Tensor(uninitializedShape: outShape)
        for (r, i) in indices.enumerated() {
            require(i >= 0 && i < shape[0], "gathering(rows:): row \(i) of \(shape)")
            (out.storage.base + r * rowSize).update(from: storage.base + i * rowSize, count: rowSize)
        }
        guard Tensor.recording(self) else { return out }
        let total = shape[0]
        return out.recorded("gather", [self]) { g, _ in [g.scatteringAdd(rows: indices, count: total)] }
    }

    /// Row r of this tensor added into row indices[r] of a zero tensor with `count` rows.
    public func scatteringAdd(rows indices: [Int], count rows: Int) -> Tensor {
        require(shape.first == indices.count, "scatteringAdd: \(shape) with \(indices.count) indices")
        let rowSize = shape[0] == 0 ? 0 : count / shape[0]
        var outShape = shape
        outShape[0] = rows
        let out = Tensor(shape: outShape, repeating: 0)
        for (r, i) in indices.enumerated() {
            let dst = out.storage.base + i * rowSize, src = storage.base + r * rowSize
            for j in 0..<rowSize { dst[j] += src[j] }
        }
        guard Tensor.recording(self) else { return out }
        return out.recorded("scatterAdd", [self]) { g, _ in [g.gathering(rows: indices)] }
    }
}

/// Tensors joined along the last axis (all other extents equal).
public func concatenate(lastAxis parts: [Tensor]) -> Tensor {
    require(!parts.isEmpty, "concatenate(lastAxis:): no tensors")
    let lead = Array(parts[0].shape.dropLast())
    for p in parts {
        require(p.rank >= 1 && Array(p.shape.dropLast()) == lead,
                "concatenate(lastAxis:): \(parts[0].shape) with \(p.shape)")
    }
    let widths = parts.map { $0.shape[$0.rank - 1] }
    let width = widths.reduce(0, +)
    let out = Tensor(uninitializedShape: lead + [width])
    let rows = Shape.count(lead)
    var offset = 0
    for (p, w) in zip(parts, widths) {
        for r in 0..<rows { (out.storage.base + r * width + offset).update(from: p.storage.base + r * w, count: w) }
        offset += w
    }
    guard Tensor.recording(parts) else { return out }
    return out.recorded("concat", parts) { g, need in
        var start = 0
        return widths.enumerated().map { i, w in
            defer { start += w }
            return need[i] ? g.sliced(lastAxis: start..<(start + w)) : nil
        }
    }
}

/// Tensors stacked along the first axis (all other extents equal).
public func concatenate(rows parts: [Tensor]) -> Tensor {
    require(!parts.isEmpty, "concatenate(rows:): no tensors")
    let tail = Array(parts[0].shape.dropFirst())
    for p in parts {
        require(p.rank >= 1 && Array(p.shape.dropFirst()) == tail, "concatenate(rows:): \(parts[0].shape) with \(p.shape)")
    }
    let counts = parts.map { $0.shape[0] }
    let total = counts.reduce(0, +)
    let out = Tensor(uninitializedShape: [total] + tail)
    var offset = 0
    for p in parts {
        (out.storage.base + offset).update(from: p.storage.base, count: p.count)
        offset += p.count
    }
    guard Tensor.recording(parts) else { return out }
    return out.recorded("concatRows", parts) { g, need in
        var start = 0
        return counts.enumerated().map { i, c in
            defer { start += c }
            return need[i] ? g.sliced(rows: start..<(start + c)) : nil
        }
    }
}
