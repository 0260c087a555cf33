import Foundation
import XCTest

/// The runner itself: it must not deadlock on a full pipe, and must kill what hangs.
final class CLIRunnerTests: XCTestCase {
    private let shell = URL(fileURLWithPath: "/bin/sh")

    /// A child writing 256 KiB to stderr before anything to stdout (four times a Linux pipe's
    /// 64 KiB buffer): a runner that read stdout to its end first would wait forever.
    func testLargeStderrDoesNotDeadlock() throws {
        let bytes = 256 * 1024
        let r = try CLI.run(program: shell, ["-c", "head -c \(bytes) /dev/zero | tr '\\0' x >&2; echo done; exit 3"],
                            timeout: 60)
        XCTAssertEqual(r.status, 3)
        XCTAssertEqual(r.stdout, "done\n")
        XCTAssertEqual(r.stderr.utf8.count, bytes)
        XCTAssertTrue(r.stderr.utf8.allSatisfy { $0 == UInt8(ascii: "x") })
    }

    /// Both pipes full at once, interleaved.
    func testLargeOutputOnBothPipes() throws {
        let script = "for i in 1 2 3 4 5 6 7 8; do head -c 65536 /dev/zero | tr '\\0' o; head -c 65536 /dev/zero | tr '\\0' e >&2; done"
        let r = try CLI.run(program: shell, ["-c", script], timeout: 60)
        XCTAssertEqual(r.status, 0)
        XCTAssertEqual(r.stdout.utf8.count, 8 * 65536)
        XCTAssertEqual(r.stderr.utf8.count, 8 * 65536)
    }

    /// A child that hangs is killed at the timeout, and the failure carries what it printed.
    func testHangingChildIsKilledWithItsOutput() throws {
        let start = Date()
        XCTAssertThrowsError(try CLI.run(program: shell, ["-c", "echo started; echo warming >&2; exec sleep 60"], timeout: 1)) {
            guard case CLI.Failure.timedOut(_, let seconds, let stdout, let stderr) = $0 else {
                return XCTFail("unexpected error \($0)")
            }
            XCTAssertEqual(seconds, 1)
            XCTAssertEqual(stdout, "started\n")
            XCTAssertEqual(stderr, "warming\n")
            XCTAssertTrue("\($0)".contains("started"), "\($0)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 30, "the child was not killed")
    }
}
