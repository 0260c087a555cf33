import CaloSupport

/// Elementwise functions of one tensor. Each derivative rule uses only the input (outputs are
/// recomputed) so that no node refers to itself and every rule can be differentiated again.
extension Tensor {
    /// e^x.
    public func exp() -> Tensor {
        let out = mapKernel(ExpKernel())
        guard Tensor.recording(self) else { return out }
        return out.recorded("exp", [self]) { g, _ in [g * self.exp()] }
    }

    /// Natural logarithm.
    public func log() -> Tensor {
        let out = mapKernel(LogKernel())
        guard Tensor.recording(self) else { return out }
        return out.recorded("log", [self]) { g, _ in [g / self] }
    }

    /// Square root.
    public func sqrt() -> Tensor {
        let out = mapKernel(SqrtKernel())
        guard Tensor.recording(self) else { return out }
        return out.recorded("sqrt", [self]) { g, _ in [g / self.sqrt() * 0.5] }
    }

    /// x^p for a constant exponent p.
    public func pow(_ p: Float) -> Tensor {
        let out = p == 2 ? mapKernel(SquareKernel()) : mapKernel(PowKernel(exponent: p))
        guard Tensor.recording(self) else { return out }
        return out.recorded("pow", [self]) { g, _ in
            [p == 0 ? g * 0 : (p == 1 ? g : g * self.pow(p - 1) * p)]
        }
    }

    /// x * x.
    public func squared() -> Tensor {
        let out = mapKernel(SquareKernel())
        guard Tensor.recording(self) else { return out }
        return out.recorded("square", [self]) { g, _ in [g * self * 2] }
    }

    /// |x| (derivative sign(x), 0 at 0).
    public func abs() -> Tensor {
        let out = mapKernel(AbsKernel())
        guard Tensor.recording(self) else { return out }
        return out.recorded("abs", [self]) { g, _ in [g * self.mapKernel(SignKernel())] }
    }

    /// max(x, 0).
    public func relu() -> Tensor { leakyReLU(slope: 0) }

    /// x for x > 0, slope * x otherwise (0 <= slope <= 1).
    public func leakyReLU(slope: Float) -> Tensor {
        require(slope >= 0 && slope <= 1, "leakyReLU: slope \(slope) outside [0, 1]")
        let out = mapKernel(LeakyReLUKernel(slope: slope))
        guard Tensor.recording(self) else { return out }
        let mask = self.detached
        return out.recorded("leakyReLU", [self]) { g, _ in [g.leakyReLUGrad(signOf: mask, slope: slope)] }
    }

    /// The LeakyReLU derivative applied to this upstream gradient: self where `x > 0`, slope * self
    /// elsewhere. `x` (same shape) is a constant mask; the rule is linear in self, so its own
    /// derivative is itself (what the WGAN-GP double backward runs through).
    public func leakyReLUGrad(signOf x: Tensor, slope: Float) -> Tensor {
        require(shape == x.shape, "leakyReLUGrad: \(shape) vs \(x.shape)")
        let out = Tensor(uninitializedShape: shape)
        Kernels.zip(LeakyReLUGradKernel(slope: slope), storage.base, .same, x.storage.base, .same,
                    out.storage.base, count)
        guard Tensor.recording(self) else { return out }
        let mask = x.detached
        return out.recorded("leakyReLUGrad", [self]) { g, _ in [g.leakyReLUGrad(signOf: mask, slope: slope)] }
    }

    /// 1 / (1 + e^-x).
    public func sigmoid() -> Tensor {
        let out = mapKernel(SigmoidKernel())
        guard Tensor.recording(self) else { return out }
        return out.recorded("sigmoid", [self]) { g, _ in
            let s = self.sigmoid()
            return [g * s * (1 - s)]
        }
    }

    /// log(1 + e^x), computed without overflow.
    public func softplus() -> Tensor {
        let out = mapKernel(SoftplusKernel())
        guard Tensor.recording(self) else { return out }
        return out.recorded("softplus", [self]) { g, _ in [g * self.sigmoid()] }
    }

    /// Hyperbolic tangent.
    public func tanh() -> Tensor {
        let out = mapKernel(TanhKernel())
        guard Tensor.recording(self) else { return out }
        return out.recorded("tanh", [self]) { g, _ in
            let t = self.tanh()
            return [g * (1 - t * t)]
        }
    }

    /// Elements clamped to [low, high] (derivative 1 strictly inside, 0 outside).
    public func clamped(min low: Float, max high: Float) -> Tensor {
        require(low <= high, "clamped: min \(low) > max \(high)")
        let out = mapKernel(ClampKernel(low: low, high: high))
        guard Tensor.recording(self) else { return out }
        return out.recorded("clamp", [self]) { g, _ in [g * self.mapKernel(InsideKernel(low: low, high: high))] }
    }

    /// max(x, s) elementwise.
    public func maximum(_ s: Float) -> Tensor { clamped(min: s, max: .infinity) }

    /// min(x, s) elementwise.
    public func minimum(_ s: Float) -> Tensor { clamped(min: -.infinity, max: s) }

    /// A constant mask: 1 where x > s, else 0.
    public func isGreater(than s: Float) -> Tensor { mapKernel(InsideKernel(low: s, high: .infinity)) }

    /// A constant mask: 1 where x < s, else 0.
    public func isLess(than s: Float) -> Tensor { mapKernel(InsideKernel(low: -.infinity, high: s)) }
}

/// Elementwise choice: a where mask != 0, b elsewhere (all three the same shape; the mask is a
/// constant, e.g. from `isGreater(than:)`).
public func select(_ mask: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
    require(mask.shape == a.shape && a.shape == b.shape, "select: mask \(mask.shape), \(a.shape), \(b.shape)")
    let out = Tensor(uninitializedShape: a.shape)
    let m = mask.storage.base, pa = a.storage.base, pb = b.storage.base, o = out.storage.base
    for i in 0..<a.count { o[i] = m[i] != 0 ? pa[i] : pb[i] }
    guard Tensor.recording(a, b) else { return out }
    let constantMask = mask.detached
    return out.recorded("select", [a, b]) { g, need in
        let zero = Tensor.zeros(g.shape)
        return [need[0] ? select(constantMask, g, zero) : nil, need[1] ? select(constantMask, zero, g) : nil]
    }
}
