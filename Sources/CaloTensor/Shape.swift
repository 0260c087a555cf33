import CaloSupport

/// Shape arithmetic shared by the ops: element counts, broadcasting, axis normalisation.
enum Shape {
    /// Elements in a tensor of shape `s` (1 for rank 0).
    @inline(__always)
    static func count(_ s: [Int]) -> Int {
        var n = 1
        for d in s { n *= d }
        return n
    }

    /// NumPy broadcasting of two shapes; a `require` names both when they do not fit.
    static func broadcast(_ a: [Int], _ b: [Int], _ op: String) -> [Int] {
        if a == b { return a }
        let r = max(a.count, b.count)
        var out = [Int](repeating: 1, count: r)
        for i in 0..<r {
            let da = i < r - a.count ? 1 : a[i - (r - a.count)]
            let db = i < r - b.count ? 1 : b[i - (r - b.count)]
            require(da == db || da == 1 || db == 1, "\(op): shapes \(a) and \(b) do not broadcast")
            out[i] = da == 1 ? db : da
        }
        return out
    }

    /// An axis in 0..<rank from a possibly negative index.
    static func axis(_ axis: Int, rank: Int, _ op: String) -> Int {
        let a = axis < 0 ? axis + rank : axis
        require(a >= 0 && a < rank, "\(op): axis \(axis) out of range for rank \(rank)")
        return a
    }

    /// (outer, length, inner) sizes around `axis` of a row-major shape.
    static func split(_ s: [Int], axis: Int) -> (outer: Int, length: Int, inner: Int) {
        (count(Array(s[..<axis])), s[axis], count(Array(s[(axis + 1)...])))
    }

    /// Row-major strides of `s`, with stride 0 on the size-1 axes of `s` padded to `rank`
    /// (how a broadcast input is read).
    static func broadcastStrides(_ s: [Int], rank: Int) -> [Int] {
        let padded = [Int](repeating: 1, count: rank - s.count) + s
        var strides = [Int](repeating: 0, count: rank)
        var step = 1
        for i in stride(from: rank - 1, through: 0, by: -1) {
            strides[i] = padded[i] == 1 ? 0 : step
            step *= padded[i]
        }
        return strides
    }
}

/// How an input of a binary op is laid against the output; the fast paths avoid any index math.
enum Broadcast: Equatable {
    /// Same shape as the output.
    case same
    /// One element.
    case scalar
    /// The output's last axis (length n), repeated over rows.
    case row(Int)
    /// One value per output row of length n.
    case column(Int)
    /// Anything else: read through broadcast strides.
    case general

    /// How `input` maps onto `output` (input must broadcast to output).
    static func of(_ input: [Int], to output: [Int]) -> Broadcast {
        if input == output { return .same }
        let n = Shape.count(input)
        if n == 1 { return .scalar }
        guard let last = output.last, last > 0 else { return .general }
        let padded = [Int](repeating: 1, count: output.count - input.count) + input
        if n == last && padded.last == last { return .row(last) }
        if padded.last == 1 && Array(padded.dropLast()) == Array(output.dropLast()) { return .column(last) }
        return .general
    }
}
