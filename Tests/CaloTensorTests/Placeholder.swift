import XCTest

final class CaloTensorTestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
