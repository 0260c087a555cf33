import CaloApp
import XCTest

final class EngineBenchmarkTests: XCTestCase {
    /// The benchmark runs training's WGAN-GP step on small reference networks; its checks pass
    /// and every figure is filled in.
    func testSmallBenchmarkRunsAndChecksItself() throws {
        var c = EngineBenchmarkConfiguration()
        c.batch = 16
        c.criticSteps = 2
        c.iterations = 2
        c.warmupIterations = 1
        c.generationBatch = 50
        c.generationShowers = 120
        c.threads = 1
        c.cells = 12
        c.latent = 4
        c.generatorHidden = [16, 16]
        c.criticHidden = [16, 16]
        c.measureSgemm = false
        let r = try EngineBenchmark.run(c)
        XCTAssertEqual(r.generatorParameters, 5 * 16 + 16 + 16 * 16 + 16 + 16 * 12 + 12)
        XCTAssertEqual(r.criticParameters, 13 * 16 + 16 + 16 * 16 + 16 + 16 + 1)
        XCTAssertLessThan(r.validation.penaltyGradientRelativeError, 0.05)
        XCTAssertTrue(r.secondsPerIteration > 0 && r.showersPerSecond > 0, "\(r.secondsPerIteration), \(r.showersPerSecond)")
        for key in ["secondsPerIteration", "showersPerSecond", "bufferAllocationsPerIteration", "validation", "sgemm"] {
            XCTAssertTrue(r.jsonLine.contains("\"\(key)\""), "no \(key) in \(r.jsonLine)")
        }
    }

    func testBatchOfOneIsRefused() {
        var c = EngineBenchmarkConfiguration()
        c.batch = 1
        XCTAssertThrowsError(try EngineBenchmark.run(c)) { XCTAssertTrue("\($0)".contains("batchSize"), "\($0)") }
    }
}
