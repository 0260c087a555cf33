import XCTest

final class CaloValidationTestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
