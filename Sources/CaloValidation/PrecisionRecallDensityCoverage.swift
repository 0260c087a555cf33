import CaloSupport
import Foundation

/// Precision, recall, density and coverage of a generated ("fake") sample against a real one
/// (Naeem et al., "Reliable fidelity and diversity metrics for generative models", ICML 2020,
/// arXiv:2002.09797), from exact k-nearest-neighbour balls.
///
/// With R_k(x) the distance from real point x to its k-th nearest other real point (for a fake
/// point, among the other fakes), N real points X and M fake points Y, 1[.] the indicator:
///   precision = 1/M Σ_j 1[∃ i: |Y_j - X_i| < R_k(X_i)]     (fakes inside the real manifold)
///   recall    = 1/N Σ_i 1[∃ j: |X_i - Y_j| < R_k(Y_j)]     (reals inside the fake manifold)
///   density   = 1/(k M) Σ_j Σ_i 1[|Y_j - X_i| < R_k(X_i)]  (how many real balls hold each fake)
///   coverage  = 1/N Σ_i 1[min_j |X_i - Y_j| < R_k(X_i)]    (real balls that hold a fake)
/// For two samples of one distribution E[density] = 1 and E[coverage] is `expectedCoverage`;
/// a generator that drops modes loses recall and coverage (the real points there have no fake
/// near them) while precision and density can stay high.
public struct PrecisionRecallDensityCoverage: Sendable, Codable, Equatable {
    public var precision: Double
    public var recall: Double
    public var density: Double
    public var coverage: Double
    /// Nearest neighbours of the balls.
    public var k: Int
    public var realCount: Int
    public var fakeCount: Int

    /// Per-point tallies behind the four numbers (what the statistical tests read).
    struct Tallies {
        /// For each fake point, how many real balls hold it.
        var ballsHoldingFake: [Int]
        /// For each real point: inside some fake ball (recall), its own ball holds a fake (coverage).
        var realInFakeBall: [Bool]
        var realBallHoldsFake: [Bool]
    }

    init(k: Int, tallies t: Tallies) {
        let m = Double(t.ballsHoldingFake.count), n = Double(t.realInFakeBall.count)
        precision = Double(t.ballsHoldingFake.filter { $0 > 0 }.count) / m
        density = Double(t.ballsHoldingFake.reduce(0, +)) / (Double(k) * m)
        recall = Double(t.realInFakeBall.filter { $0 }.count) / n
        coverage = Double(t.realBallHoldsFake.filter { $0 }.count) / n
        self.k = k
        realCount = t.realInFakeBall.count
        fakeCount = t.ballsHoldingFake.count
    }

    /// The four metrics; both samples need more than k points of one dimension.
    public init(real: PointSet, fake: PointSet, k: Int = 5, threads: Int = Threads.available) {
        self.init(k: k, tallies: Self.tallies(real: real, fake: fake, k: k, threads: threads))
    }

    /// Exact k-NN by blocks of sgemm distances (`NearestNeighbours`), in squared distances.
    static func tallies(real: PointSet, fake: PointSet, k: Int, threads: Int) -> Tallies {
        precondition(real.count > k && fake.count > k, "PRDC: k = \(k) needs more than \(k) points per sample (have \(real.count), \(fake.count))")
        let shift = real.mean
        let x = real.shifted(by: shift), y = fake.shifted(by: shift)
        let realRadii = NearestNeighbours.kthNeighbourSquaredDistances(x, k: k, threads: threads)
        let fakeRadii = NearestNeighbours.kthNeighbourSquaredDistances(y, k: k, threads: threads)
        let m = y.count
        var holding = [Int](repeating: 0, count: m)
        var inFake = [Bool](repeating: false, count: x.count), covered = [Bool](repeating: false, count: x.count)
        let columnChunks = min(m, 8 * max(threads, 1))
        holding.withUnsafeMutableBufferPointer { hb in
            inFake.withUnsafeMutableBufferPointer { ib in
                covered.withUnsafeMutableBufferPointer { cb in
                    let h = SharedPointer(hb.baseAddress!), inside = SharedPointer(ib.baseAddress!), cov = SharedPointer(cb.baseAddress!)
                    NearestNeighbours.forEachBlock(x, y, threads: threads) { rows, d in
                        let dist = SharedPointer(d.baseAddress!)
                        // Per real row: recall and coverage.
                        Threads.parallelFor(rows.count, threads: threads) { r in
                            let i = rows.lowerBound + r, radius = realRadii[i]
                            var nearest = Float.infinity, anyBall = false
                            for j in 0..<m {
                                let v = dist[r * m + j]
                                nearest = min(nearest, v)
                                if v < fakeRadii[j] { anyBall = true }
                            }
                            inside[i] = anyBall
                            cov[i] = nearest < radius
                        }
                        // Per fake column: the real balls of this block that hold it.
                        Threads.parallelFor(columnChunks, threads: threads) { c in
                            for j in (c * m / columnChunks)..<((c + 1) * m / columnChunks) {
                                var count = 0
                                for r in 0..<rows.count where dist[r * m + j] < realRadii[rows.lowerBound + r] { count += 1 }
                                h[j] += count
                            }
                        }
                    }
                }
            }
        }
        return Tallies(ballsHoldingFake: holding, realInFakeBall: inFake, realBallHoldsFake: covered)
    }

    /// Plain reference of `tallies`: every distance summed in Double, radii by sorting.
    static func referenceTallies(real: PointSet, fake: PointSet, k: Int) -> Tallies {
        let realRadii = NearestNeighbours.referenceKthNeighbourSquaredDistances(real, k: k)
        let fakeRadii = NearestNeighbours.referenceKthNeighbourSquaredDistances(fake, k: k)
        var t = Tallies(ballsHoldingFake: Array(repeating: 0, count: fake.count),
                        realInFakeBall: Array(repeating: false, count: real.count),
                        realBallHoldsFake: Array(repeating: false, count: real.count))
        for i in 0..<real.count {
            for j in 0..<fake.count {
                let d = NearestNeighbours.referenceSquaredDistance(real, i, fake, j)
                if d < realRadii[i] { t.ballsHoldingFake[j] += 1; t.realBallHoldsFake[i] = true }
                if d < fakeRadii[j] { t.realInFakeBall[i] = true }
            }
        }
        return t
    }

    /// E[coverage] for N real and M fake points of one continuous distribution (Naeem et al.,
    /// Lemma 2): a real point's ball misses every fake when its k nearest of the N - 1 + M others
    /// are all real, so E = 1 - Π_{i=1..k} (N - i) / (N + M - i); 1 - 2^-k for N = M → ∞.
    public static func expectedCoverage(realCount n: Int, fakeCount m: Int, k: Int) -> Double {
        var p = 1.0
        for i in 1...k { p *= Double(n - i) / Double(n + m - i) }
        return 1 - p
    }
}
