import XCTest

final class CaloDetectorTestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
