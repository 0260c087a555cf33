import CaloNN
import CaloTensor
import XCTest

final class ExponentialMovingAverageTests: XCTestCase {
    /// The warm-up makes the first average follow the weights; later the decay takes over.
    func testWarmUpThenDecay() {
        let p = Parameter(Tensor(shape: [2], scalars: [0, 0]))
        let ema = ExponentialMovingAverage(parameters: [p], decay: 0.999)
        p.assign(Tensor(shape: [2], scalars: [1, 2]))
        ema.update([p], step: 0)  // d = 0.1: a = 0.9 * p
        XCTAssertEqual(ema.averages[0][0], 0.9, accuracy: 1e-6)
        XCTAssertEqual(ema.averages[0][1], 1.8, accuracy: 1e-6)
        ema.update([p], step: 100_000)  // d = 0.999
        XCTAssertEqual(ema.averages[0][0], 0.999 * 0.9 + 0.001, accuracy: 1e-6)
    }
}
