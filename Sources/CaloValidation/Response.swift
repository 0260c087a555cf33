import CaloSupport
import Foundation

/// Energy response <E_tot/E_inc> and relative resolution sd(E_tot/E_inc)/<E_tot/E_inc> of one
/// bin of incident energy, for both samples, with statistical errors.
public struct ResponseBin: Sendable, Codable {
    /// Bin of incident energy, MeV.
    public var lowMeV: Double
    public var highMeV: Double
    /// Mean incident energy of the reference showers in the bin, MeV.
    public var meanIncidentMeV: Double
    public var referenceCount: Int
    public var generatedCount: Int
    public var referenceResponse: Double
    public var referenceResponseError: Double
    public var generatedResponse: Double
    public var generatedResponseError: Double
    public var referenceResolution: Double
    public var referenceResolutionError: Double
    public var generatedResolution: Double
    public var generatedResolutionError: Double
    /// Core resolution: the interquartile range of E_tot/E_inc over 1.349 (the Gaussian
    /// equivalent) over its median. Insensitive to the rare showers that leak ten times the mean,
    /// which rule the rms of a narrow response.
    public var referenceCoreResolution: Double
    public var generatedCoreResolution: Double
    /// Statistical errors of the core resolutions (`coreResolution`); nil in reports written
    /// before they were computed.
    public var referenceCoreResolutionError: Double?
    public var generatedCoreResolutionError: Double?
    /// generated / reference - 1 of the response.
    public var responseDeviation: Double { generatedResponse / referenceResponse - 1 }
    /// generated / reference - 1 of the resolution.
    public var resolutionDeviation: Double { generatedResolution / referenceResolution - 1 }
    /// generated / reference - 1 of the core resolution.
    public var coreResolutionDeviation: Double { generatedCoreResolution / referenceCoreResolution - 1 }
}

/// A straight-line fit <E_tot> = slope * E_inc + intercept over the energy bins.
public struct Linearity: Sendable, Codable {
    public var slope: Double
    /// MeV.
    public var interceptMeV: Double
    /// Largest |<E_tot> / fit - 1| over the bins.
    public var maxRelativeResidual: Double
}

/// Response, resolution and linearity of both samples versus incident energy.
public struct ResponseComparison: Sendable, Codable {
    public var bins: [ResponseBin]
    public var referenceLinearity: Linearity
    public var generatedLinearity: Linearity

    /// Bins of incident energy: each distinct energy when the reference has at most
    /// `maxDiscreteEnergies` of them, otherwise `bins` bins holding equal numbers of reference showers.
    public static func energyEdges(reference: [Float], generated: [Float], bins: Int = 10,
                                   maxDiscreteEnergies: Int = 20) -> [Double] {
        let all = reference.map(Double.init).sorted()
        guard let first = all.first, let last = all.last else { return [0, 1] }
        let lowest = min(first, generated.map(Double.init).min() ?? first)
        let highest = max(last, generated.map(Double.init).max() ?? last)
        var distinct = [Double]()
        for e in all where distinct.last != e {
            distinct.append(e)
            if distinct.count > maxDiscreteEnergies { break }
        }
        var edges: [Double]
        if distinct.count <= maxDiscreteEnergies {
            edges = [lowest * 0.99]
            for i in 1..<distinct.count { edges.append(0.5 * (distinct[i - 1] + distinct[i])) }
            edges.append(highest * 1.01 + 1e-9)
        } else {
            edges = [lowest]
            for b in 1..<bins { edges.append(all[b * all.count / bins]) }
            edges.append(highest.nextUp)
            edges = edges.reduce(into: [Double]()) { if $0.last != $1 { $0.append($1) } }
        }
        return edges
    }

    public init(reference: ResponseSample, generated: ResponseSample, bins: Int = 10) {
        let edges = Self.energyEdges(reference: reference.incidentMeV, generated: generated.incidentMeV, bins: bins)
        func split(_ s: ResponseSample) -> [[Int]] {
            var groups = Array(repeating: [Int](), count: edges.count - 1)
            for (i, e) in s.incidentMeV.enumerated() {
                let d = Double(e)
                var b = 0
                while b < edges.count - 2 && d >= edges[b + 1] { b += 1 }
                groups[b].append(i)
            }
            return groups
        }
        let ref = split(reference), gen = split(generated)
        var out = [ResponseBin]()
        for b in 0..<edges.count - 1 where !ref[b].isEmpty {
            let r = SampleStatistics(ref[b].map { reference.responses[$0] })
            let g = SampleStatistics(gen[b].map { generated.responses[$0] })
            let meanE = ref[b].reduce(0.0) { $0 + Double(reference.incidentMeV[$1]) } / Double(ref[b].count)
            let (rr, rre) = Self.resolution(r, values: ref[b].map { reference.responses[$0] })
            let (gr, gre) = Self.resolution(g, values: gen[b].map { generated.responses[$0] })
            let rc = Self.coreResolution(ref[b].map { reference.responses[$0] })
            let gc = Self.coreResolution(gen[b].map { generated.responses[$0] })
            out.append(ResponseBin(lowMeV: edges[b], highMeV: edges[b + 1], meanIncidentMeV: meanE,
                                   referenceCount: r.count, generatedCount: g.count,
                                   referenceResponse: r.mean, referenceResponseError: r.meanError,
                                   generatedResponse: g.mean, generatedResponseError: g.meanError,
                                   referenceResolution: rr, referenceResolutionError: rre,
                                   generatedResolution: gr, generatedResolutionError: gre,
                                   referenceCoreResolution: rc.value, generatedCoreResolution: gc.value,
                                   referenceCoreResolutionError: rc.error, generatedCoreResolutionError: gc.error))
        }
        self.bins = out
        referenceLinearity = Self.fit(out.map { ($0.meanIncidentMeV, $0.referenceResponse, $0.referenceResponseError) })
        generatedLinearity = Self.fit(out.map { ($0.meanIncidentMeV, $0.generatedResponse, $0.generatedResponseError) })
    }

    /// Relative resolution sd/mean and its statistical error. The error of the standard
    /// deviation uses the sample's kurtosis k = m4 / m2^2, sd / 2 * sqrt((k - 1) / n), which is
    /// sd / sqrt(2n) for a Gaussian but larger for the leakage tails of real showers; the error
    /// of the mean adds in quadrature. The moments are summed in a second pass about the final
    /// mean (not `RunningStatistics`'s one-pass M4): the report's resolution errors are defined
    /// by this arithmetic.
    static func resolution(_ s: SampleStatistics, values: [Float]) -> (Double, Double) {
        let res = s.standardDeviation / s.mean
        guard s.count > 1, s.standardDeviation > 0 else { return (res, s.count > 1 ? 0 : .nan) }
        var m2 = 0.0, m4 = 0.0
        for v in values where !v.isNaN {
            let d = Double(v) - s.mean
            m2 += d * d
            m4 += d * d * d * d
        }
        let n = Double(s.count)
        let kurtosis = (m4 / n) / ((m2 / n) * (m2 / n))
        let relativeSD = 0.5 * (max(kurtosis - 1, 0) / n).squareRoot()
        return (res, res * (relativeSD * relativeSD + res * res / n).squareRoot())
    }

    /// (q75 - q25) / 1.349 / q50 of the non-NaN values (quantiles by linear interpolation of the
    /// order statistics) and its statistical error; NaN for fewer than 4 values.
    ///
    /// The error is distribution-free: the standard error of a quantile q_p is half the distance
    /// between the order statistics at ranks n p -+ sqrt(n p (1 - p)) (the binomial spread of the
    /// number of values below q_p; David & Nagaraja, Order Statistics, 3rd ed., 10.3), and the
    /// quartiles' asymptotic covariance p1 (1 - p3) / (n f1 f3) is, in terms of those errors,
    /// s1 s3 / 3, so var(IQR) = s1^2 + s3^2 - 2 s1 s3 / 3. For a Gaussian that is
    /// 1.17 / sqrt(n) of the core resolution. The median's own error (its relative size is the
    /// resolution itself, per mille here) is left out.
    static func coreResolution(_ values: [Float]) -> (value: Double, error: Double) {
        let v = values.filter { !$0.isNaN }.map(Double.init).sorted()
        guard v.count >= 4 else { return (.nan, .nan) }
        let n = Double(v.count), median = Quantile.ofSorted(v, 0.5)
        let q25 = Quantile.ofSorted(v, 0.25), q75 = Quantile.ofSorted(v, 0.75)
        func standardError(_ p: Double) -> Double {
            let d = (n * p * (1 - p)).squareRoot() / (n - 1)
            return (Quantile.ofSorted(v, min(1, p + d)) - Quantile.ofSorted(v, max(0, p - d))) / 2
        }
        let s1 = standardError(0.25), s3 = standardError(0.75)
        let iqrError = max(0, s1 * s1 + s3 * s3 - 2 * s1 * s3 / 3).squareRoot()
        return ((q75 - q25) / 1.349 / median, iqrError / 1.349 / median)
    }

    /// Weighted least-squares line through (E_inc, response * E_inc) with errors error * E_inc.
    static func fit(_ points: [(Double, Double, Double)]) -> Linearity {
        let p = points.filter { $0.1.isFinite }
        guard p.count >= 2 else {
            let r = p.first?.1 ?? .nan
            return Linearity(slope: r, interceptMeV: 0, maxRelativeResidual: 0)
        }
        var line = NormalEquations(parameterCount: 2)
        for (e, r, err) in p {
            let s = err * e
            line.add([1, e], value: r * e, weight: s > 0 && s.isFinite ? 1 / (s * s) : 1)
        }
        let solution = line.determinant != 0 ? line.solve() : [.nan, .nan]
        let slope = solution[1], intercept = solution[0]
        let worst = p.map { abs($0.1 * $0.0 / (slope * $0.0 + intercept) - 1) }.max() ?? 0
        return Linearity(slope: slope, interceptMeV: intercept, maxRelativeResidual: worst)
    }
}

/// The per-shower inputs of the response: incident energy (MeV) and E_tot/E_inc.
public struct ResponseSample: Sendable {
    public var incidentMeV: [Float]
    public var responses: [Float]
    public init(incidentMeV: [Float], responses: [Float]) {
        require(incidentMeV.count == responses.count, "ResponseSample: \(incidentMeV.count) vs \(responses.count)")
        self.incidentMeV = incidentMeV
        self.responses = responses
    }
}
