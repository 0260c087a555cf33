import CaloSupport
import Foundation

/// A second stage for the total response: maps the generator's escaping fraction onto the
/// training data's, quantile by quantile, as a function of incident energy.
///
/// A generated shower of incident energy E whose cells sum to (1 - λ_g) E keeps its cell
/// pattern and is rescaled to (1 - λ) E, with
///
///     z_g = ln(λ_g + λ0) - m_gen(ln E),   λ = exp(Q_ref(F_gen(z_g | E) | E) + m_ref(ln E)) - λ0,
///
/// λ0 = 1e-4, m a quadratic trend in ln E (least squares), F_gen the generator's conditional CDF
/// of z and Q_ref the training data's conditional quantile function. Both are tabulated at the
/// same `probabilities` in equal-count bins of ln E (rows at the bins' median ln E) and
/// interpolated linearly in ln E between rows (the end rows hold outside them); between
/// probabilities the map is piecewise linear, beyond them z keeps its distance to the outermost
/// quantile. Outside the reference's energy range the map of its nearest end applies (trends
/// included), so the generator's own energy dependence carries the extrapolation. The map is
/// monotone: a shower that escapes more than another of the same energy still does. Quantile
/// mapping of one variable per energy; the cell patterns stay the GAN's.
public struct ResponseCalibration: Codable, Sendable, Equatable {
    /// λ0: keeps ln finite for showers that lose nothing (λ = 0 at 1 GeV happens).
    public static let escapeOffset = 1e-4

    /// A quadratic a + b t + c t^2 in t = ln(E/MeV) - centre.
    public struct Trend: Codable, Sendable, Equatable {
        public var centre: Double
        public var coefficients: [Double]

        public func callAsFunction(_ lnE: Double) -> Double {
            let t = lnE - centre
            return coefficients[0] + t * (coefficients[1] + t * coefficients[2])
        }

        /// Least-squares fit of y against x = ln E (normal equations, centred for conditioning).
        public static func fit(lnE: [Double], y: [Double]) -> Trend {
            require(lnE.count == y.count && lnE.count >= 3, "a quadratic trend needs 3 points or more")
            let centre = lnE.reduce(0, +) / Double(lnE.count)
            var equations = NormalEquations(parameterCount: 3)
            for (x, v) in zip(lnE, y) {
                let t = x - centre
                equations.add([1, t, t * t], value: v)
            }
            // A single energy (or two) leaves the curvature undetermined: fit a constant instead.
            if equations[2, 2] * equations[0, 0] - equations[0, 2] * equations[0, 2] <= 1e-12 * equations[0, 0] * equations[0, 0] {
                return Trend(centre: centre, coefficients: [equations.rhs[0] / equations[0, 0], 0, 0])
            }
            return Trend(centre: centre, coefficients: equations.solve())
        }
    }

    /// ln(E/MeV) of the table rows, increasing.
    public var lnEnergyNodes: [Double]
    /// ln(E/MeV) of the reference's lowest and highest energies: the trends' domain.
    public var lnEnergyMinimum: Double
    public var lnEnergyMaximum: Double
    /// The tabulated probabilities, increasing in (0, 1).
    public var probabilities: [Double]
    public var referenceTrend: Trend
    public var generatorTrend: Trend
    /// Quantiles of z, [row][probability].
    public var referenceQuantiles: [[Double]]
    public var generatorQuantiles: [[Double]]
    public var provenance: Provenance

    /// Where a calibration comes from.
    public struct Provenance: Codable, Sendable, Equatable {
        /// The model id of the uncalibrated weights and their FNV-1a fingerprint (hex).
        public var baseModelId: String
        public var weightsFingerprint: String
        /// The showers of the reference side, and how the generated side was made.
        public var referenceData: String
        public var referenceShowers: Int
        public var generatedPerShower: Int
        public var seed: UInt64

        public init(baseModelId: String, weightsFingerprint: String, referenceData: String, referenceShowers: Int,
                    generatedPerShower: Int, seed: UInt64) {
            self.baseModelId = baseModelId
            self.weightsFingerprint = weightsFingerprint
            self.referenceData = referenceData
            self.referenceShowers = referenceShowers
            self.generatedPerShower = generatedPerShower
            self.seed = seed
        }
    }

    public init(lnEnergyNodes: [Double], lnEnergyMinimum: Double, lnEnergyMaximum: Double, probabilities: [Double],
                referenceTrend: Trend, generatorTrend: Trend, referenceQuantiles: [[Double]], generatorQuantiles: [[Double]],
                provenance: Provenance) {
        self.lnEnergyNodes = lnEnergyNodes
        self.lnEnergyMinimum = lnEnergyMinimum
        self.lnEnergyMaximum = lnEnergyMaximum
        self.probabilities = probabilities
        self.referenceTrend = referenceTrend
        self.generatorTrend = generatorTrend
        self.referenceQuantiles = referenceQuantiles
        self.generatorQuantiles = generatorQuantiles
        self.provenance = provenance
    }

    /// The calibrated escaping fraction for a generated shower of `incidentMeV` that escapes
    /// `escape` (λ_g = 1 - sum of cells / E). Result in [0, 1).
    public func calibratedEscape(_ escape: Double, incidentMeV: Double) -> Double {
        let x = min(max(Foundation.log(incidentMeV), lnEnergyMinimum), lnEnergyMaximum)
        let (a, b, w) = row(x)
        let last = probabilities.count - 1
        func gen(_ j: Int) -> Double { (1 - w) * generatorQuantiles[a][j] + w * generatorQuantiles[b][j] }
        func ref(_ j: Int) -> Double { (1 - w) * referenceQuantiles[a][j] + w * referenceQuantiles[b][j] }
        let z = Foundation.log(max(escape, 0) + Self.escapeOffset) - generatorTrend(x)
        let mapped: Double
        if z <= gen(0) {
            mapped = ref(0) + (z - gen(0))
        } else if z >= gen(last) {
            mapped = ref(last) + (z - gen(last))
        } else {
            // The last j with gen(j) <= z (gen is non-decreasing in j).
            var lo = 0, hi = last
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if gen(mid) <= z { lo = mid } else { hi = mid }
            }
            let g0 = gen(lo), g1 = gen(hi)
            let t = g1 > g0 ? (z - g0) / (g1 - g0) : 0
            mapped = ref(lo) + t * (ref(hi) - ref(lo))
        }
        let lambda = Foundation.exp(mapped + referenceTrend(x)) - Self.escapeOffset
        return min(max(lambda, 0), 1 - 1e-9)
    }

    /// The rows around `lnE` and the weight of the upper one.
    private func row(_ lnE: Double) -> (Int, Int, Double) {
        let n = lnEnergyNodes.count
        if lnE <= lnEnergyNodes[0] { return (0, 0, 0) }
        if lnE >= lnEnergyNodes[n - 1] { return (n - 1, n - 1, 0) }
        var lo = 0, hi = n - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if lnEnergyNodes[mid] <= lnE { lo = mid } else { hi = mid }
        }
        return (lo, hi, (lnE - lnEnergyNodes[lo]) / (lnEnergyNodes[hi] - lnEnergyNodes[lo]))
    }

    /// Checks the tables' shapes and order; a hand-edited or damaged model.json fails here.
    public func check() -> String? {
        let m = probabilities.count, n = lnEnergyNodes.count
        guard n >= 1, m >= 2 else { return "response calibration needs at least one row and two probabilities" }
        guard zip(lnEnergyNodes, lnEnergyNodes.dropFirst()).allSatisfy({ $0 < $1 }),
              zip(probabilities, probabilities.dropFirst()).allSatisfy({ $0 < $1 }),
              probabilities.first! > 0, probabilities.last! < 1 else {
            return "response calibration rows or probabilities are not increasing"
        }
        for table in [referenceQuantiles, generatorQuantiles] {
            guard table.count == n, table.allSatisfy({ $0.count == m && $0.allSatisfy(\.isFinite) }),
                  table.allSatisfy({ zip($0, $0.dropFirst()).allSatisfy { $0 <= $1 } }) else {
                return "response calibration tables are not \(n) x \(m) non-decreasing finite numbers"
            }
        }
        guard lnEnergyMinimum <= lnEnergyNodes[0], lnEnergyNodes[n - 1] <= lnEnergyMaximum else {
            return "response calibration rows lie outside its energy range"
        }
        guard referenceTrend.coefficients.count == 3, generatorTrend.coefficients.count == 3 else {
            return "response calibration trends need three coefficients"
        }
        return nil
    }
}
