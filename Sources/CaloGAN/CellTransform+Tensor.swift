import CaloTensor

extension CellTransform {
    /// The forward map x = T(u) in differentiable tensor ops (u >= 0).
    public func forward(_ u: Tensor) -> Tensor {
        switch self {
        case .identity: return u
        case .log(let eps): return (u * (1 / eps) + 1).log()
        case .power(let p): return (u + 1e-12).pow(p)
        }
    }

    /// The inverse map u = T^-1(x) in differentiable tensor ops (for the critic's physics
    /// features, which must be differentiable twice for the gradient penalty).
    public func inverse(_ x: Tensor) -> Tensor {
        switch self {
        case .identity: return x
        case .log(let eps): return (x.exp() - 1) * eps
        case .power(let p): return x.relu().pow(1 / p)
        }
    }
}
