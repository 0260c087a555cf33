import CaloSupport
import Foundation

/// Bin edges for a histogram, uniform or logarithmic. Values outside the edges are counted in
/// the first or last bin, so every defined value of both samples enters the comparison.
public struct Binning: Sendable, Codable, Equatable {
    /// Bin edges, increasing; `edges.count - 1` bins.
    public let edges: [Double]
    /// Whether the edges are uniform in log(x) (and the x axis is drawn logarithmic).
    public let isLogarithmic: Bool

    public var binCount: Int { edges.count - 1 }

    /// `bins` equal bins over [lo, hi].
    public static func uniform(lo: Double, hi: Double, bins: Int) -> Binning {
        require(bins > 0 && hi > lo, "Binning.uniform: \(bins) bins over [\(lo), \(hi)]")
        let w = (hi - lo) / Double(bins)
        return Binning(edges: (0...bins).map { lo + Double($0) * w }, isLogarithmic: false)
    }

    /// `bins` bins equal in log(x) over [lo, hi], lo > 0.
    public static func logarithmic(lo: Double, hi: Double, bins: Int) -> Binning {
        require(bins > 0 && hi > lo && lo > 0, "Binning.logarithmic: \(bins) bins over [\(lo), \(hi)]")
        let a = Foundation.log(lo), b = Foundation.log(hi)
        return Binning(edges: (0...bins).map { Foundation.exp(a + (b - a) * Double($0) / Double(bins)) }, isLogarithmic: true)
    }

    /// The bin of x, clamped to the first and last bins; nil for NaN.
    @inlinable
    public func index(of x: Double) -> Int? {
        guard !x.isNaN else { return nil }
        let n = edges.count - 1
        let u: Double
        if isLogarithmic {
            guard x > 0 else { return 0 }
            u = (Foundation.log(x) - Foundation.log(edges[0])) / (Foundation.log(edges[n]) - Foundation.log(edges[0])) * Double(n)
        } else {
            u = (x - edges[0]) / (edges[n] - edges[0]) * Double(n)
        }
        if !(u >= 0) { return 0 }
        if u >= Double(n) { return n - 1 }
        var i = Int(u)
        // Guard against rounding at an edge.
        if i > 0 && x < edges[i] { i -= 1 } else if i < n - 1 && x >= edges[i + 1] { i += 1 }
        return i
    }

    /// Common bins for comparing two samples, chosen from the reference (as in the CaloChallenge):
    /// the range from its 0.05% to 99.95% quantiles (widened to the generated values when the
    /// reference is constant), logarithmic when it is positive and spans more than two decades.
    /// NaN values are ignored. `quantum` (for values that are multiples of a step,
    /// such as a fraction of cells) makes every bin hold the same number of possible values.
    public static func automatic(reference: [Float], generated: [Float], bins: Int,
                                 quantum: Double? = nil, allowLogarithmic: Bool = true) -> Binning {
        var values = reference.filter { !$0.isNaN }
        if values.isEmpty { values = generated.filter { !$0.isNaN } }
        if values.isEmpty { return .uniform(lo: 0, hi: 1, bins: max(1, bins)) }
        values.sort()
        func quantile(_ q: Double) -> Double {
            Double(values[min(values.count - 1, Int(q * Double(values.count - 1)))])
        }
        var lo = quantile(0.0005), hi = quantile(0.9995)
        if hi <= lo {
            // A constant reference: let the generated values set the range, so their spread shows.
            let other = generated.filter { !$0.isNaN }
            if let gl = other.min(), let gh = other.max() {
                lo = Swift.min(lo, Double(gl))
                hi = Swift.max(hi, Double(gh))
            }
        }
        if hi <= lo {
            let pad = Swift.max(Swift.abs(lo) * 0.05, quantum ?? 1e-3)
            lo -= pad
            hi += pad
        }
        if let q = quantum, q > 0 {
            let rawWidth: Double = (hi - lo) / Double(bins)
            let steps: Double = Swift.max(1, (rawWidth / q).rounded(.up))
            let width: Double = steps * q
            let start: Double = ((lo / q).rounded() - 0.5) * q
            let span: Double = (hi - start) / width
            let n = Swift.max(1, Int(span.rounded(.down)) + 1)
            var edges = [Double]()
            for i in 0...n { edges.append(start + Double(i) * width) }
            return Binning(edges: edges, isLogarithmic: false)
        }
        if allowLogarithmic && lo > 0 && hi / lo > 100 {
            return .logarithmic(lo: lo, hi: hi, bins: bins)
        }
        return .uniform(lo: lo, hi: hi, bins: bins)
    }

    /// Bin centres (geometric for logarithmic bins).
    public var centres: [Double] {
        var out = [Double]()
        for i in 0..<binCount {
            let a = edges[i], b = edges[i + 1]
            out.append(isLogarithmic ? (a * b).squareRoot() : 0.5 * (a + b))
        }
        return out
    }
}
