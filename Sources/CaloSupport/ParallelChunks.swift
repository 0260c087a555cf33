/// A parallel map over contiguous chunks of an index range.
public enum ParallelChunks {
    /// Splits 0..<count into chunks of `size` (the last one shorter), runs `body` on each on up
    /// to `threads` threads, and returns the results in chunk order, so a reduction over them
    /// is the same for any thread count.
    public static func map<T>(count: Int, size: Int, threads: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        require(size > 0, "ParallelChunks.map: chunk size \(size)")
        let chunks = max(1, (count + size - 1) / size)
        let results = IndexedSlots<T>(count: chunks)
        Threads.parallelFor(chunks, threads: threads) { c in
            let range = c * size..<min(count, (c + 1) * size)
            results.set(c, body(range))
        }
        return results.values
    }
}
