import CaloSupport

/// A reduction over a sample's showers that arrive in consecutive chunks, with the very sums of
/// one `ParallelChunks.map` over the whole sample: partials of `blockSize` showers aligned to
/// shower 0, each filled in shower order (a block that a chunk boundary cuts goes on in the next
/// chunk), combined in block order as each block completes. The result is then the same to the
/// bit for any chunk size and thread count.
struct BlockReduction<Partial: Sendable> {
    /// Showers in the sample.
    let count: Int
    /// Showers per block.
    let blockSize: Int
    /// The block the last chunk ended inside, with its partial so far.
    private var open: (block: Int, partial: Partial)?
    /// The first shower not added yet.
    private(set) var next = 0

    init(count: Int, blockSize: Int) {
        require(blockSize > 0, "BlockReduction: blockSize must be > 0 (got \(blockSize))")
        self.count = count
        self.blockSize = blockSize
    }

    /// Adds showers `range`, the next ones in order: `fill(&partial, piece)` for each piece of
    /// `range` within one block (pieces on up to `threads` threads, `make()` starting a block's
    /// partial), then `combine(partial)` for each block completed, in block order.
    mutating func add(_ range: Range<Int>, threads: Int, make: () -> Partial,
                      fill: @Sendable (inout Partial, Range<Int>) -> Void, combine: (Partial) -> Void) {
        require(range.lowerBound == next && range.upperBound <= count,
                "BlockReduction.add: showers \(range) after \(next) of \(count)")
        let size = blockSize
        let pieces: [(block: Int, range: Range<Int>)] = (range.lowerBound / size..<(range.upperBound + size - 1) / size).map { b in
            (b, max(range.lowerBound, b * size)..<min(range.upperBound, (b + 1) * size))
        }
        let initial: [Partial] = pieces.map { piece in
            if let open, open.block == piece.block { return open.partial }
            return make()
        }
        let filled = IndexedSlots<Partial>(count: pieces.count)
        Threads.parallelFor(pieces.count, threads: threads) { i in
            var p = initial[i]
            fill(&p, pieces[i].range)
            filled.set(i, p)
        }
        open = nil
        for (piece, partial) in zip(pieces, filled.values) {
            if piece.range.upperBound == min(count, (piece.block + 1) * blockSize) {
                combine(partial)
            } else {
                open = (piece.block, partial)
            }
        }
        next = range.upperBound
    }
}
