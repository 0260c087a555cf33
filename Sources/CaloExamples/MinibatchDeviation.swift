import CaloNN
import CaloTensor

/// The minibatch standard deviation feature (Karras et al., arXiv:1710.10196, section 3): the
/// standard deviation of each feature over the batch, averaged over the features, appended to
/// every row. A discriminator that sees it can tell a batch of too-similar samples (a collapsed
/// or unbalanced generator) from a real batch.
///
/// Shapes: x [N, F] -> [N, F + 1], the last column s = mean_f sqrt(var_n x[n, f] + 1e-8) (biased
/// variance over the batch).
final class MinibatchDeviation: Layer {
    func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.rank == 2 && x.shape[0] > 1, "MinibatchDeviation: input \(x.shape), needs [N > 1, F]")
        let centred = x - x.mean(axis: 0, keepingDimensions: true)
        let deviation = (centred.squared().mean(axis: 0, keepingDimensions: true) + 1e-8).sqrt().mean()
        return concatenate(lastAxis: [x, deviation.reshaped(to: [1, 1]).expanded(to: [x.shape[0], 1])])
    }

    var namedParameters: [(name: String, parameter: Parameter)] { [] }
}
