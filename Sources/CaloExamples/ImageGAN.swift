import CaloGAN
import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// A DCGAN (Radford, Metz & Chintala, arXiv:1511.06434; the lecture's MNIST GAN) for side x side
/// grey images in [0, 1]:
///
/// - generator: noise [N, noise] -> Dense 4 x 4 x 4w, BatchNorm, ReLU -> three transposed
///   convolutions (kernel 4, stride 2, padding 1: 4 -> 8 -> 16 -> 32 pixels; 2w, w, 1 channels),
///   BatchNorm and ReLU between, sigmoid at the end;
/// - discriminator: three convolutions (kernel 4, stride 2, padding 1: 32 -> 16 -> 8 -> 4 pixels;
///   w, 2w, 4w channels, LeakyReLU 0.2) -> Dense 1 (a logit or a critic score), optionally with
///   the minibatch standard deviation as one more input of the dense layer (`MinibatchDeviation`).
///
/// The objective is `ImageGANLoss`; Adam for both networks (beta1 = 0.5 for the non-saturating
/// loss, 0 and 0.9 for WGAN-GP as in Gulrajani et al.). Samples come from an exponential moving
/// average of the generator's weights when `averageDecay` is set (Yazici et al., arXiv:1806.04498),
/// with the batch norms' running statistics recomputed for the averaged weights.
final class ImageGAN {
    let noiseSize: Int
    let width: Int
    let loss: ImageGANLoss
    let generator: Sequential
    let discriminator: Sequential
    let generatorAdam: Adam
    let discriminatorAdam: Adam
    let average: ExponentialMovingAverage?
    private var updates = 0

    init(noiseSize: Int, width: Int, loss: ImageGANLoss, generatorLearningRate: Float, discriminatorLearningRate: Float,
         minibatchDeviation: Bool, averageDecay: Float?, upsampling: Bool = false, normalisedDiscriminator: Bool = false, seed: UInt64) {
        self.noiseSize = noiseSize
        self.width = width
        self.loss = loss
        var layer: UInt64 = 0
        func next() -> Philox {
            defer { layer += 1 }
            return ExampleStream.layerInitialisation.generator(seed: seed, item: 2 << 16 + layer)
        }
        var g0 = next(), g1 = next(), g2 = next(), g3 = next()
        if upsampling {
            generator = Sequential([
                Linear(inputSize: noiseSize, outputSize: 4 * width * 16, generator: &g0), Reshape([4 * width, 4, 4]),
                BatchNorm(channels: 4 * width), ActivationLayer(.relu),
                Upsample2D(factor: 2), Conv2D(inChannels: 4 * width, outChannels: 2 * width, kernel: 3, padding: 1, generator: &g1),
                BatchNorm(channels: 2 * width), ActivationLayer(.relu),
                Upsample2D(factor: 2), Conv2D(inChannels: 2 * width, outChannels: width, kernel: 3, padding: 1, generator: &g2),
                BatchNorm(channels: width), ActivationLayer(.relu),
                Upsample2D(factor: 2), Conv2D(inChannels: width, outChannels: 1, kernel: 3, padding: 1, initialization: .glorot, generator: &g3),
                ActivationLayer(.sigmoid),
            ])
        } else {
            generator = Sequential([
                Linear(inputSize: noiseSize, outputSize: 4 * width * 16, generator: &g0), Reshape([4 * width, 4, 4]),
                BatchNorm(channels: 4 * width), ActivationLayer(.relu),
                ConvTranspose2D(inChannels: 4 * width, outChannels: 2 * width, kernel: 4, stride: 2, padding: 1, generator: &g1),
                BatchNorm(channels: 2 * width), ActivationLayer(.relu),
                ConvTranspose2D(inChannels: 2 * width, outChannels: width, kernel: 4, stride: 2, padding: 1, generator: &g2),
                BatchNorm(channels: width), ActivationLayer(.relu),
                ConvTranspose2D(inChannels: width, outChannels: 1, kernel: 4, stride: 2, padding: 1, initialization: .glorot, generator: &g3),
                ActivationLayer(.sigmoid),
            ])
        }
        var d0 = next(), d1 = next(), d2 = next(), d3 = next()
        let flat = 4 * width * 16
        let lrelu = Activation.leakyReLU(slope: 0.2)
        let convolutions: [any Layer] = normalisedDiscriminator ? [
            Conv2D(inChannels: 1, outChannels: width, kernel: 4, stride: 2, padding: 1, fusedSlope: 0.2, generator: &d0),
            Conv2D(inChannels: width, outChannels: 2 * width, kernel: 4, stride: 2, padding: 1, generator: &d1),
            BatchNorm(channels: 2 * width), ActivationLayer(lrelu),
            Conv2D(inChannels: 2 * width, outChannels: 4 * width, kernel: 4, stride: 2, padding: 1, generator: &d2),
            BatchNorm(channels: 4 * width), ActivationLayer(lrelu),
        ] : [
            Conv2D(inChannels: 1, outChannels: width, kernel: 4, stride: 2, padding: 1, fusedSlope: 0.2, generator: &d0),
            Conv2D(inChannels: width, outChannels: 2 * width, kernel: 4, stride: 2, padding: 1, fusedSlope: 0.2, generator: &d1),
            Conv2D(inChannels: 2 * width, outChannels: 4 * width, kernel: 4, stride: 2, padding: 1, fusedSlope: 0.2, generator: &d2),
        ]
        discriminator = Sequential(convolutions + [Flatten()] + (minibatchDeviation ? [MinibatchDeviation()] : []) + [
            Linear(inputSize: flat + (minibatchDeviation ? 1 : 0), outputSize: 1, initialization: .glorot, generator: &d3),
        ])
        let (beta1, beta2): (Float, Float) = loss.isWasserstein ? (0, 0.9) : (0.5, 0.999)
        generatorAdam = Adam(parameters: generator.parameters, learningRate: generatorLearningRate, beta1: beta1, beta2: beta2)
        discriminatorAdam = Adam(parameters: discriminator.parameters, learningRate: discriminatorLearningRate, beta1: beta1, beta2: beta2)
        let trained = generator.parameters
        average = averageDecay.map { ExponentialMovingAverage(parameters: trained, decay: $0) }
    }

    /// The discriminator's outputs for real and generated images, one pass each (a minibatch
    /// feature must not mix the two).
    private func scores(_ real: Tensor, _ fake: Tensor) -> (real: Tensor, fake: Tensor) {
        (discriminator(real), discriminator(fake))
    }

    /// One training iteration: `loss.discriminatorSteps` discriminator steps, each on a batch
    /// [N, 1, side, side] from `realBatch` and noise drawn from `g`, then one generator step on
    /// noise drawn from `g`. Returns the last (L_D, L_G).
    func step(realBatch: (inout Philox) -> Tensor, generator g: inout Philox) -> (Double, Double) {
        generator.setTraining(true)
        var lossD = 0.0
        var n = 0
        for _ in 0..<loss.discriminatorSteps {
            let real = realBatch(&g)
            n = real.shape[0]
            let z = Tensor.normal(shape: [n, noiseSize], generator: &g)
            let fake = withoutGradients { generator(z) }
            let value = discriminatorLoss(real: real, fake: fake, generator: &g)
            discriminatorAdam.step(gradients(of: value, wrt: discriminator.parameterValues))
            lossD = Double(value.scalar)
        }
        let z = Tensor.normal(shape: [n, noiseSize], generator: &g)
        let score = discriminator(generator(z))
        let lossG = loss.isWasserstein ? -score.mean() : (-score).softplus().mean()
        generatorAdam.step(gradients(of: lossG, wrt: generator.parameterValues))
        average?.update(generator.parameters, step: updates)
        updates += 1
        return (lossD, Double(lossG.scalar))
    }

    /// L_D of one batch; WGAN-GP's interpolation weights are drawn from `g`.
    private func discriminatorLoss(real: Tensor, fake: Tensor, generator g: inout Philox) -> Tensor {
        let n = real.shape[0]
        switch loss {
        case .nonSaturating(let gamma):
            guard gamma > 0 else {
                let s = scores(real, fake)
                return (-s.real).softplus().mean() + s.fake.softplus().mean()
            }
            let x = real.requiringGrad()
            let realScore = discriminator(x)
            let slope = gradients(of: realScore.sum(), wrt: [x], createGraph: true)[0]
            let penalty = slope.squared().sum() * (1 / Float(n))
            return (-realScore).softplus().mean() + discriminator(fake).softplus().mean() + gamma / 2 * penalty
        case .wassersteinGP(_, let lambda):
            let eps = Tensor.uniform(shape: [n, 1, 1, 1], generator: &g)
            let mixed = (eps * real + (1 - eps) * fake).requiringGrad()
            let slope = gradients(of: discriminator(mixed).sum(), wrt: [mixed], createGraph: true)[0]
            let penalty = (slope.reshaped(to: [n, slope.count / n]).norm(axis: 1) - 1).squared().mean()
            let s = scores(real, fake)
            return s.fake.mean() - s.real.mean() + lambda * penalty
        }
    }

    /// Images [noise.shape[0], 1, side, side] from `noise`, the batch norms in inference mode.
    /// With a weight average, the averaged weights generate, after their running statistics are
    /// recomputed on `calibration` batches of noise (the training weights are restored after).
    func sample(_ noise: Tensor, calibration: [Tensor]) -> Tensor {
        let parameters = generator.parameters
        let trained = parameters.map(\.value)
        if let average {
            for (p, a) in zip(parameters, average.tensors(shapedLike: parameters)) { p.assign(a) }
            generator.setTraining(true)
            withoutGradients { for z in calibration { _ = generator(z) } }
        }
        generator.setTraining(false)
        defer {
            generator.setTraining(true)
            if average != nil { for (p, t) in zip(parameters, trained) { p.assign(t) } }
        }
        return withoutGradients { generator(noise) }
    }
}

/// The objective of `ImageGAN`.
enum ImageGANLoss {
    /// The non-saturating loss (Goodfellow et al., arXiv:1406.2661), one discriminator step per
    /// generator step: L_D = softplus(-D(x)) + softplus(D(G(z))), L_G = softplus(-D(G(z))).
    /// With R1 > 0 (Mescheder et al., arXiv:1801.04406) L_D gains R1 / 2 ||grad_x D(x)||^2 on real x.
    case nonSaturating(r1: Float)
    /// WGAN-GP (Gulrajani et al., arXiv:1704.00028): `criticSteps` critic steps per generator step,
    /// L_D = D(G(z)) - D(x) + lambda (||grad D(x^)|| - 1)^2 at x^ = e x + (1 - e) G(z), e ~ U(0, 1);
    /// L_G = -D(G(z)).
    case wassersteinGP(criticSteps: Int, penaltyWeight: Float)

    var isWasserstein: Bool {
        if case .wassersteinGP = self { return true }
        return false
    }

    var discriminatorSteps: Int {
        if case .wassersteinGP(let k, _) = self { return k }
        return 1
    }
}
