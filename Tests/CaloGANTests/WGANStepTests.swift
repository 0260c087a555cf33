@testable import CaloGAN
import CaloNN
import CaloSupport
import CaloTensor
import XCTest

final class WGANStepTests: XCTestCase {
    /// n_critic <= 7 keeps the streams 8 t + k and 8 t + 7 of every model trained so far.
    func testStreamsUpToSevenCriticStepsAreEightTPlusK() {
        for n in 1...7 {
            for t in [0, 1, 99_999] {
                for k in 0..<n {
                    XCTAssertEqual(WGANStep.streamIndex(iteration: t, step: .critic(k), criticIterations: n), UInt64(8 * t + k))
                }
                XCTAssertEqual(WGANStep.streamIndex(iteration: t, step: .generator, criticIterations: n), UInt64(8 * t + 7))
            }
        }
    }

    /// With 8 or more critic steps every step of every iteration still has its own stream.
    func testManyCriticStepsDrawDistinctStreams() {
        for n in [7, 8, 9, 16] {
            var seen = Set<UInt64>()
            for t in 0..<50 {
                let steps = (0..<n).map { WGANStep.Step.critic($0) } + [.generator]
                for s in steps {
                    let index = WGANStep.streamIndex(iteration: t, step: s, criticIterations: n)
                    XCTAssertTrue(index < StreamDomain.ganStep.capacity)
                    XCTAssertTrue(seen.insert(index).inserted, "n_critic \(n): iteration \(t), \(s) reuses stream \(index)")
                }
            }
            XCTAssertEqual(seen.count, 50 * (n + 1))
        }
    }

    /// n_critic = 9 is accepted; a run longer than the step domain is refused by name.
    func testHyperparameterCheckCoversTheStreamDomain() throws {
        var h = GANHyperparameters()
        h.criticIterations = 9
        XCTAssertNoThrow(try h.check())
        h.iterations = Int(StreamDomain.ganStep.capacity / 10)
        XCTAssertNoThrow(try h.check())
        h.iterations += 1
        XCTAssertThrowsError(try h.check()) { XCTAssertTrue("\($0)".contains("random streams per iteration"), "\($0)") }
        h.iterations = 10
        h.criticIterations = .max
        XCTAssertThrowsError(try h.check()) { XCTAssertTrue("\($0)".contains("criticIterations"), "\($0)") }
    }

    /// Nine critic steps train: both networks' weights move, the losses are finite.
    func testNineCriticStepsRun() {
        var h = GANHyperparameters()
        h.latentDimension = 4
        h.generatorHidden = [8]
        h.criticHidden = [8]
        h.batchSize = 4
        h.criticIterations = 9
        h.generatorHead = .direct
        let cells = 6
        let g = ConditionalGenerator(hyperparameters: h, layerCells: [cells], seed: h.seed)
        let d = ConditionalCritic(hyperparameters: h, cells: cells, seed: h.seed &+ 1)
        var rng = Philox(seed: 1, stream: 0)
        let data = TrainingData.Split(cells: (0..<(20 * cells)).map { _ in rng.uniformFloat() },
                                      condition: (0..<20).map { _ in rng.uniformFloat() },
                                      incidentMeV: Array(repeating: 1, count: 20), totalMeV: Array(repeating: 1, count: 20))
        let step = WGANStep(generator: g, critic: d, generatorOptimizer: Adam(parameters: g.parameters, learningRate: 1e-3),
                            criticOptimizer: Adam(parameters: d.parameters, learningRate: 1e-3), hyperparameters: h, data: data, cells: cells)
        let before = (g.parameterValues.map(\.scalars), d.parameterValues.map(\.scalars))
        let losses = step.run(iteration: 0)
        XCTAssertTrue(losses.critic.isFinite && losses.generator.isFinite, "\(losses)")
        XCTAssertNotEqual(g.parameterValues.map(\.scalars), before.0)
        XCTAssertNotEqual(d.parameterValues.map(\.scalars), before.1)
    }

    /// The reference critic scores cells and condition alone: its embedding is the cells.
    func testReferenceCritic() {
        var h = GANHyperparameters()
        h.criticHidden = [8, 4]
        let d = ConditionalCritic(hyperparameters: h, cells: 5, seed: 2)
        XCTAssertEqual(d.config.sizes, [6, 8, 4, 1])
        XCTAssertFalse(d.seesPhysicsFeatures)
        let x = Tensor(shape: [3, 5], scalars: (0..<15).map { Float($0) / 15 })
        XCTAssertEqual(d.embed(x, condition: Tensor(shape: [3, 1], repeating: 0.5)).scalars, x.scalars)
        XCTAssertEqual(d(x, condition: Tensor(shape: [3, 1], repeating: 0.5)).shape, [3, 1])
    }
}
