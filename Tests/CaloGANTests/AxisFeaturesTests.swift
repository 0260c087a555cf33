import CaloBLAS
import CaloData
import CaloDetector
@testable import CaloGAN
import CaloNN
import CaloSupport
import CaloTensor
import Foundation
import XCTest
import _TestSupport

/// The critic's axis offsets (`ConditionalCritic.axisOffsets`, `ArrivalBasis`): the terms against
/// the arrival decoded by hand, the least-squares fit against known coefficients and its normal
/// equations, the offsets against plain loops, their derivatives against finite differences,
/// and a training run that checkpoints and resumes with them.
final class AxisFeaturesTests: XCTestCase {
    override func setUp() { XCTAssertNoThrow(try BLAS.load()) }

    /// Three species, theta 0-20 degrees, phi all round, impact +-10 mm.
    private let encoding = ConditionEncoding(
        energy: EnergyCondition(minimumMeV: 1000, maximumMeV: 100_000), particles: [.positron, .electron, .photon],
        thetaRadians: .init(minimum: 0, maximum: 20 * .pi / 180), phiRadians: .init(minimum: -.pi, maximum: .pi),
        impactXMM: .init(minimum: -10, maximum: 10), impactYMM: .init(minimum: -10, maximum: 10))

    func testTermsDecodeTheArrival() {
        let basis = ArrivalBasis(encoding: encoding)
        XCTAssertEqual(basis.count, 7)
        XCTAssertEqual(basis.conditionWidth, 9)
        var rng = TestRNG(seed: 7)
        for _ in 0..<20 {
            let c = ShowerConditions(particle: .photon, incidentEnergyMeV: rng.float(1000, 100_000),
                                     thetaRadians: rng.float(0, 0.349), phiRadians: rng.float(-3.14, 3.14),
                                     impactXMM: rng.float(-10, 10), impactYMM: rng.float(-10, 10))
            var v = [Float](repeating: 0, count: 9)
            v.withUnsafeMutableBufferPointer { encoding.encode(c, into: $0.baseAddress!) }
            let t = v.withUnsafeBufferPointer { basis.terms($0) }
            let tan = Double(Foundation.tan(c.thetaRadians)), e = Double(v[0])
            let tx = tan * Double(Foundation.cos(c.phiRadians)), ty = tan * Double(Foundation.sin(c.phiRadians))
            let expected = [1, Double(c.impactXMM) / 10, Double(c.impactYMM) / 10, tx, ty, e * tx, e * ty]
            for (k, (a, b)) in zip(t, expected).enumerated() { XCTAssertEqual(Double(a), b, accuracy: 2e-4, "term \(k)") }
        }
        // Theta varying at a fixed phi: tan theta and c_E tan theta; the energy alone: the constant.
        var fixedPhi = encoding
        fixedPhi.phiRadians = .init(minimum: 0.5, maximum: 0.5)
        fixedPhi.impactXMM = nil
        fixedPhi.impactYMM = nil
        XCTAssertEqual(ArrivalBasis(encoding: fixedPhi).count, 3)
        XCTAssertEqual(ArrivalBasis(encoding: nil).count, 1)
        XCTAssertEqual(ArrivalBasis(encoding: nil)(Tensor(shape: [2, 1], scalars: [0.3, -0.2])).scalars, [1, 1])
    }

    /// Values = terms beta + noise of 0.01: the fit finds beta to the noise's precision; a term
    /// that never varies makes the system singular, and the fit keeps the intercept alone.
    func testFitRecoversKnownCoefficients() {
        var rng = TestRNG(seed: 8)
        let n = 2000, k = 4, targets = 2
        let beta: [Float] = [0.3, -1, 2, 0.5, 0.1, 0.2, -0.7, 0]  // [k, targets]
        var terms = [Float](), values = [Float]()
        for _ in 0..<n {
            let row: [Float] = [1, rng.float(-1, 1), rng.float(-1, 1), rng.float(-0.4, 0.4)]
            terms += row
            for j in 0..<targets { values.append((0..<k).reduce(0) { $0 + row[$1] * beta[$1 * targets + j] } + rng.float(-0.017, 0.017)) }
        }
        let fitted = ArrivalBasis.fit(count: k, targets: targets) { body in
            for first in stride(from: 0, to: n, by: 300) {
                let m = min(300, n - first)
                body(Tensor(shape: [m, k], scalars: Array(terms[first * k..<(first + m) * k])),
                     Tensor(shape: [m, targets], scalars: Array(values[first * targets..<(first + m) * targets])))
            }
        }
        XCTAssertEqual(fitted.shape, [k, targets])
        // sigma of a slope ~ 0.01 / sqrt(n var(t)): below 1e-3 here; 5e-3 is five of them at worst.
        for (a, b) in zip(fitted.scalars, beta) { XCTAssertEqual(a, b, accuracy: 5e-3) }
        let singular = ArrivalBasis.fit(count: 2, targets: 1) { body in
            body(Tensor(shape: [3, 2], scalars: [1, 0, 1, 0, 1, 0]), Tensor(shape: [3, 1], scalars: [1, 2, 6]))
        }
        XCTAssertEqual(singular.scalars, [3, 0])
    }

    /// A critic with axis offsets on the synthetic multi-condition showers, fitted on them.
    private func fittedCritic(showers n: Int) throws -> (critic: ConditionalCritic, data: TrainingData, geometry: Geometry) {
        var h = MultiConditionTrainingTests.hyperparameters()
        h.criticAxisFeatures = true
        let geometry = try Geometry(json: TrainingTests.tinyGeometry)
        let data = try TrainingData(batch: MultiConditionTrainingTests.showers(n), geometry: geometry, sourceSeed: 9,
                                    path: "synthetic", transform: h.cellTransform, validationFraction: 0, seed: h.seed)
        let critic = ConditionalCritic(hyperparameters: h, geometry: geometry, conditionWidth: data.encoding.width,
                                       encoding: data.encoding, seed: 1)
        critic.normalization = CriticNormalization.fit(critic: critic, cells: data.training.cells,
                                                       conditions: data.training.condition, count: data.training.count)
        return (critic, data, geometry)
    }

    /// The offsets are the plain centroids (cell centres by hand, Double sums) minus the terms
    /// times the fitted coefficients, and satisfy the fit's normal equations: over the training
    /// showers each offset is orthogonal to every term (mean 0 included).
    func testOffsetsAgainstPlainLoopsAndNormalEquations() throws {
        let (critic, data, geometry) = try fittedCritic(showers: 300)
        let n = data.training.count, cells = 10, w = data.encoding.width, layers = 2
        let x = Tensor(shape: [n, cells], scalars: data.training.cells)
        let c = Tensor(shape: [n, w], scalars: data.training.condition)
        let f = withoutGradients { critic.features(x, condition: c) }
        let count = ConditionalCritic.featureCount(layers: layers, axis: true)
        XCTAssertEqual(f.shape, [n, count])
        let offsets = (0..<n).map { i in Array(f.scalars[(i * count + count - 2 * layers)..<((i + 1) * count)]) }
        let terms = ArrivalBasis(encoding: data.encoding)(c).scalars, k = ArrivalBasis(encoding: data.encoding).count
        let beta = try XCTUnwrap(critic.normalization.axisCoefficients).scalars
        let transform = MultiConditionTrainingTests.hyperparameters().cellTransform
        var orthogonality = [Double](repeating: 0, count: k * 2 * layers)
        for i in 0..<n {
            // Plain centroids in 100 mm units: x of each layer, then y.
            var centroid = [Double](repeating: 0, count: 2 * layers)
            for (l, layer) in geometry.layers.enumerated() {
                var sum = 0.0, sx = 0.0, sy = 0.0
                for row in 0..<layer.rows {
                    for col in 0..<layer.cols {
                        let u = Double(transform.inverse(data.training.cells[i * cells + layer.firstCell + row * layer.cols + col]))
                        let centre = layer.cellCentre(row: row, col: col)
                        (sum, sx, sy) = (sum + u, sx + u * centre.xMM / 100, sy + u * centre.yMM / 100)
                    }
                }
                centroid[l] = sx / (sum + 1e-9)
                centroid[layers + l] = sy / (sum + 1e-9)
            }
            for j in 0..<(2 * layers) {
                let predicted = (0..<k).reduce(0.0) { $0 + Double(terms[i * k + $1]) * Double(beta[$1 * 2 * layers + j]) }
                XCTAssertEqual(Double(offsets[i][j]), centroid[j] - predicted, accuracy: 1e-4, "shower \(i) column \(j)")
                for t in 0..<k { orthogonality[t * 2 * layers + j] += Double(offsets[i][j]) * Double(terms[i * k + t]) / Double(n) }
            }
        }
        // Float sums over 300 showers of offsets ~0.05 (100 mm units): orthogonal to 1e-5.
        for (m, v) in orthogonality.enumerated() { XCTAssertEqual(v, 0, accuracy: 1e-5, "term \(m / (2 * layers)) column \(m % (2 * layers))") }
        // The synthetic showers ignore their arrival: the offsets are the centroids less their means.
        XCTAssertEqual(critic.config.sizes[0], cells + count + w)
    }

    /// d/dx of sum(w . offsets) and the Hessian-vector product against central differences (the
    /// gradient penalty differentiates the offsets twice, as the centroids).
    func testDerivativesAgainstFiniteDifferences() throws {
        let (critic, data, _) = try fittedCritic(showers: 100)
        let n = 3, cells = 10, w = data.encoding.width, count = ConditionalCritic.featureCount(layers: 2, axis: true)
        let x0 = Array(data.training.cells[0..<(n * cells)])
        let c = Tensor(shape: [n, w], scalars: Array(data.training.condition[0..<(n * w)]))
        var rng = TestRNG(seed: 43)
        // Weights on the offsets alone (the last 4 columns).
        let weights = Tensor(shape: [n, count], scalars: (0..<(n * count)).map { $0 % count >= count - 4 ? rng.float(-1, 1) : 0 })
        let v = (0..<(n * cells)).map { _ in rng.float(-1, 1) }
        let (largest, worst) = FeatureDerivatives.check(at: x0, direction: v, cells: cells, step: 1e-2, first: .init(abs: 1e-3, rel: 1e-2),
                                                        second: .init(abs: 2e-3, rel: 2e-2)) { x in
            (critic.features(x, condition: c) * weights).sum()
        }
        XCTAssertGreaterThan(largest, 5e-3, "the offsets' Hessian is not zero")
        print(String(format: "axis offsets: largest Hessian-vector entry %.3g, largest deviation from finite differences %.3g", largest, worst))
    }

    /// A run with the option checkpoints the fitted coefficients, resumes with them, and keeps the
    /// option in model.json; a file without the key reads as off.
    func testTrainsCheckpointsAndResumes() throws {
        let folder = try TemporaryFolder.make("calosim-axis")
        defer { try? FileManager.default.removeItem(at: folder) }
        var h = MultiConditionTrainingTests.hyperparameters()
        h.criticAxisFeatures = true
        let geometry = try Geometry(json: TrainingTests.tinyGeometry)
        let data = try TrainingData(batch: MultiConditionTrainingTests.showers(200), geometry: geometry, sourceSeed: 9,
                                    path: "synthetic", transform: h.cellTransform, validationFraction: h.validationFraction, seed: h.seed)
        let out = folder.appendingPathComponent("model")
        let first = try GANTrainer(data: data, dataPath: "synthetic", folder: out, hyperparameters: h, resume: false)
        try first.train(progress: .quiet)
        let fitted = try XCTUnwrap(first.critic.normalization.axisCoefficients)
        XCTAssertEqual(fitted.shape, [7, 4])
        let saved = try SafeTensors.read(from: out.appendingPathComponent(GANTrainer.checkpointFileName)).tensors
        XCTAssertEqual(saved.first { $0.name == "critic_normalization.axis_coefficients" }?.tensor.scalars, fitted.scalars)
        XCTAssertTrue(try ModelConfiguration.load(folder: out).hyperparameters.criticAxisFeatures)
        h.iterations = 6
        let resumed = try GANTrainer(data: data, dataPath: "synthetic", folder: out, hyperparameters: h, resume: true)
        XCTAssertEqual(resumed.critic.normalization.axisCoefficients?.scalars, fitted.scalars)
        try resumed.train(progress: .quiet)
        XCTAssertEqual(try ModelConfiguration.load(folder: out).iteration, 6)
        XCTAssertFalse(try JSONDecoder().decode(GANHyperparameters.self, from: Data("{}".utf8)).criticAxisFeatures)
        XCTAssertEqual(try JSONDecoder().decode(GANHyperparameters.self, from: JSONEncoder().encode(h)), h)
    }
}
