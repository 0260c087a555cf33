import CaloSupport

/// Sums, means, L2 norms and softmax.
extension Tensor {
    /// The sum of all elements, as a rank-0 tensor.
    public func sum() -> Tensor {
        let out = Tensor(uninitializedShape: [])
        out.storage.base[0] = ReduceKernels.sumAll(storage.base, count)
        guard Tensor.recording(self) else { return out }
        let inputShape = shape
        return out.recorded("sumAll", [self]) { g, _ in [g.expanded(to: inputShape)] }
    }

    /// Sums over `axis` (negative counts from the end). Shape: the axis removed, or kept with
    /// extent 1 when `keepingDimensions`.
    public func sum(axis: Int, keepingDimensions: Bool = false) -> Tensor {
        let a = Shape.axis(axis, rank: rank, "sum(axis:)")
        let (outer, length, inner) = Shape.split(shape, axis: a)
        var kept = shape
        kept[a] = 1
        let out = Tensor(uninitializedShape: kept)
        ReduceKernels.sumAxis(storage.base, outer: outer, length: length, inner: inner, out.storage.base)
        var result = out
        if !keepingDimensions {
            var dropped = shape
            dropped.remove(at: a)
            result = Tensor(shape: dropped, storage: out.storage)
        }
        guard Tensor.recording(self) else { return result }
        let inputShape = shape
        return result.recorded("sum", [self]) { g, _ in [g.reshaped(to: kept).expanded(to: inputShape)] }
    }

    /// The mean of all elements, as a rank-0 tensor.
    public func mean() -> Tensor { sum() * (1 / Float(Swift.max(count, 1))) }

    /// The mean over `axis`.
    public func mean(axis: Int, keepingDimensions: Bool = false) -> Tensor {
        let a = Shape.axis(axis, rank: rank, "mean(axis:)")
        return sum(axis: a, keepingDimensions: keepingDimensions) * (1 / Float(Swift.max(shape[a], 1)))
    }

    /// The L2 norm over `axis`: sqrt(sum x^2). Derivative x / norm, taken as 0 where the norm is 0.
    public func norm(axis: Int, keepingDimensions: Bool = false) -> Tensor {
        let a = Shape.axis(axis, rank: rank, "norm(axis:)")
        let out = withoutGradients { squared().sum(axis: a, keepingDimensions: keepingDimensions).sqrt() }
        guard Tensor.recording(self) else { return out }
        var kept = shape
        kept[a] = 1
        return out.recorded("norm", [self]) { g, _ in
            let n = self.norm(axis: a, keepingDimensions: true).maximum(Float.leastNormalMagnitude)
            return [self * (g.reshaped(to: kept) / n)]
        }
    }

    /// Softmax over the last axis: e^x / sum e^x per row (max subtracted first).
    public func softmax() -> Tensor {
        require(rank >= 1, "softmax: needs rank >= 1, got \(shape)")
        let n = shape[rank - 1]
        let out = Tensor(uninitializedShape: shape)
        let x = SendablePointer(storage.base), y = SendablePointer(out.storage.base)
        let rows = n == 0 ? 0 : count / n
        Kernels.split(rows, work: count, unit: 1) { lo, hi in
            for r in lo..<hi {
                let xr = x.base + r * n, yr = y.base + r * n
                var m = -Float.infinity
                for j in 0..<n { m = Swift.max(m, xr[j]) }
                // exp(x - m) in place, then scaled by the row's sum.
                Kernels.mapSerial(AffineKernel(scale: 1, shift: -m), xr, yr, n)
                Kernels.mapSerial(ExpKernel(), yr, yr, n)
                let inv = 1 / ReduceKernels.sumRun(yr, n)
                Kernels.mapSerial(AffineKernel(scale: inv, shift: 0), yr, yr, n)
            }
        }
        guard Tensor.recording(self) else { return out }
        return out.recorded("softmax", [self]) { g, _ in
            let y = self.softmax()
            return [y * (g - (g * y).sum(axis: -1, keepingDimensions: true))]
        }
    }

    /// Softmax of each consecutive segment of the last axis (per-layer normalisation of a shower:
    /// `segments` are the layer widths, summing to the last extent).
    public func softmax(segments: [Int]) -> Tensor {
        require(segments.reduce(0, +) == shape.last, "softmax(segments:): \(segments) vs shape \(shape)")
        var start = 0
        let parts = segments.map { w -> Tensor in
            defer { start += w }
            return sliced(lastAxis: start..<(start + w)).softmax()
        }
        return concatenate(lastAxis: parts)
    }
}
