import CaloSupport
import Foundation

/// The depth of maximum of a mean longitudinal profile from a gamma-density fit near the peak.
///
/// Model (docs/physics.md §14.4; Longo and Sestili): dE/dt = E0 b (b t)^(a-1) e^(-b t) / Gamma(a), so
/// ln(dE/dt) = c + (a - 1) ln t - b t is *linear* in (c, a - 1, b) and t_max = (a - 1)/b.
/// The fit is a weighted linear least-squares fit of ln E_i over the contiguous run of layers
/// around the highest one whose energy is at least `threshold` x the maximum (default 0.3:
/// the peak region, where the gamma form describes a real shower best; the far tail, with its
/// leakage and photon-dominated slope, is left out). Weights are E_i, the inverse relative
/// variance of a bin that fluctuates like a count. Layers are point samples at their centres.
///
/// Choice and check: on an exact gamma profile integrated over 0.385 X0 bins this returns t_max
/// to better than 0.01 X0 (see PhysicsCheckAnalysisTests). Its statistical error comes from
/// bootstrapping the showers (`MeanProfile.peak(replicas:seed:)`).
public struct ProfilePeakFit: Sendable, Equatable, Codable {
    /// Depth of the maximum t_max = (a - 1)/b, X0.
    public let tMax: Double
    /// Gamma shape a and slope b (per X0).
    public let a: Double
    public let b: Double
    /// First and last layer used.
    public let firstLayer: Int
    public let lastLayer: Int

    /// Default fraction of the peak energy that delimits the fitted region.
    public static let defaultThreshold = 0.3

    /// Fits `energies` (per layer, any unit) at `depths` (X0, increasing, > 0).
    /// Returns nil with fewer than 4 layers in the region, or without an interior maximum.
    public init?(energies: [Double], depths: [Double], threshold: Double = ProfilePeakFit.defaultThreshold) {
        require(energies.count == depths.count,
                     "ProfilePeakFit: \(energies.count) energies vs \(depths.count) depths")
        guard let peak = energies.indices.max(by: { energies[$0] < energies[$1] }), energies[peak] > 0 else {
            return nil
        }
        let cut = threshold * energies[peak]
        var lo = peak, hi = peak
        while lo > 0, energies[lo - 1] >= cut, depths[lo - 1] > 0 { lo -= 1 }
        while hi < energies.count - 1, energies[hi + 1] >= cut { hi += 1 }
        guard hi - lo + 1 >= 4 else { return nil }
        var design: [[Double]] = [], values: [Double] = [], weights: [Double] = []
        for i in lo...hi {
            design.append([1, log(depths[i]), depths[i]])
            values.append(log(energies[i]))
            weights.append(energies[i])
        }
        guard let fit = LinearFit(design: design, values: values, weights: weights) else { return nil }
        let am1 = fit.parameters[1], bb = -fit.parameters[2]
        guard bb > 0, am1 > 0 else { return nil }
        tMax = am1 / bb
        a = am1 + 1
        b = bb
        firstLayer = lo
        lastLayer = hi
    }
}

/// The mean longitudinal profile of a sample of showers, with bootstrap errors.
public struct MeanProfile: Sendable {
    /// Per-shower profiles, MeV per layer.
    public let profiles: [[Double]]
    /// Layer depths, X0.
    public let depths: [Double]

    public init(profiles: [[Double]], depths: [Double]) {
        require(!profiles.isEmpty, "MeanProfile: no showers")
        for p in profiles { require(p.count == depths.count, "MeanProfile: \(p.count) layers vs \(depths.count) depths") }
        self.profiles = profiles
        self.depths = depths
    }

    /// Mean energy per layer over the showers `indices` (all when nil), MeV.
    public func mean(over indices: [Int]? = nil) -> [Double] {
        var sum = Array(repeating: 0.0, count: depths.count)
        let idx = indices ?? Array(profiles.indices)
        for i in idx { for l in 0..<depths.count { sum[l] += profiles[i][l] } }
        return sum.map { $0 / Double(idx.count) }
    }

    /// Gamma fit of the mean profile with the bootstrap standard error of t_max.
    public func peak(replicas: Int = 200, seed: UInt64 = 1,
                     threshold: Double = ProfilePeakFit.defaultThreshold) -> (fit: ProfilePeakFit, tMaxError: Double, bError: Double)? {
        guard let fit = ProfilePeakFit(energies: mean(), depths: depths, threshold: threshold) else { return nil }
        guard profiles.count >= 2 else { return (fit, .infinity, .infinity) }
        var bValues = RunningStatistics()
        let result = Bootstrap.standardError(count: profiles.count, replicas: replicas, seed: seed) { idx in
            guard let f = ProfilePeakFit(energies: mean(over: idx), depths: depths, threshold: threshold) else { return nil }
            bValues.add(f.b)
            return f.tMax
        }
        return (fit, result.standardError, bValues.count >= 2 ? bValues.rms : .infinity)
    }
}
