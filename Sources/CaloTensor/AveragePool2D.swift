import CaloSupport

extension Tensor {
    /// Average pooling over non-overlapping `size` x `size` blocks (stride = size, no padding):
    /// y[n, c, i, j] = mean of x[n, c, i size ..< (i + 1) size, j size ..< (j + 1) size].
    ///
    /// Shapes: [N, C, H, W] -> [N, C, H / size, W / size] (H and W multiples of size). A linear map
    /// whose derivative is `upsampled(factor:)` / size^2, and that one's is this again, so a
    /// gradient penalty through it is exact.
    public func averagePooled(size k: Int) -> Tensor {
        require(rank == 4 && k >= 1 && shape[2] % k == 0 && shape[3] % k == 0,
                "averagePooled: \(shape) in blocks of \(k) (NCHW, H and W multiples of the block)")
        let h = shape[2], w = shape[3], ho = h / k, wo = w / k, planes = shape[0] * shape[1]
        let out = Tensor(uninitializedShape: [shape[0], shape[1], ho, wo])
        let src = SendablePointer(storage.base), dst = SendablePointer(out.storage.base)
        let scale = 1 / Float(k * k)
        Kernels.split(planes, work: count, unit: 1) { lo, hi in
            for p in lo..<hi {
                let x = src.base + p * h * w, y = dst.base + p * ho * wo
                for i in 0..<ho {
                    for j in 0..<wo {
                        var s: Float = 0
                        for a in 0..<k { for b in 0..<k { s += x[(i * k + a) * w + j * k + b] } }
                        y[i * wo + j] = s * scale
                    }
                }
            }
        }
        guard Tensor.recording(self) else { return out }
        return out.recorded("averagePool", [self]) { g, _ in [g.upsampled(factor: k) * scale] }
    }
}
