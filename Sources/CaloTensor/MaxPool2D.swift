import CaloSupport

extension Tensor {
    /// Max pooling over non-overlapping `size` x `size` blocks (stride = size, no padding), as
    /// `nn.MaxPool2d(size)`. Ties go to the first element in row-major order.
    ///
    /// Shapes: [N, C, H, W] -> [N, C, H / size, W / size] (H and W multiples of size).
    /// Derivative: the upstream gradient routed to each block's maximum (the winners are fixed
    /// when the op runs, so the rule is linear in the upstream gradient and differentiable again).
    public func maxPooled(size k: Int) -> Tensor {
        require(rank == 4 && k >= 1 && shape[2] % k == 0 && shape[3] % k == 0,
                "maxPooled: \(shape) in blocks of \(k) (NCHW, H and W multiples of the block)")
        let h = shape[2], w = shape[3], ho = h / k, wo = w / k, planes = shape[0] * shape[1]
        let out = Tensor(uninitializedShape: [shape[0], shape[1], ho, wo])
        var winners = [Int32](repeating: 0, count: out.count)
        let src = SendablePointer(storage.base), dst = SendablePointer(out.storage.base)
        winners.withUnsafeMutableBufferPointer { buffer in
            let idx = SharedPointer(buffer.baseAddress!)
            Kernels.split(planes, work: count, unit: 1) { lo, hi in
                for p in lo..<hi {
                    let x = src.base + p * h * w, y = dst.base + p * ho * wo
                    for i in 0..<ho {
                        for j in 0..<wo {
                            var best = -Float.infinity, at = (i * k) * w + j * k
                            for a in 0..<k {
                                for b in 0..<k {
                                    let e = (i * k + a) * w + j * k + b
                                    if x[e] > best { best = x[e]; at = e }
                                }
                            }
                            y[i * wo + j] = best
                            idx[p * ho * wo + i * wo + j] = Int32(p * h * w + at)
                        }
                    }
                }
            }
        }
        guard Tensor.recording(self) else { return out }
        let inputShape = shape, positions = winners
        return out.recorded("maxPool", [self]) { g, _ in [g.scatteredElements(to: positions, shape: inputShape)] }
    }

    /// Element i of this tensor added at flat position `positions[i]` of a zero tensor of `shape`.
    /// Derivative: `gatheredElements(at:shape:)`.
    func scatteredElements(to positions: [Int32], shape outShape: [Int]) -> Tensor {
        require(positions.count == count, "scatteredElements: \(positions.count) positions for \(count) elements")
        let out = Tensor(shape: outShape, repeating: 0)
        let x = storage.base, y = out.storage.base
        for i in 0..<count { y[Int(positions[i])] += x[i] }
        guard Tensor.recording(self) else { return out }
        let inputShape = shape
        return out.recorded("scatterElements", [self]) { g, _ in [g.gatheredElements(at: positions, shape: inputShape)] }
    }

    /// Elements at flat `positions`, as a tensor of `shape`. Derivative: `scatteredElements`.
    func gatheredElements(at positions: [Int32], shape outShape: [Int]) -> Tensor {
        require(positions.count == Shape.count(outShape), "gatheredElements: \(positions.count) positions for \(outShape)")
        let out = Tensor(uninitializedShape: outShape)
        let x = storage.base, y = out.storage.base
        for i in 0..<positions.count { y[i] = x[Int(positions[i])] }
        guard Tensor.recording(self) else { return out }
        let inputShape = shape
        return out.recorded("gatherElements", [self]) { g, _ in [g.scatteredElements(to: positions, shape: inputShape)] }
    }
}
