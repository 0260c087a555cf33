@testable import CaloSim

/// The binned chi^2 of a sample mapped to [0, 1) against a density (50 bins, 10^5 draws; the
/// limit is chi^2 at p = 0.001 for 49 degrees of freedom).
enum SamplerChiSquare {
    static let draws = 100_000
    static let bins = 50
    static let limit = 85.35

    static func chiSquare(_ samples: [Double], _ pdf: (Double) -> Double) -> Double {
        var expected = [Double](repeating: 0, count: bins)
        for b in 0..<bins {
            expected[b] = GaussLegendre.integrate(Double(b) / Double(bins), Double(b + 1) / Double(bins), pieces: 4, pdf)
        }
        let total = expected.reduce(0, +)
        var counts = [Double](repeating: 0, count: bins)
        for x in samples { counts[min(bins - 1, max(0, Int(x * Double(bins))))] += 1 }
        var chi2 = 0.0
        for b in 0..<bins {
            let e = expected[b] / total * Double(samples.count)
            if e > 0 { chi2 += (counts[b] - e) * (counts[b] - e) / e }
        }
        return chi2
    }
}
