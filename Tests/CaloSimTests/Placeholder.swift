import XCTest

final class CaloSimTestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
