import CaloNN
import CaloTensor
import Foundation

/// The pivot's adversary r: a mixture density network modelling p(z | s) of the nuisance Z
/// given the classifier's output s = f(X) (arXiv:1611.01046 section 5.1: two hidden layers of
/// 20 ReLU units, an output layer of 3 K nodes for K = 5 Gaussians).
///
/// Output row [B, 3K] = (mu_1..mu_K, log sigma_1..log sigma_K, logits of pi_1..pi_K): means
/// linear, standard deviations sigma = exp(log sigma) (log sigma clamped to [-5, 5]), weights
/// pi = softmax(logits). Its loss L_r is the mean negative log-likelihood of z,
///
///     L_r = -mean_i log sum_k pi_k N(z_i; mu_k, sigma_k),
///
/// which tends to the entropy H(Z) = log(sqrt(2 pi e)) = 1.419 of the prior N(0, 1) when s
/// carries no information about Z.
public final class PivotAdversary {
    public let network: BinaryNetwork
    public let components: Int

    /// An adversary of `components` Gaussians, network index `index` under `seed`.
    public init(components: Int = 5, hiddenWidth: Int = 20, seed: UInt64, index: UInt64) {
        self.components = components
        network = BinaryNetwork(inputs: 1, hidden: [(hiddenWidth, .relu), (hiddenWidth, .relu)], outputs: 3 * components,
                                seed: seed, index: index)
    }

    /// L_r of nuisance values z [B, 1] given classifier outputs s [B, 1].
    public func loss(scores: Tensor, nuisance: Tensor) -> Tensor {
        Self.negativeLogLikelihood(network(scores), nuisance: nuisance, components: components)
    }

    /// The mean negative log-likelihood of z [B, 1] under the mixtures whose parameters are the
    /// rows of `parameters` [B, 3K] (layout above). The log-sum-exps subtract each row's
    /// maximum as a constant, so the value and gradient are exact and nothing overflows.
    public static func negativeLogLikelihood(_ parameters: Tensor, nuisance z: Tensor, components k: Int) -> Tensor {
        precondition(parameters.rank == 2 && parameters.shape[1] == 3 * k && z.shape == [parameters.shape[0], 1],
                     "PivotAdversary: parameters \(parameters.shape), nuisance \(z.shape), \(k) components")
        let mu = parameters.sliced(lastAxis: 0..<k)
        let logSigma = parameters.sliced(lastAxis: k..<2 * k).clamped(min: -5, max: 5)
        let logits = parameters.sliced(lastAxis: 2 * k..<3 * k)
        let logPi = logits - logSumExp(logits)
        let u = (z - mu) * (-logSigma).exp()
        let logDensity = logPi - logSigma - u.squared() * 0.5 - Float(0.5 * Foundation.log(2 * Double.pi))
        return -logSumExp(logDensity).mean()
    }

    /// log sum_j e^{a_ij} per row of a [B, n], as [B, 1]: m_i + log sum_j e^{a_ij - m_i} with
    /// m_i the row maximum taken as a constant.
    static func logSumExp(_ a: Tensor) -> Tensor {
        let n = a.shape[1]
        let values = a.scalars
        let maxima = (0..<a.shape[0]).map { r in values[r * n..<(r + 1) * n].max()! }
        let m = Tensor(shape: [a.shape[0], 1], scalars: maxima)
        return (a - m).exp().sum(axis: 1, keepingDimensions: true).log() + m
    }
}
