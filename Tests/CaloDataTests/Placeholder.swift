import XCTest

final class CaloDataTestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
