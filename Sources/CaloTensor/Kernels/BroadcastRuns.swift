/// A broadcast of a small shape against a large one, as runs of axes: adjacent axes of the large
/// shape merge while they are all kept (the small shape has them) or all repeated (the small shape
/// has 1 there); axes of length 1 drop out. [1, C, 1, 1] against [N, C, H, W] is three runs,
/// (N, repeated), (C, kept), (H W, repeated), so `expand` and `sumTo` loop over at most a few
/// runs with a contiguous innermost one instead of computing an index per element.
struct BroadcastRuns {
    /// Run lengths, outermost first.
    let lengths: [Int]
    /// Whether the small shape has the run (true) or repeats over it (false).
    let kept: [Bool]
    /// Elements of the large and of the small shape inside one element of each run.
    let largeStrides: [Int]
    let smallStrides: [Int]

    /// `small` must broadcast to `large`.
    init(small: [Int], large: [Int]) {
        let padded = [Int](repeating: 1, count: large.count - small.count) + small
        var lengths: [Int] = [], kept: [Bool] = []
        for (s, l) in zip(padded, large) where l != 1 {
            let k = s == l
            if let last = kept.last, last == k { lengths[lengths.count - 1] *= l } else { lengths.append(l); kept.append(k) }
        }
        if lengths.isEmpty { lengths = [1]; kept = [true] }
        var largeStrides = [Int](repeating: 1, count: lengths.count), smallStrides = largeStrides
        for r in stride(from: lengths.count - 2, through: 0, by: -1) {
            largeStrides[r] = largeStrides[r + 1] * lengths[r + 1]
            smallStrides[r] = smallStrides[r + 1] * (kept[r + 1] ? lengths[r + 1] : 1)
        }
        self.lengths = lengths
        self.kept = kept
        self.largeStrides = largeStrides
        self.smallStrides = smallStrides
    }

    /// large = small broadcast.
    func expand(_ small: UnsafeMutablePointer<Float>, into large: UnsafeMutablePointer<Float>) {
        walk(0, small, large) { s, l, n, kept in
            if kept { l.update(from: s, count: n) } else { l.update(repeating: s[0], count: n) }
        }
    }

    /// small += the sum of large's broadcast copies, each element of small accumulating its
    /// copies one by one in the large shape's order (so the rounding is that of the plain loop
    /// over the large shape's elements).
    func sumTo(_ large: UnsafeMutablePointer<Float>, into small: UnsafeMutablePointer<Float>) {
        walk(0, small, large) { s, l, n, kept in
            if kept {
                for i in 0..<n { s[i] += l[i] }
            } else {
                var total = s[0]
                for i in 0..<n { total += l[i] }
                s[0] = total
            }
        }
    }

    /// Calls inner(small, large, length, kept) for every innermost run.
    private func walk(_ r: Int, _ small: UnsafeMutablePointer<Float>, _ large: UnsafeMutablePointer<Float>,
                      _ inner: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>, Int, Bool) -> Void) {
        if r == lengths.count - 1 { return inner(small, large, lengths[r], kept[r]) }
        let ls = largeStrides[r], ss = kept[r] ? smallStrides[r] : 0
        for i in 0..<lengths[r] { walk(r + 1, small + i * ss, large + i * ls, inner) }
    }
}
