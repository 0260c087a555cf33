#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reports progress of long work on stderr: a live bar with rate and ETA on a terminal, a plain
/// line every few seconds otherwise, nothing when quiet.
///
/// Thread-safe: `advance` may be called from worker threads.
public final class ProgressReporter: @unchecked Sendable {
    public enum Mode: Sendable { case automatic, bar, lines, quiet }

    private let label: String
    private let total: Int
    private let unit: String
    private let mode: Mode
    private let lineInterval: Double
    private let lock = NSLock()
    private var done = 0
    /// Units finished before this run started (a resumed job): shown in the count, left out of rate and ETA.
    private let alreadyDone: Int
    private let start: Double
    private var lastDraw = -1.0
    private var finished = false
    private let sink: @Sendable (String) -> Void

    /// - Parameters:
    ///   - label: what is being done ("simulate").
    ///   - total: number of units of work (> 0).
    ///   - unit: name of a unit ("showers").
    ///   - alreadyDone: units finished by an earlier run that this one resumes (0 ... total); they count
    ///     towards the fraction but not towards the rate or the ETA, which describe this run only.
    ///   - mode: `.automatic` picks a bar when stderr is a terminal, lines otherwise.
    ///   - sink: where text goes (stderr by default; tests capture it).
    public init(label: String, total: Int, unit: String, alreadyDone: Int = 0, mode: Mode = .automatic,
                lineInterval: Double = 5, sink: (@Sendable (String) -> Void)? = nil) {
        require(total >= 0, "ProgressReporter: negative total \(total)")
        require((0...max(total, 0)).contains(alreadyDone), "ProgressReporter: \(alreadyDone) already done of \(total)")
        self.label = label
        self.alreadyDone = alreadyDone
        self.done = alreadyDone
        self.total = total
        self.unit = unit
        if mode == .automatic {
            self.mode = isatty(STDERR_FILENO) != 0 ? .bar : .lines
        } else {
            self.mode = mode
        }
        self.lineInterval = lineInterval
        self.start = ProgressReporter.now()
        self.sink = sink ?? { text in FileHandle.standardError.write(Data(text.utf8)) }
    }

    /// Seconds on a monotonic clock (for timing intervals).
    public static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + 1e-9 * Double(ts.tv_nsec)
    }

    /// Records `count` more units done.
    public func advance(by count: Int = 1) {
        lock.lock()
        defer { lock.unlock() }
        done += count
        draw(force: false)
    }

    /// Draws the final state and ends the line.
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard !finished else { return }
        draw(force: true)
        finished = true
        if mode == .bar { sink("\n") }
    }

    /// Units per second done by this run so far (a resumed run's earlier units excluded).
    public var rate: Double {
        lock.lock()
        defer { lock.unlock() }
        let elapsed = ProgressReporter.now() - start
        return elapsed > 0 ? Double(done - alreadyDone) / elapsed : 0
    }

    private func draw(force: Bool) {
        guard mode != .quiet, !finished else { return }
        let t = ProgressReporter.now()
        let interval = mode == .bar ? 0.1 : lineInterval
        if !force && lastDraw >= 0 && t - lastDraw < interval { return }
        if !force && mode == .lines && lastDraw < 0 && t - start < interval { return }
        lastDraw = t
        let elapsed = t - start
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let perSecond = elapsed > 0 ? Double(done - alreadyDone) / elapsed : 0
        let eta = perSecond > 0 ? Double(total - done) / perSecond : .infinity
        let stats = "\(done)/\(total) \(unit)  \(Self.formatRate(perSecond)) \(unit)/s  "
            + "elapsed \(Self.formatDuration(elapsed))  ETA \(Self.formatDuration(eta))"
        switch mode {
        case .bar:
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            sink("\r\(label) [\(bar)] \(String(format: "%5.1f", fraction * 100))%  \(stats)\u{1B}[K")
        case .lines:
            sink("\(label): \(String(format: "%.1f", fraction * 100))%  \(stats)\n")
        case .quiet, .automatic:
            break
        }
    }

    /// "1.2k", "35.0", "0.012".
    public static func formatRate(_ x: Double) -> String {
        if x >= 1e6 { return String(format: "%.2fM", x / 1e6) }
        if x >= 1e4 { return String(format: "%.1fk", x / 1e3) }
        if x >= 10 { return String(format: "%.0f", x) }
        return String(format: "%.2f", x)
    }

    /// "1h02m", "3m05s", "12.3s", "--".
    public static func formatDuration(_ s: Double) -> String {
        guard s.isFinite, s >= 0 else { return "--" }
        if s >= 3600 { return String(format: "%dh%02dm", Int(s) / 3600, (Int(s) % 3600) / 60) }
        if s >= 60 { return String(format: "%dm%02ds", Int(s) / 60, Int(s) % 60) }
        return String(format: "%.1fs", s)
    }
}
