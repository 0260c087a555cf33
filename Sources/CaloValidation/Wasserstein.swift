/// The 1-D Wasserstein-1 (earth mover's) distance of two unbinned samples:
/// W1 = integral |F(x) - G(x)| dx of their empirical distribution functions, in the units of x.
/// Shifting a sample by d changes W1 by exactly |d|.
public enum Wasserstein {
    /// W1 of two samples; NaN values are ignored. NaN when either has no values.
    public static func distance(_ a: [Float], _ b: [Float]) -> Double {
        let x = a.filter { !$0.isNaN }.sorted(), y = b.filter { !$0.isNaN }.sorted()
        return distance(sorted: x, sorted: y)
    }

    /// W1 of two samples already sorted ascending (no NaN).
    public static func distance(sorted x: [Float], sorted y: [Float]) -> Double {
        guard !x.isEmpty, !y.isEmpty else { return .nan }
        let n = Double(x.count), m = Double(y.count)
        var i = 0, j = 0
        var previous = Double(min(x[0], y[0]))
        var w = 0.0
        while i < x.count || j < y.count {
            let next: Double
            if j >= y.count || (i < x.count && x[i] <= y[j]) { next = Double(x[i]) } else { next = Double(y[j]) }
            w += Swift.abs(Double(i) / n - Double(j) / m) * (next - previous)
            previous = next
            while i < x.count && Double(x[i]) == next { i += 1 }
            while j < y.count && Double(y[j]) == next { j += 1 }
        }
        return w
    }
}
