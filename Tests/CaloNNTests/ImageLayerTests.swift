import CaloBLAS
import CaloNN
import CaloSupport
import CaloTensor
import XCTest
import _TestSupport

/// Batch normalisation, dropout and the convolution layers: forward against direct formulas,
/// derivatives against central differences, modes and seeding.
final class ImageLayerTests: XCTestCase {
    override func setUp() { XCTAssertNoThrow(try BLAS.load()) }

    /// Central differences of sum(f(x) * w) against the recorded gradient, for every input.
    func checkGradients(_ inputs: [Tensor], step h: Float = 1e-2, tolerance: Float = 3e-3, _ what: String,
                        _ f: ([Tensor]) -> Tensor) {
        var rng = TestRNG(seed: 5)
        let xs = inputs.map { $0.requiringGrad() }
        let y = f(xs)
        let w = Tensor(shape: y.shape, scalars: rng.floats(y.count))
        let analytic = gradients(of: (y * w).sum(), wrt: xs)
        func loss(_ values: [[Float]]) -> Double {
            zip(f(zip(inputs, values).map { Tensor(shape: $0.shape, scalars: $1) }).scalars, w.scalars)
                .reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        }
        for i in inputs.indices {
            var numeric = [Float](repeating: 0, count: inputs[i].count)
            for j in numeric.indices {
                var values = inputs.map(\.scalars)
                values[i][j] += h
                let plus = loss(values)
                values[i][j] -= 2 * h
                numeric[j] = Float((plus - loss(values)) / Double(2 * h))
            }
            if let message = Tolerance.compare(analytic[i].scalars, numeric, abs: tolerance, rel: tolerance) {
                XCTFail("\(what), input \(i): \(message)")
            }
        }
    }

    func testBatchNormTrainingNormalisesEachChannel() {
        var rng = TestRNG(seed: 21)
        let norm = BatchNorm(channels: 3)
        let x = randomTensor([4, 3, 2, 5], &rng, -1, 3)
        let y = norm(x).scalars, xs = x.scalars
        for c in 0..<3 {
            var values: [Double] = [], inputs: [Double] = []
            for n in 0..<4 { for q in 0..<10 { values.append(Double(y[(n * 3 + c) * 10 + q])); inputs.append(Double(xs[(n * 3 + c) * 10 + q])) } }
            let mean = values.reduce(0, +) / 40, variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 40
            XCTAssertEqual(mean, 0, accuracy: 1e-5)
            XCTAssertEqual(variance, 1, accuracy: 1e-3, "biased variance 1 (up to epsilon)")
            // Running estimates after one step from (0, 1): 0.1 x batch mean, 0.9 + 0.1 x unbiased variance.
            let m = inputs.reduce(0, +) / 40, v = inputs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 39
            XCTAssertEqual(Double(norm.runningMean.scalars[c]), 0.1 * m, accuracy: 1e-5)
            XCTAssertEqual(Double(norm.runningVariance.scalars[c]), 0.9 + 0.1 * v, accuracy: 1e-4)
        }
        // Inference uses the running estimates: (x - rm) / sqrt(rv + eps).
        norm.isTraining = false
        let inferred = norm(x).scalars
        let rm = norm.runningMean.scalars, rv = norm.runningVariance.scalars
        for (i, value) in inferred.enumerated() {
            let c = (i / 10) % 3
            XCTAssertEqual(value, (xs[i] - rm[c]) / (rv[c] + 1e-5).squareRoot(), accuracy: 1e-5)
        }
    }

    func testBatchNormGradients() {
        var rng = TestRNG(seed: 22)
        let x = randomTensor([3, 2, 2, 2], &rng), w = randomTensor([2], &rng, 0.5, 1.5), b = randomTensor([2], &rng)
        checkGradients([x, w, b], step: 1e-2, "batch norm (images, training)") { v in
            let norm = BatchNorm(channels: 2)
            norm.weight.value = v[1]
            norm.bias.value = v[2]
            return norm(v[0]).tanh()
        }
        let dense = randomTensor([5, 3], &rng)
        checkGradients([dense], step: 1e-2, "batch norm (features, training)") { BatchNorm(channels: 3)($0[0]).tanh() }
        let frozen = BatchNorm(channels: 3)
        _ = frozen(randomTensor([6, 3], &rng))
        frozen.isTraining = false
        checkGradients([dense], "batch norm (inference)") { frozen($0[0]).squared() }
    }

    func testDropoutIsSeededScaledAndOffInInference() {
        let x = Tensor.ones([100, 100])
        let a = Dropout(probability: 0.3, seed: 9), b = Dropout(probability: 0.3, seed: 9)
        let first = a(x).scalars
        XCTAssertEqual(first, b(x).scalars, "same seed, same mask")
        XCTAssertNotEqual(first, a(x).scalars, "the next call draws a new mask")
        XCTAssertTrue(first.allSatisfy { $0 == 0 || Swift.abs($0 - 1 / 0.7) < 1e-6 }, "survivors scaled by 1 / (1 - p)")
        // Dropped fraction: binomial, 10,000 elements, sigma = sqrt(0.21 / 10^4) = 0.0046; 5 sigma.
        let dropped = Double(first.filter { $0 == 0 }.count) / 10_000
        XCTAssertEqual(dropped, 0.3, accuracy: 0.023)
        a.isTraining = false
        XCTAssertEqual(a(x).scalars, x.scalars)
        var rng = TestRNG(seed: 23)
        checkGradients([randomTensor([4, 6], &rng)], "dropout") { Dropout(probability: 0.5, seed: 3)($0[0]).squared() }
    }

    func testConvolutionLayersShapesAndParameters() {
        var g = Philox(seed: 1, stream: 0)
        let conv = Conv2D(inChannels: 3, outChannels: 8, kernel: 3, stride: 2, padding: 1, fusedSlope: 0, generator: &g)
        XCTAssertEqual(conv.parameterCount, 8 * 3 * 9 + 8)
        XCTAssertEqual(conv(Tensor.zeros([2, 3, 32, 32])).shape, [2, 8, 16, 16])
        let up = ConvTranspose2D(inChannels: 8, outChannels: 4, kernel: 4, stride: 2, padding: 1, generator: &g)
        XCTAssertEqual(up.weight.shape, [8, 4, 4, 4])
        XCTAssertEqual(up(Tensor.zeros([2, 8, 8, 8])).shape, [2, 4, 16, 16])
        let net = Sequential([conv, BatchNorm(channels: 8), MaxPool2D(size: 2), Upsample2D(factor: 4), AveragePool2D(size: 2),
                              Flatten(), Dropout(probability: 0.5, seed: 1)])
        XCTAssertEqual(net(Tensor.zeros([2, 3, 32, 32])).shape, [2, 8 * 16 * 16])
        net.setTraining(false)
        XCTAssertFalse((net.layers[1].layer as! BatchNorm).isTraining)
        XCTAssertFalse((net.layers[6].layer as! Dropout).isTraining)
        // He initialisation: var = 2 / fan-in (fan-in 27, 216 weights: relative error of the
        // sample variance sqrt(2 / 216) = 10 %; 4 sigma).
        let w = conv.weight.value.scalars
        XCTAssertEqual(w.reduce(0.0) { $0 + Double($1 * $1) } / Double(w.count), 2.0 / 27, accuracy: 0.4 * 2.0 / 27)
    }
}
