import CaloData
import CaloDetector
import XCTest

final class ShowerConditionsTests: XCTestCase {
    private func conditions(_ i: Int) -> ShowerConditions {
        ShowerConditions(particle: [Particle.electron, .positron, .photon][i % 3], incidentEnergyMeV: Float(1000 * (i + 1)),
                         thetaRadians: 0.01 * Float(i), phiRadians: -0.5 * Float(i), impactXMM: Float(i), impactYMM: -Float(i))
    }

    func testAppendedConditionsComeBackPerShowerAndThroughSlices() {
        var batch = ShowerBatch(cellCount: 2, recordsArrival: true)
        for i in 0..<5 { batch.append(cells: [Float(i), 1], conditions: conditions(i)) }
        XCTAssertEqual(batch.count, 5)
        XCTAssertEqual(batch.conditions, (0..<5).map(conditions))
        XCTAssertEqual(batch.impactPointsMM, [0, 0, 1, -1, 2, -2, 3, -3, 4, -4])
        let part = batch.slice(2..<4)
        XCTAssertTrue(part.recordsArrival)
        XCTAssertEqual(part.conditions, [conditions(2), conditions(3)])
        XCTAssertEqual(Array(part.shower(1)), [3, 1])
    }

    func testBatchesWithoutArrivalHoldNormalIncidenceAndJoinAsUnrecorded() {
        let plain = ShowerBatch(incidentEnergiesMeV: [10, 20], cellEnergiesMeV: [1, 2, 3, 4], particles: nil, cellCount: 2)
        XCTAssertFalse(plain.recordsArrival)
        XCTAssertEqual(plain.conditions, [ShowerConditions(particle: nil, incidentEnergyMeV: 10),
                                          ShowerConditions(particle: nil, incidentEnergyMeV: 20)])
        XCTAssertTrue(plain.conditions.allSatisfy(\.isNormalAtCentre))
        var recorded = ShowerBatch(cellCount: 2, recordsArrival: true)
        recorded.append(cells: [5, 6], conditions: conditions(1))
        var empty = ShowerBatch(cellCount: 2)
        empty.append(contentsOf: recorded)
        XCTAssertTrue(empty.recordsArrival, "an empty batch takes the other's record")
        recorded.append(contentsOf: plain)
        XCTAssertFalse(recorded.recordsArrival, "a join records the arrival only where both parts do")
        XCTAssertEqual(recorded.count, 3)
        XCTAssertEqual(recorded.incidentThetaRadians.count, 3)
        XCTAssertEqual(recorded.impactPointsMM.count, 6)
    }
}
