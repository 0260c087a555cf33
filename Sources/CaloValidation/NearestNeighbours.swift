import CaloSupport
import CaloTensor

/// Points in a Euclidean feature space: `values` [count, dimension], row-major.
public struct PointSet: Sendable {
    public var values: [Float]
    public var count: Int
    public var dimension: Int

    public init(values: [Float], dimension: Int) {
        precondition(dimension > 0 && values.count % dimension == 0, "PointSet: \(values.count) values are not rows of \(dimension)")
        self.values = values
        self.dimension = dimension
        self.count = values.count / dimension
    }

    /// The rows in `range`.
    public func rows(_ range: Range<Int>) -> PointSet {
        PointSet(values: Array(values[(range.lowerBound * dimension)..<(range.upperBound * dimension)]), dimension: dimension)
    }

    /// The same points moved by -`shift` ([dimension]); distances are unchanged, but the squared
    /// norms of `|x|^2 + |y|^2 - 2 x.y` get small, which keeps the float cancellation small.
    func shifted(by shift: [Double]) -> PointSet {
        var v = values
        for i in 0..<count {
            for c in 0..<dimension { v[i * dimension + c] -= Float(shift[c]) }
        }
        return PointSet(values: v, dimension: dimension)
    }

    /// The mean row, [dimension].
    var mean: [Double] {
        var m = [Double](repeating: 0, count: dimension)
        for i in 0..<count {
            for c in 0..<dimension { m[c] += Double(values[i * dimension + c]) }
        }
        return m.map { $0 / Double(max(count, 1)) }
    }
}

/// Exact (brute-force) nearest-neighbour distances between point sets, by blocks of squared
/// distances d²(x_i, y_j) = |x_i|² + |y_j|² - 2 x_i · y_j, the cross term one matrix product
/// (sgemm through CaloTensor) per block of rows. Everything is in squared distances: the order,
/// and so every k-NN comparison, is that of the distances.
enum NearestNeighbours {
    /// Rows of `x` per block: the block of distances is rows x y.count floats.
    static let blockRows = 256

    /// Calls `body(rows, distances)` for consecutive blocks of rows of `x`, `distances` the
    /// squared distances [rows.count, y.count] of those rows to every row of `y` (row-major,
    /// clamped at 0). Blocks run one after the other; `body` may parallelise within a block.
    static func forEachBlock(_ x: PointSet, _ y: PointSet, threads: Int, body: (Range<Int>, UnsafeBufferPointer<Float>) -> Void) {
        precondition(x.dimension == y.dimension, "NearestNeighbours: dimensions \(x.dimension) and \(y.dimension)")
        let d = x.dimension
        let yTensor = Tensor(shape: [y.count, d], scalars: y.values)
        let yNorms = squaredNorms(y)
        let xNorms = squaredNorms(x)
        var start = 0
        while start < x.count {
            let rows = start..<min(x.count, start + blockRows)
            let block = Tensor(shape: [rows.count, d], scalars: Array(x.values[(rows.lowerBound * d)..<(rows.upperBound * d)]))
            var product = matmul(block, yTensor, transposeB: true)
            let n = y.count
            product.withUnsafeMutableBufferPointer { buffer in
                let p = SharedPointer(buffer.baseAddress!), first = rows.lowerBound
                Threads.parallelFor(rows.count, threads: threads) { r in
                    let xn = xNorms[first + r]
                    for j in 0..<n { p[r * n + j] = max(0, xn + yNorms[j] - 2 * p[r * n + j]) }
                }
            }
            product.withUnsafeBufferPointer { body(rows, $0) }
            start = rows.upperBound
        }
    }

    static func squaredNorms(_ p: PointSet) -> [Float] {
        (0..<p.count).map { i in
            var s: Float = 0
            for c in 0..<p.dimension { let v = p.values[i * p.dimension + c]; s += v * v }
            return s
        }
    }

    /// Squared distance of each row of `x` to its k-th nearest other row (the row itself left
    /// out), [x.count]. Requires k < x.count.
    static func kthNeighbourSquaredDistances(_ x: PointSet, k: Int, threads: Int) -> [Float] {
        precondition(k >= 1 && k < x.count, "k-NN: k = \(k) needs more than \(k) points (have \(x.count))")
        var result = [Float](repeating: 0, count: x.count)
        let n = x.count
        result.withUnsafeMutableBufferPointer { out in
            let o = SharedPointer(out.baseAddress!)
            forEachBlock(x, x, threads: threads) { rows, d in
                let dist = SharedPointer(d.baseAddress!)
                Threads.parallelFor(rows.count, threads: threads) { r in
                    let i = rows.lowerBound + r
                    o[i] = kthSmallest(k: k, count: n, skipping: i) { dist[r * n + $0] }
                }
            }
        }
        return result
    }

    /// The k-th smallest of `value(j)` for j in 0..<count, j != skipping (k small: an insertion list).
    @inline(__always)
    static func kthSmallest(k: Int, count: Int, skipping: Int, value: (Int) -> Float) -> Float {
        var best = [Float](repeating: .infinity, count: k)
        for j in 0..<count where j != skipping {
            let v = value(j)
            guard v < best[k - 1] else { continue }
            var p = k - 1
            while p > 0 && best[p - 1] > v { best[p] = best[p - 1]; p -= 1 }
            best[p] = v
        }
        return best[k - 1]
    }

    /// Plain reference of `kthNeighbourSquaredDistances`: every distance summed in Double.
    static func referenceKthNeighbourSquaredDistances(_ x: PointSet, k: Int) -> [Double] {
        (0..<x.count).map { i in
            var others = [Double]()
            for j in 0..<x.count where j != i { others.append(referenceSquaredDistance(x, i, x, j)) }
            return others.sorted()[k - 1]
        }
    }

    static func referenceSquaredDistance(_ x: PointSet, _ i: Int, _ y: PointSet, _ j: Int) -> Double {
        var s = 0.0
        for c in 0..<x.dimension {
            let t = Double(x.values[i * x.dimension + c]) - Double(y.values[j * y.dimension + c])
            s += t * t
        }
        return s
    }
}
