import CaloSupport
import Foundation

/// A raw buffer shared by worker threads that write disjoint parts of it.
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// Collects one result per chunk from worker threads.
final class ChunkResults<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }
    /// The results in chunk order (every chunk must have reported).
    var values: [T] { slots.map { $0! } }
}

enum ParallelChunks {
    /// Splits 0..<count into chunks of about `size`, runs `body` on each on `threads` threads,
    /// and returns the results in chunk order (so reductions are the same for any thread count).
    static func map<T>(count: Int, size: Int, threads: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let chunks = max(1, (count + size - 1) / size)
        let results = ChunkResults<T>(count: chunks)
        Threads.parallelFor(chunks, threads: threads) { c in
            let range = c * size..<min(count, (c + 1) * size)
            results.set(c, body(range))
        }
        return results.values
    }
}
