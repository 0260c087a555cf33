import CaloSupport
import Foundation
import XCTest

final class ProgressAndFileTests: XCTestCase {
    final class Capture: @unchecked Sendable {
        private let lock = NSLock()
        private var parts: [String] = []
        func append(_ s: String) { lock.lock(); parts.append(s); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return parts.joined() }
    }

    /// Off a terminal: plain lines with rate and ETA, and a final line at finish.
    func testLineModeReportsRateAndETA() {
        let capture = Capture()
        let p = ProgressReporter(label: "simulate", total: 10, unit: "showers", mode: .lines, lineInterval: 0,
                                 sink: { capture.append($0) })
        Threads.parallelFor(10, threads: 2) { _ in p.advance() }
        p.finish()
        let lines = capture.text.split(separator: "\n")
        XCTAssertFalse(lines.isEmpty)
        XCTAssertTrue(lines.last!.contains("simulate: 100.0%  10/10 showers"), capture.text)
        XCTAssertTrue(lines.last!.contains("showers/s") && lines.last!.contains("ETA"), capture.text)
    }

    /// A resumed run shows the earlier units in its count, but its rate (and so its ETA) is this run's own.
    func testResumedRateCountsOnlyThisRun() {
        let capture = Capture()
        let p = ProgressReporter(label: "train", total: 100, unit: "it", alreadyDone: 90, mode: .lines, lineInterval: 0,
                                 sink: { capture.append($0) })
        XCTAssertEqual(p.rate, 0, "nothing done by this run yet")
        p.advance()
        usleep(200_000)
        // One unit in at least 0.2 s: at most 5 per second. Counting the 90 earlier units would give over 450.
        let rate = p.rate
        XCTAssertGreaterThan(rate, 0)
        XCTAssertLessThanOrEqual(rate, 5)
        p.finish()
        XCTAssertTrue(capture.text.contains("91/100 it"), capture.text)
    }

    func testBarModeAndQuiet() {
        let bar = Capture(), quiet = Capture()
        let p = ProgressReporter(label: "train", total: 4, unit: "it", mode: .bar, sink: { bar.append($0) })
        p.advance(by: 4)
        p.finish()
        XCTAssertTrue(bar.text.contains("[##############################] 100.0%"), bar.text)
        XCTAssertTrue(bar.text.hasSuffix("\n"))
        let q = ProgressReporter(label: "x", total: 4, unit: "it", mode: .quiet, sink: { quiet.append($0) })
        q.advance(by: 4)
        q.finish()
        XCTAssertEqual(quiet.text, "")
        XCTAssertEqual(ProgressReporter.formatDuration(3725), "1h02m")
        XCTAssertEqual(ProgressReporter.formatDuration(65), "1m05s")
        XCTAssertEqual(ProgressReporter.formatRate(12_345), "12.3k")
    }

    func testAtomicWrite() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("calosim-atomic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("sub/out.txt")
        try AtomicFile.write(Data("one".utf8), to: url)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "one")
        XCTAssertThrowsError(try AtomicFile.write(Data("two".utf8), to: url, overwrite: false))
        try AtomicFile.write(Data("two".utf8), to: url, overwrite: true)
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "two")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: url.deletingLastPathComponent().path), ["out.txt"])
        let pending = try AtomicFile(url: folder.appendingPathComponent("never.txt"), overwrite: false)
        try Data("x".utf8).write(to: pending.temporaryURL)
        pending.discard()
        XCTAssertFalse(FileManager.default.fileExists(atPath: pending.temporaryURL.path))
        XCTAssertThrowsError(try OutputCheck.check(url.appendingPathComponent("below-a-file.h5"), overwrite: true))
    }
}

/// Type-7 quantiles (numpy's default) on values with known answers.
final class QuantileTests: XCTestCase {
    func testType7() {
        let s = [1.0, 2, 3, 4]
        XCTAssertEqual(Quantile.ofSorted(s, 0), 1)
        XCTAssertEqual(Quantile.ofSorted(s, 1), 4)
        XCTAssertEqual(Quantile.ofSorted(s, 0.5), 2.5)
        XCTAssertEqual(Quantile.ofSorted(s, 0.25), 1.75, accuracy: 1e-15)  // numpy.quantile([1,2,3,4], 0.25)
        XCTAssertEqual(Quantile.ofSorted([7], 0.3), 7)
    }
}
