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
///   w, 2w, 4w channels, LeakyReLU 0.2) -> Dense 1 (a logit).
///
/// Trained with the non-saturating loss, L_D = softplus(-D(x)) + softplus(D(G(z))),
/// L_G = softplus(-D(G(z))) (batch means), Adam with beta1 = 0.5 for both networks.
final class ImageGAN {
    let noiseSize: Int
    let width: Int
    let generator: Sequential
    let discriminator: Sequential
    let generatorAdam: Adam
    let discriminatorAdam: Adam

    init(noiseSize: Int, width: Int, learningRate: Float, seed: UInt64) {
        self.noiseSize = noiseSize
        self.width = width
        var layer: UInt64 = 0
        func next() -> Philox {
            defer { layer += 1 }
            return ExampleStream.layerInitialisation.generator(seed: seed, item: 2 << 16 + layer)
        }
        var g0 = next(), g1 = next(), g2 = next(), g3 = next()
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
        var d0 = next(), d1 = next(), d2 = next(), d3 = next()
        discriminator = Sequential([
            Conv2D(inChannels: 1, outChannels: width, kernel: 4, stride: 2, padding: 1, fusedSlope: 0.2, generator: &d0),
            Conv2D(inChannels: width, outChannels: 2 * width, kernel: 4, stride: 2, padding: 1, fusedSlope: 0.2, generator: &d1),
            Conv2D(inChannels: 2 * width, outChannels: 4 * width, kernel: 4, stride: 2, padding: 1, fusedSlope: 0.2, generator: &d2),
            Flatten(),
            Linear(inputSize: 4 * width * 16, outputSize: 1, initialization: .glorot, generator: &d3),
        ])
        generatorAdam = Adam(parameters: generator.parameters, learningRate: learningRate, beta1: 0.5)
        discriminatorAdam = Adam(parameters: discriminator.parameters, learningRate: learningRate, beta1: 0.5)
    }

    /// One discriminator step and one generator step on `real` images [N, 1, side, side], the
    /// noise and nothing else drawn from `g`. Returns (L_D, L_G).
    func step(real: Tensor, generator g: inout Philox) -> (Double, Double) {
        let n = real.shape[0]
        generator.setTraining(true)
        let z1 = Tensor.normal(shape: [n, noiseSize], generator: &g)
        let fake = withoutGradients { generator(z1) }
        let logits = discriminator(concatenate(rows: [real, fake]))
        let lossD = (-logits.sliced(rows: 0..<n)).softplus().mean() + logits.sliced(rows: n..<(2 * n)).softplus().mean()
        discriminatorAdam.step(gradients(of: lossD, wrt: discriminator.parameterValues))

        let z2 = Tensor.normal(shape: [n, noiseSize], generator: &g)
        let lossG = (-discriminator(generator(z2))).softplus().mean()
        generatorAdam.step(gradients(of: lossG, wrt: generator.parameterValues))
        return (Double(lossD.scalar), Double(lossG.scalar))
    }

    /// Images [noise.shape[0], 1, side, side] from `noise`, the batch norms in inference mode
    /// (running statistics).
    func sample(_ noise: Tensor) -> Tensor {
        generator.setTraining(false)
        defer { generator.setTraining(true) }
        return withoutGradients { generator(noise) }
    }
}
