import CaloDetector
import CaloExamples
import CaloSim
import Foundation
import XCTest
import _TestSupport

/// Classification without labels on simulated e- and photon showers.
final class CwolaTests: XCTestCase {
    /// The features of a shower do not depend on the thread count, and follow its index.
    func testFeaturesAreReproducible() throws {
        let simulator = try ShowerSimulator(geometry: try Geometry.resolve("calogan"))
        let f = { (threads: Int, first: UInt64) in
            CwolaShowers.features(of: .photon, count: 4, firstIndex: first, energyRangeMeV: 100...200, simulator: simulator,
                                  seed: 3, threads: threads)
        }
        let one = f(1, 0), two = f(2, 0)
        XCTAssertEqual(one.count, 4 * CwolaShowers.observables.count)
        XCTAssertEqual(one.map(\.bitPattern), two.map(\.bitPattern))
        // Shower 1 of the run from index 0 is shower 0 of the run from index 1.
        let width = CwolaShowers.observables.count
        XCTAssertEqual(Array(one[width..<2 * width]).map(\.bitPattern), Array(f(1, 1)[0..<width]).map(\.bitPattern))
        // E_i / E_inc of the three layers: the shower deposits most of its energy (the calorimeter scores lead and argon).
        let sum = one[0] + one[1] + one[2]
        XCTAssertGreaterThan(sum, 0.8)
        XCTAssertLessThanOrEqual(sum, 1.0001)
    }
}
