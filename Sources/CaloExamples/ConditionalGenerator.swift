import CaloNN
import CaloSupport
import CaloTensor
import Foundation

/// The generator of the class-conditional DCGAN: noise and a one-hot label to a side x side grey
/// image in [0, 1], told the class twice: the one-hot joins the noise at the input, and every
/// batch norm is class-conditional (de Vries et al., arXiv:1707.00683; as in the projection
/// discriminator's generator, Miyato & Koyama, arXiv:1802.05637):
///
///     CBN(x, y) = BN(x) (1 + Gamma[y]) + B[y]      (Gamma, B: [classes, channels], zero at start)
///
/// Layers: [z (N, noise), one-hot (N, classes)] -> Dense 4 x 4 x 4w, CBN, ReLU -> three
/// transposed convolutions (kernel 4, stride 2, padding 1: 4 -> 8 -> 16 -> 32 pixels; 2w, w, 1
/// channels), CBN and ReLU between, sigmoid at the end. Output [N, 1, 32, 32].
final class ConditionalGenerator: ParameterContainer {
    let classes: Int
    let width: Int
    let input: Linear
    let convolutions: [ConvTranspose2D]
    let norms: [BatchNorm]
    /// Gamma and B of each batch norm, [classes, channels].
    let classScales: [Parameter]
    let classShifts: [Parameter]

    /// Weights drawn from `next()`, one generator per layer in order.
    init(noiseSize: Int, classes: Int, width: Int, next: () -> Philox) {
        precondition(noiseSize > 0 && classes > 1 && width > 0, "ConditionalGenerator: noise \(noiseSize), \(classes) classes, width \(width)")
        self.classes = classes
        self.width = width
        var g0 = next(), g1 = next(), g2 = next(), g3 = next()
        input = Linear(inputSize: noiseSize + classes, outputSize: 4 * width * 16, generator: &g0)
        convolutions = [
            ConvTranspose2D(inChannels: 4 * width, outChannels: 2 * width, kernel: 4, stride: 2, padding: 1, generator: &g1),
            ConvTranspose2D(inChannels: 2 * width, outChannels: width, kernel: 4, stride: 2, padding: 1, generator: &g2),
            ConvTranspose2D(inChannels: width, outChannels: 1, kernel: 4, stride: 2, padding: 1, initialization: .glorot, generator: &g3),
        ]
        let channels = [4 * width, 2 * width, width]
        norms = channels.map { BatchNorm(channels: $0) }
        classScales = channels.map { Parameter(Tensor.zeros([classes, $0])) }
        classShifts = channels.map { Parameter(Tensor.zeros([classes, $0])) }
    }

    var namedParameters: [(name: String, parameter: Parameter)] {
        var list = input.namedParameters.map { ("input.\($0.name)", $0.parameter) }
        for k in 0..<norms.count {
            list += norms[k].namedParameters.map { ("norm\(k).\($0.name)", $0.parameter) }
            list += [("norm\(k).classScale", classScales[k]), ("norm\(k).classShift", classShifts[k])]
            list += convolutions[k].namedParameters.map { ("conv\(k).\($0.name)", $0.parameter) }
        }
        return list
    }

    /// Batch statistics (training) or running statistics (inference) in every batch norm.
    func setTraining(_ training: Bool) {
        for n in norms { n.isTraining = training }
    }

    /// Images [N, 1, 32, 32] from noise [N, noise] and `labels` (N classes in 0 ..< classes).
    func callAsFunction(_ noise: Tensor, labels: [Int]) -> Tensor {
        let n = noise.shape[0]
        precondition(labels.count == n, "ConditionalGenerator: \(n) noise rows, \(labels.count) labels")
        let y = oneHot(labels, classes: classes)
        var x = input(concatenate(lastAxis: [noise, y])).reshaped(to: [n, 4 * width, 4, 4])
        for k in 0..<norms.count {
            let c = x.shape[1]
            let scale = matmul(y, classScales[k].value).reshaped(to: [n, c, 1, 1])
            let shift = matmul(y, classShifts[k].value).reshaped(to: [n, c, 1, 1])
            x = (norms[k](x) * (scale + 1) + shift).relu()
            x = convolutions[k](x)
        }
        return x.sigmoid()
    }
}
