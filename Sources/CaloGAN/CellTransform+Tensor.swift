import CaloTensor

extension CellTransform {
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
