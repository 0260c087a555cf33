/// A histogram of one sample of an observable: counts per bin with Poisson errors.
public struct Histogram: Sendable, Codable, Equatable {
    public let binning: Binning
    /// Entries per bin.
    public var counts: [Double]
    /// Values filled (NaN values excluded).
    public var entries: Int
    /// NaN values skipped (the observable was undefined for that shower).
    public var undefined: Int

    public init(binning: Binning) {
        self.binning = binning
        counts = Array(repeating: 0, count: binning.binCount)
        entries = 0
        undefined = 0
    }

    /// Fills every value of `values`; values outside the edges go to the first or last bin.
    public init(binning: Binning, values: [Float]) {
        self.init(binning: binning)
        for v in values { fill(Double(v)) }
    }

    public mutating func fill(_ x: Double) {
        if let i = binning.index(of: x) {
            counts[i] += 1
            entries += 1
        } else {
            undefined += 1
        }
    }

    /// Probability per bin, counts / entries (sums to 1); zeros for an empty histogram.
    public var probabilities: [Double] {
        let n = Double(entries)
        return counts.map { n > 0 ? $0 / n : 0 }
    }

    /// Statistical error of each probability, sqrt(counts) / entries.
    public var probabilityErrors: [Double] {
        let n = Double(entries)
        return counts.map { n > 0 ? $0.squareRoot() / n : 0 }
    }

    /// Probability density per unit of x (probability / bin width), for plots.
    public var densities: [Double] {
        let p = probabilities
        return (0..<p.count).map { p[$0] / (binning.edges[$0 + 1] - binning.edges[$0]) }
    }

    /// Error of each density.
    public var densityErrors: [Double] {
        let e = probabilityErrors
        return (0..<e.count).map { e[$0] / (binning.edges[$0 + 1] - binning.edges[$0]) }
    }
}
