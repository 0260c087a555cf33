import CaloSupport
import CaloTensor

/// Batch normalisation (Ioffe & Szegedy, arXiv:1502.03167), as PyTorch's `nn.BatchNorm1d/2d`:
///
///     y = (x - mean) / sqrt(var + epsilon) * weight + bias
///
/// per channel, over the batch (and the pixels of an image). In training the batch's mean and
/// biased variance are used, and the running estimates updated,
/// running = (1 - momentum) running + momentum batch (the unbiased variance for the running one);
/// in inference the running estimates are used.
///
/// Shapes: x [N, C] or [N, C, H, W]; weight and bias [C] (ones and zeros at start).
public final class BatchNorm: TrainingModeLayer {
    public let weight: Parameter
    public let bias: Parameter
    public let epsilon: Float
    public let momentum: Float
    public var isTraining = true
    /// The running mean and variance per channel (not trained by gradients).
    public private(set) var runningMean: Tensor
    public private(set) var runningVariance: Tensor

    public init(channels: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        require(channels > 0 && momentum >= 0 && momentum <= 1, "BatchNorm: \(channels) channels, momentum \(momentum)")
        weight = Parameter(Tensor.ones([channels]))
        bias = Parameter(Tensor.zeros([channels]))
        self.epsilon = epsilon
        self.momentum = momentum
        runningMean = Tensor.zeros([channels])
        runningVariance = Tensor.ones([channels])
    }

    public var channels: Int { weight.shape[0] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        require((x.rank == 2 || x.rank == 4) && x.shape[1] == channels, "BatchNorm: input \(x.shape) for \(channels) channels")
        let n = x.shape[0], pixels = x.rank == 4 ? x.shape[2] * x.shape[3] : 1
        let x3 = x.reshaped(to: [n, channels, pixels])
        let perChannel = [1, channels, 1]
        let scale = weight.value.reshaped(to: perChannel), shift = bias.value.reshaped(to: perChannel)
        let y: Tensor
        if isTraining {
            let count = Float(n * pixels)
            require(count > 1, "BatchNorm: training needs more than one value per channel, got \(x.shape)")
            let mean = x3.sum(axis: 2, keepingDimensions: true).sum(axis: 0, keepingDimensions: true) * (1 / count)
            let centred = x3 - mean
            let variance = centred.squared().sum(axis: 2, keepingDimensions: true).sum(axis: 0, keepingDimensions: true) * (1 / count)
            y = centred / (variance + epsilon).sqrt() * scale + shift
            let m = momentum
            runningMean = withoutGradients { runningMean * (1 - m) + mean.detached.reshaped(to: [channels]) * m }
            runningVariance = withoutGradients {
                runningVariance * (1 - m) + variance.detached.reshaped(to: [channels]) * (m * count / (count - 1))
            }
        } else {
            let mean = runningMean.reshaped(to: perChannel), variance = runningVariance.reshaped(to: perChannel)
            y = (x3 - mean) / (variance + epsilon).sqrt() * scale + shift
        }
        return y.reshaped(to: x.shape)
    }

    public var namedParameters: [(name: String, parameter: Parameter)] { [("weight", weight), ("bias", bias)] }
}
