import XCTest

/// An acceptance condition the code is known to miss today (a measured finding), kept as an
/// expected failure rather than a skip: Linux XCTest has no `XCTExpectFailure`.
///
/// - While the condition still fails (`holds` false), the test passes and prints
///   "known finding: <message>"; the message should carry the measured value and the band.
/// - Once the condition holds, the test fails with "known finding no longer reproduces: make this
///   a plain assertion", so the fix is noticed and the check becomes an ordinary assertion.
public func expectKnownFailure(_ holds: Bool, _ message: @autoclosure () -> String,
                               file: StaticString = #filePath, line: UInt = #line) {
    if holds {
        XCTFail("known finding no longer reproduces: make this a plain assertion (\(message()))", file: file, line: line)
    } else {
        print("known finding: \(message())")
    }
}
