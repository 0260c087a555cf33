import CaloSupport

extension Tensor {
    /// Nearest-neighbour upsampling by an integer factor (PyTorch's `nn.Upsample(scale_factor: k)`):
    /// y[n, c, i, j] = x[n, c, i / k, j / k].
    ///
    /// Shapes: [N, C, H, W] -> [N, C, H k, W k]. A linear map whose derivative is the block sum,
    /// `averagePooled(size:)` x k^2 (and that one's is this again).
    public func upsampled(factor k: Int) -> Tensor {
        require(rank == 4 && k >= 1, "upsampled: \(shape) by \(k) (NCHW)")
        let h = shape[2], w = shape[3], ho = h * k, wo = w * k, planes = shape[0] * shape[1]
        let out = Tensor(uninitializedShape: [shape[0], shape[1], ho, wo])
        let src = SendablePointer(storage.base), dst = SendablePointer(out.storage.base)
        Kernels.split(planes, work: out.count, unit: 1) { lo, hi in
            for p in lo..<hi {
                let x = src.base + p * h * w, y = dst.base + p * ho * wo
                for i in 0..<ho {
                    let line = x + (i / k) * w, row = y + i * wo
                    for j in 0..<wo { row[j] = line[j / k] }
                }
            }
        }
        guard Tensor.recording(self) else { return out }
        let area = Float(k * k)
        return out.recorded("upsample", [self]) { g, _ in [g.averagePooled(size: k) * area] }
    }
}
