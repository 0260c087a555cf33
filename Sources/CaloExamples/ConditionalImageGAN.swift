import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// A class-conditional DCGAN (Radford, Metz & Chintala, arXiv:1511.06434; the lecture's MNIST
/// GAN, told which class to draw) for side x side grey images in [0, 1]:
///
/// - generator: `ConditionalGenerator` (transposed convolutions, class-conditional batch norm);
/// - discriminator: `ProjectionDiscriminator` (a projection discriminator with an auxiliary
///   classifier).
///
/// Losses (batch means; the labels of generated images are drawn uniformly):
///
///     L_D = softplus(-D(x, y)) + softplus(D(G(z, y'), y')) + lambda CE(C(x), y)
///     L_G = softplus(-D(G(z, y'), y')) + lambda CE(C(G(z, y')), y')
///
/// the non-saturating GAN loss with the AC-GAN class term, the discriminator's classifier trained
/// on real images only. Adam with beta1 = 0.5 for both networks. Images are drawn from an
/// exponential moving average of the generator's weights (Yazici et al., arXiv:1806.04498), whose
/// batch-norm statistics are re-estimated on fresh noise before each use.
final class ConditionalImageGAN {
    let noiseSize: Int
    let classes: Int
    /// lambda, the weight of the auxiliary classification loss.
    let classWeight: Float
    let seed: UInt64
    let generator: ConditionalGenerator
    let discriminator: ProjectionDiscriminator
    let generatorAdam: Adam
    let discriminatorAdam: Adam
    /// The moving average of the generator's weights, and the generator that draws with it.
    let average: ExponentialMovingAverage
    let averaged: ConditionalGenerator
    private(set) var generatorSteps = 0

    /// Batches of `statisticsBatchSize` generated images that re-estimate the averaged generator's
    /// batch-norm statistics (momentum 0.1: after 60 batches the first holds 0.9^60 = 0.2 %).
    let statisticsBatches = 60
    let statisticsBatchSize: Int

    init(noiseSize: Int, classes: Int, width: Int, learningRate: Float, classWeight: Float,
         averageDecay: Float, statisticsBatchSize: Int, seed: UInt64) {
        precondition(classWeight >= 0 && averageDecay >= 0 && averageDecay < 1 && statisticsBatchSize > 1,
                     "ConditionalImageGAN: class weight \(classWeight), average decay \(averageDecay), statistics batches of \(statisticsBatchSize)")
        self.noiseSize = noiseSize
        self.classes = classes
        self.statisticsBatchSize = statisticsBatchSize
        self.classWeight = classWeight
        self.seed = seed
        var layer: UInt64 = 0
        func next() -> Philox {
            defer { layer += 1 }
            return ExampleStream.layerInitialisation.generator(seed: seed, item: 2 << 16 + layer)
        }
        generator = ConditionalGenerator(noiseSize: noiseSize, classes: classes, width: width, next: next)
        discriminator = ProjectionDiscriminator(width: width, classes: classes, next: next)
        // Its initial weights are replaced by the averages before every use.
        averaged = ConditionalGenerator(noiseSize: noiseSize, classes: classes, width: width, next: next)
        generatorAdam = Adam(parameters: generator.parameters, learningRate: learningRate, beta1: 0.5)
        discriminatorAdam = Adam(parameters: discriminator.parameters, learningRate: learningRate, beta1: 0.5)
        average = ExponentialMovingAverage(parameters: generator.parameters, decay: averageDecay)
    }

    /// One discriminator step and one generator step on `real` images [N, 1, side, side] of
    /// classes `labels`; the noise and the generated images' labels drawn from `g`.
    func step(real: Tensor, labels: [Int], generator g: inout Philox) -> StepLosses {
        let n = real.shape[0]
        generator.setTraining(true)
        let y1 = drawLabels(n, &g)
        let z1 = Tensor.normal(shape: [n, noiseSize], generator: &g)
        let fake = withoutGradients { generator(z1, labels: y1) }
        let (logits, classLogits) = discriminator(concatenate(rows: [real, fake]), labels: labels + y1)
        let adversarial = (-logits.sliced(rows: 0..<n)).softplus().mean() + logits.sliced(rows: n..<(2 * n)).softplus().mean()
        let classification = softmaxCrossEntropy(logits: classLogits.sliced(rows: 0..<n), labels: labels)
        discriminatorAdam.step(gradients(of: adversarial + classWeight * classification, wrt: discriminator.parameterValues))

        let y2 = drawLabels(n, &g)
        let z2 = Tensor.normal(shape: [n, noiseSize], generator: &g)
        let (logitsG, classLogitsG) = discriminator(generator(z2, labels: y2), labels: y2)
        let lossG = (-logitsG).softplus().mean() + classWeight * softmaxCrossEntropy(logits: classLogitsG, labels: y2)
        generatorAdam.step(gradients(of: lossG, wrt: generator.parameterValues))
        average.update(generator.parameters, step: generatorSteps)
        generatorSteps += 1
        return StepLosses(discriminator: Double(adversarial.scalar), classification: Double(classification.scalar),
                          generator: Double(lossG.scalar))
    }

    /// The losses of one step (batch means).
    struct StepLosses {
        /// The discriminator's adversarial loss, softplus(-D(x, y)) + softplus(D(G(z, y'), y')):
        /// 2 ln 2 = 1.386 for a discriminator that cannot tell.
        var discriminator: Double
        /// Its classifier's cross-entropy on the real images: ln 3 = 1.099 for three classes at chance.
        var classification: Double
        /// L_G with its class term.
        var generator: Double
    }

    /// Images [noise.shape[0], 1, side, side] of classes `labels` from `noise`, drawn with the
    /// averaged weights, the batch norms in inference mode with statistics re-estimated for them
    /// (`statisticsBatches` batches of noise and uniform labels from `ExampleStream.ganSamples`,
    /// item 1: the same for every call).
    func sample(_ noise: Tensor, labels: [Int]) -> Tensor {
        for (p, v) in zip(averaged.parameters, average.tensors(shapedLike: averaged.parameters)) { p.assign(v) }
        var g = ExampleStream.ganSamples.generator(seed: seed, item: 1)
        averaged.setTraining(true)
        withoutGradients {
            for _ in 0..<statisticsBatches {
                let y = drawLabels(statisticsBatchSize, &g)
                _ = averaged(Tensor.normal(shape: [statisticsBatchSize, noiseSize], generator: &g), labels: y)
            }
        }
        averaged.setTraining(false)
        return withoutGradients { averaged(noise, labels: labels) }
    }

    private func drawLabels(_ n: Int, _ g: inout Philox) -> [Int] {
        (0..<n).map { _ in Int(g.next() % UInt64(classes)) }
    }
}
