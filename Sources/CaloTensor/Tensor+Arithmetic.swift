import CaloSupport

/// Elementwise arithmetic with NumPy broadcasting (fast paths: same shape, scalar, row vector
/// along the last axis, one value per row), and scalar affine maps.
extension Tensor {
    /// k(a, b) broadcast to the common shape, without recording.
    static func zipKernel<K: BinaryKernel>(_ k: K, _ a: Tensor, _ b: Tensor, _ op: String) -> Tensor {
        let shape = Shape.broadcast(a.shape, b.shape, op)
        var a = a, b = b
        var am = Broadcast.of(a.shape, to: shape), bm = Broadcast.of(b.shape, to: shape)
        if am == .general || (am != .same && bm != .same) { a = a.expandKernel(to: shape); am = .same }
        if bm == .general { b = b.expandKernel(to: shape); bm = .same }
        let out = Tensor(uninitializedShape: shape)
        Kernels.zip(k, a.storage.base, am, b.storage.base, bm, out.storage.base, out.count)
        return out
    }

    /// k(x) elementwise, without recording.
    func mapKernel<K: UnaryKernel>(_ k: K) -> Tensor {
        let out = Tensor(uninitializedShape: shape)
        Kernels.map(k, storage.base, out.storage.base, count)
        return out
    }

    /// This tensor broadcast to `shape`, materialised, without recording.
    func expandKernel(to shape: [Int]) -> Tensor {
        if shape == self.shape { return detached }
        let out = Tensor(uninitializedShape: shape)
        ReduceKernels.expand(storage.base, input: self.shape, output: shape, out.storage.base)
        return out
    }

    /// Sum of broadcast copies down to `shape`, without recording.
    func sumToKernel(shape: [Int]) -> Tensor {
        if shape == self.shape { return detached }
        let out = Tensor(uninitializedShape: shape)
        ReduceKernels.sumTo(storage.base, input: self.shape, output: shape, out.storage.base)
        return out
    }

    /// This tensor broadcast (copied) to `shape`. Derivative: the sum back to this shape.
    public func expanded(to shape: [Int]) -> Tensor {
        _ = Shape.broadcast(self.shape, shape, "expanded(to:)")
        if shape == self.shape { return self }
        let out = expandKernel(to: shape)
        guard Tensor.recording(self) else { return out }
        let inputShape = self.shape
        return out.recorded("expand", [self]) { g, _ in [g.summed(toShape: inputShape)] }
    }

    /// The sum of this tensor's broadcast copies down to `shape` (the adjoint of `expanded`).
    public func summed(toShape shape: [Int]) -> Tensor {
        if shape == self.shape { return self }
        require(Shape.broadcast(shape, self.shape, "summed(toShape:)") == self.shape,
                "summed(toShape:): \(self.shape) does not reduce to \(shape)")
        let out = sumToKernel(shape: shape)
        guard Tensor.recording(self) else { return out }
        let inputShape = self.shape
        return out.recorded("sumTo", [self]) { g, _ in [g.expanded(to: inputShape)] }
    }

    /// a + b, broadcasting.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let out = zipKernel(AddKernel(), a, b, "add")
        guard recording(a, b) else { return out }
        let sa = a.shape, sb = b.shape
        return out.recorded("add", [a, b]) { g, need in
            [need[0] ? g.summed(toShape: sa) : nil, need[1] ? g.summed(toShape: sb) : nil]
        }
    }

    /// a - b, broadcasting.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let out = zipKernel(SubtractKernel(), a, b, "sub")
        guard recording(a, b) else { return out }
        let sa = a.shape, sb = b.shape
        return out.recorded("sub", [a, b]) { g, need in
            [need[0] ? g.summed(toShape: sa) : nil, need[1] ? (-g).summed(toShape: sb) : nil]
        }
    }

    /// a * b elementwise, broadcasting.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let out = zipKernel(MultiplyKernel(), a, b, "mul")
        guard recording(a, b) else { return out }
        return out.recorded("mul", [a, b]) { g, need in
            [need[0] ? (g * b).summed(toShape: a.shape) : nil, need[1] ? (g * a).summed(toShape: b.shape) : nil]
        }
    }

    /// a / b elementwise, broadcasting.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let out = zipKernel(DivideKernel(), a, b, "div")
        guard recording(a, b) else { return out }
        return out.recorded("div", [a, b]) { g, need in
            [need[0] ? (g / b).summed(toShape: a.shape) : nil,
             need[1] ? (-(g * a) / (b * b)).summed(toShape: b.shape) : nil]
        }
    }

    /// x * scale + shift elementwise.
    public func affine(scale: Float, shift: Float) -> Tensor {
        let out = mapKernel(AffineKernel(scale: scale, shift: shift))
        guard Tensor.recording(self) else { return out }
        return out.recorded("affine", [self]) { g, _ in [g.affine(scale: scale, shift: 0)] }
    }

    public static prefix func - (x: Tensor) -> Tensor { x.affine(scale: -1, shift: 0) }
    public static func * (x: Tensor, s: Float) -> Tensor { x.affine(scale: s, shift: 0) }
    public static func * (s: Float, x: Tensor) -> Tensor { x.affine(scale: s, shift: 0) }
    public static func / (x: Tensor, s: Float) -> Tensor { x.affine(scale: 1 / s, shift: 0) }
    public static func + (x: Tensor, s: Float) -> Tensor { x.affine(scale: 1, shift: s) }
    public static func + (s: Float, x: Tensor) -> Tensor { x.affine(scale: 1, shift: s) }
    public static func - (x: Tensor, s: Float) -> Tensor { x.affine(scale: 1, shift: -s) }
    public static func - (s: Float, x: Tensor) -> Tensor { x.affine(scale: -1, shift: s) }
    /// s / x elementwise.
    public static func / (s: Float, x: Tensor) -> Tensor { x.pow(-1) * s }

    /// Adds `other` (same shape) into this tensor's elements, without recording (gradient
    /// accumulation, optimisers). Copies first if the elements are shared.
    public mutating func addInPlace(_ other: Tensor) {
        require(shape == other.shape, "addInPlace: \(shape) += \(other.shape)")
        let o = other.storage.base
        withUnsafeMutableBufferPointer { p in
            Kernels.zip(AddKernel(), p.baseAddress!, .same, o, .same, p.baseAddress!, p.count)
        }
    }
}
