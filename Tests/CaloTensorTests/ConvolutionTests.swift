import CaloBLAS
import CaloTensor
import XCTest
import _TestSupport

/// The image ops: forward against the direct loops of `Reference`, first derivatives against
/// central differences, and second order for the ops a convolutional critic's gradient penalty
/// runs through (convolution, transposed convolution, average pooling, upsampling, max pooling).
final class ConvolutionTests: XCTestCase {
    override func setUp() { XCTAssertNoThrow(try BLAS.load()) }

    /// Odd shapes, strides and paddings, several channels and images.
    let convCases: [(x: [Int], w: [Int], stride: Int, padding: Int)] = [
        ([2, 3, 7, 6], [4, 3, 3, 3], 1, 1), ([1, 2, 8, 8], [3, 2, 4, 4], 2, 1), ([3, 1, 5, 9], [2, 1, 3, 2], 2, 0),
        ([2, 2, 6, 6], [5, 2, 1, 1], 1, 0), ([1, 3, 5, 5], [2, 3, 5, 5], 1, 2),
    ]

    func testConv2DMatchesDirectLoop() {
        var rng = TestRNG(seed: 61)
        for c in convCases {
            let x = randomTensor(c.x, &rng), w = randomTensor(c.w, &rng), b = randomTensor([c.w[0]], &rng)
            let y = conv2d(x, weight: w, bias: b, stride: c.stride, padding: c.padding)
            let ref = Reference.conv2d(x.scalars, c.x, w.scalars, c.w, b.scalars, stride: c.stride, padding: c.padding)
            XCTAssertEqual(y.shape, ref.shape, "\(c)")
            assertClose(y.scalars, ref.values, "conv2d \(c)")
            let relu = conv2d(x, weight: w, bias: b, stride: c.stride, padding: c.padding, leakyReLUSlope: 0.2)
            assertClose(relu.scalars, ref.values.map { $0 < 0 ? 0.2 * $0 : $0 }, "conv2d + leakyReLU \(c)")
        }
    }

    func testConvTranspose2DMatchesDirectLoopAndIsTheAdjoint() {
        var rng = TestRNG(seed: 62)
        for c in [([2, 3, 4, 4], [3, 2, 4, 4], 2, 1), ([1, 2, 3, 5], [2, 3, 3, 3], 1, 1), ([2, 1, 3, 3], [1, 2, 3, 2], 2, 0)] {
            let x = randomTensor(c.0, &rng), w = randomTensor(c.1, &rng), b = randomTensor([c.1[1]], &rng)
            let y = convTranspose2d(x, weight: w, bias: b, stride: c.2, padding: c.3)
            let ref = Reference.convTranspose2d(x.scalars, c.0, w.scalars, c.1, b.scalars, stride: c.2, padding: c.3)
            XCTAssertEqual(y.shape, ref.shape)
            assertClose(y.scalars, ref.values, "convTranspose2d \(c)")
            // <conv(u), x> = <u, convT(x)> with the same kernel read as [out, in] (no bias): adjoint maps.
            let u = randomTensor(y.shape, &rng)
            let lhs = weightedSum(conv2d(u, weight: w, bias: nil, stride: c.2, padding: c.3), x.scalars)
            let rhs = weightedSum(convTranspose2d(x, weight: w, bias: nil, stride: c.2, padding: c.3), u.scalars)
            XCTAssertEqual(lhs, rhs, accuracy: 1e-4 * max(1, Swift.abs(rhs)), "adjoint \(c)")
        }
    }

    func testPoolingAndUpsamplingMatchDirectLoops() {
        var rng = TestRNG(seed: 63)
        let x = randomTensor([2, 3, 6, 4], &rng)
        assertClose(x.maxPooled(size: 2).scalars, Reference.pool(x.scalars, x.shape, size: 2, maximum: true), "max pool")
        assertClose(x.averagePooled(size: 2).scalars, Reference.pool(x.scalars, x.shape, size: 2, maximum: false), "average pool")
        XCTAssertEqual(x.maxPooled(size: 2).shape, [2, 3, 3, 2])
        let z = randomTensor([2, 2, 3, 2], &rng)
        XCTAssertEqual(z.upsampled(factor: 3).shape, [2, 2, 9, 6])
        assertClose(z.upsampled(factor: 3).scalars, Reference.upsample(z.scalars, z.shape, factor: 3), "upsample")
    }

    func testSoftmaxCrossEntropyMatchesDirectSum() {
        var rng = TestRNG(seed: 64)
        let x = randomTensor([5, 4], &rng, -6, 6), labels = [0, 3, 1, 1, 2]
        XCTAssertEqual(Double(softmaxCrossEntropy(logits: x, labels: labels).scalar),
                       Reference.softmaxCrossEntropy(x.scalars, classes: 4, labels: labels), accuracy: 1e-5)
        // Large logits stay finite (log-sum-exp with the maximum taken out).
        let big = Tensor(shape: [1, 3], scalars: [1000, 0, -1000])
        XCTAssertEqual(softmaxCrossEntropy(logits: big, labels: [0]).scalar, 0, accuracy: 1e-6)
        XCTAssertEqual(softmaxCrossEntropy(logits: big, labels: [1]).scalar, 1000, accuracy: 1e-2)
    }

    func testFirstDerivatives() {
        var rng = TestRNG(seed: 65)
        for c in convCases {
            let x = randomTensor(c.x, &rng), w = randomTensor(c.w, &rng), b = randomTensor([c.w[0]], &rng)
            checkGradients([x, w, b], "conv2d \(c)") { conv2d($0[0], weight: $0[1], bias: $0[2], stride: c.stride, padding: c.padding) }
        }
        let xt = randomTensor([2, 3, 3, 3], &rng), wt = randomTensor([3, 2, 4, 4], &rng), bt = randomTensor([2], &rng)
        checkGradients([xt, wt, bt], "convTranspose2d") { convTranspose2d($0[0], weight: $0[1], bias: $0[2], stride: 2, padding: 1) }
        let img = randomTensor([2, 2, 4, 6], &rng)
        checkGradients([img], "average pool") { $0[0].averagePooled(size: 2) }
        checkGradients([img], "upsample") { $0[0].upsampled(factor: 2) }
        checkGradients([distinct([2, 2, 4, 6], &rng)], step: 1e-3, "max pool") { $0[0].maxPooled(size: 2) }
        let logits = randomTensor([6, 3], &rng, -3, 3)
        checkGradients([logits], step: 1e-3, "softmax cross-entropy") { softmaxCrossEntropy(logits: $0[0], labels: [0, 1, 2, 2, 1, 0]) }
    }

    func testSecondOrder() {
        var rng = TestRNG(seed: 66)
        let x = randomTensor([2, 2, 5, 5], &rng), w = randomTensor([3, 2, 3, 3], &rng), b = randomTensor([3], &rng)
        checkSecondOrder([x, w, b], step: 1e-3, "conv2d + tanh") {
            conv2d($0[0], weight: $0[1], bias: $0[2], stride: 2, padding: 1).tanh().sum()
        }
        let xt = randomTensor([1, 2, 3, 3], &rng), wt = randomTensor([2, 2, 4, 4], &rng)
        checkSecondOrder([xt, wt], step: 1e-3, "convTranspose2d + square") {
            convTranspose2d($0[0], weight: $0[1], bias: nil, stride: 2, padding: 1).squared().sum()
        }
        let img = randomTensor([2, 2, 4, 4], &rng)
        checkSecondOrder([img], step: 1e-3, "average pool + pow 3") { $0[0].averagePooled(size: 2).pow(3).sum() }
        checkSecondOrder([img], step: 1e-3, "upsample + tanh") { $0[0].upsampled(factor: 2).tanh().sum() }
        checkSecondOrder([distinct([2, 2, 4, 4], &rng)], step: 1e-3, "max pool + pow 3") { $0[0].maxPooled(size: 2).pow(3).sum() }
        checkSecondOrder([randomTensor([4, 3], &rng, -2, 2)], step: 1e-3, "softmax cross-entropy") {
            softmaxCrossEntropy(logits: $0[0], labels: [2, 0, 1, 1])
        }
    }

    /// A convolutional critic D(x) = w3 . flatten(avgpool(lrelu(conv(upsample(x))))) and its
    /// WGAN-GP penalty ((|grad_x D| - 1)^2).mean(): the penalty's gradient with respect to every
    /// weight (through a recorded backward pass: second order in conv, pooling, upsampling)
    /// against central differences.
    func testConvolutionalGradientPenalty() {
        var rng = TestRNG(seed: 67)
        let x = randomTensor([3, 1, 4, 4], &rng)
        let weights = [randomTensor([2, 1, 3, 3], &rng), randomTensor([2], &rng, -0.1, 0.1),
                       randomTensor([2, 1, 4, 4], &rng), randomTensor([1, 16], &rng)]
        func critic(_ x: Tensor, _ w: [Tensor]) -> Tensor {
            let h = conv2d(x.upsampled(factor: 2), weight: w[0], bias: w[1], stride: 1, padding: 1).tanh()
            let pooled = convTranspose2d(h.averagePooled(size: 2), weight: w[2], bias: nil, stride: 2, padding: 1).averagePooled(size: 2)
            return matmul(pooled.reshaped(to: [x.shape[0], 16]).sigmoid(), w[3], transposeB: true)
        }
        func penalty(_ w: [Tensor]) -> Tensor {
            let xh = x.detached.requiringGrad()
            let g = gradients(of: critic(xh, w).sum(), wrt: [xh], createGraph: true)[0]
            return (g.reshaped(to: [3, 16]).norm(axis: 1) - 1).squared().mean()
        }
        XCTAssertGreaterThan(penalty(weights).scalar, 0.01, "the penalty should not vanish for this critic")
        checkGradients(weights, step: 1e-3, abs: 2e-3, rel: 5e-3, "convolutional gradient penalty wrt weights") { penalty($0) }
    }

    /// Values spaced >= 0.01 apart in random order (max pooling has no near-ties within the step).
    func distinct(_ shape: [Int], _ rng: inout TestRNG) -> Tensor {
        let n = shape.reduce(1, *)
        var values = (0..<n).map { Float($0) * 0.02 - Float(n) * 0.01 }
        values.shuffle(using: &rng)
        return Tensor(shape: shape, scalars: values)
    }
}
