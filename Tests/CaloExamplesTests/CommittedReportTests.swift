import Foundation
import XCTest
import _TestSupport

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

    /// The image GAN's claims: the shapes CNN confident (> 0.9) for at least 90 % of the generated
    /// images, each class 25-42 %, in under 5 minutes. The generator is asked for each class in
    /// turn; the judge's verdict must mostly be the class asked for.
    func testDCGANReport() throws {
        let r = try report("dcgan")
        XCTAssertGreaterThanOrEqual(try number(r, "judgeTestAccuracy"), 0.999, "the judge is the shapes CNN")
        let shares = try ["circleShare", "squareShare", "triangleShare"].map { try number(r, $0) }
        XCTAssertEqual(shares.reduce(0, +), 1, accuracy: 1e-6)
        XCTAssertGreaterThanOrEqual(try number(r, "confidentFraction"), 0.9, "samples the shapes CNN calls with confidence > 0.9")
        for (name, share) in zip(["circles", "squares", "triangles"], shares) {
            XCTAssertTrue((0.25...0.42).contains(share), "\(name): share \(share), claim 0.25-0.42")
        }
        XCTAssertGreaterThan(try number(r, "askedClassAgreement"), 0.8, "the verdict is the class asked for")
        XCTAssertLessThan(try number(r, "seconds"), 300, "the full-size run within 5 minutes")
    }
}
