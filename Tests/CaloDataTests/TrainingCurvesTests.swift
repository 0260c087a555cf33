@testable import CaloData
import XCTest

final class TrainingCurvesTests: XCTestCase {
    func testParsesHeaderColumnsAndGaps() throws {
        let log = try TrainingCurves(csv: "# comment\nstep, critic_loss ,wasserstein\n0,1.5,2\n100,,1\n200,0.5,x\n")
        XCTAssertEqual(log.columns, ["step", "critic_loss", "wasserstein"])
        XCTAssertEqual(log.values[0], [0, 100, 200])
        XCTAssertEqual(log.values[1][0], 1.5)
        XCTAssert(log.values[1][1].isNaN)
        XCTAssert(log.values[2][2].isNaN)
    }

    func testRejectsALogWithoutValueColumns() {
        XCTAssertThrowsError(try TrainingCurves(csv: "step\n1\n2\n", path: "log.csv")) { error in
            XCTAssert("\(error)".hasPrefix("log.csv: training log needs a header"), "\(error)")
        }
    }
}
