import XCTest

final class CaloNNTestsPlaceholder: XCTestCase {
    func testBuilds() {}
}
