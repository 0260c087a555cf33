import Foundation
import XCTest

/// The full-size runs' reports under Validation/examples/ (made by `calosim examples NAME --out
/// Validation/examples/NAME`) meet the claims of their examples.
final class CommittedReportTests: XCTestCase {
    func report(_ name: String) throws -> [String: Any] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let url = root.appendingPathComponent("Validation/examples/\(name)/report.json")
        return try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    func number(_ r: [String: Any], _ key: String) throws -> Double {
        try XCTUnwrap((r[key] as? NSNumber)?.doubleValue, "\(key) missing")
    }

    func testShapesReport() throws {
        let r = try report("shapes")
        XCTAssertEqual(try number(r, "fullyConnectedParameters"), 788_995)
        XCTAssertEqual(try number(r, "testImages"), 2_000)
        XCTAssertGreaterThanOrEqual(try number(r, "cnnTestAccuracy"), 0.999, "the lecture's CNN: 99.91 %")
        XCTAssertLessThan(try number(r, "seconds"), 300)
    }
}
