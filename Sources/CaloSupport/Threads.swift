import Foundation

/// Worker-thread defaults.
public enum Threads {
    /// Cores this process may use.
    public static var available: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs `body(i)` for i in 0..<count on up to `threads` threads; blocks until all finish.
    public static func parallelFor(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        if count <= 0 { return }
        if threads <= 1 || count == 1 {
            for i in 0..<count { body(i) }
            return
        }
        let workers = min(threads, count)
        let next = AtomicCounter()
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.increment()
                if i >= count { break }
                body(i)
            }
        }
    }
}

/// A lock-protected counter that hands out 0, 1, 2, ...
public final class AtomicCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    public init() {}
    /// Returns the current value and adds one.
    public func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        let v = value
        value += 1
        return v
    }
}
