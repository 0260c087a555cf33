import CaloSupport
import Foundation

/// Straggling of the sub-cut continuous energy loss: Urban's model as Geant4
/// `G4UniversalFluctuation::SampleFluctuations` / `SampleGlandz` for e± (docs/physics.md §10;
/// L. Urban et al., NIM A362 (1995) 416). Constants: rate 0.56, fw 4, a0 42, nmaxCont 8,
/// e0 = 10 eV, minimum loss 10 eV.
enum EnergyLossFluctuation {
    static let minLoss = 1e-5
    static let energy0 = 1e-5
    static let rate = 0.56
    static let fw = 4.0
    static let a0 = 42.0
    static let nmaxCont = 8.0

    /// Samples the actual loss (MeV) for a mean loss `meanLoss` over a step, given the delta-ray
    /// cut `cut` and the mean excitation energy `excitation` (both MeV).
    @inline(__always)
    static func sample(meanLoss averageLoss: Double, cut tcut: Double, excitation ipot: Double,
                       rng: inout Philox) -> Double {
        sample(meanLoss: averageLoss, cut: tcut, excitation: ipot, logW1: log(tcut / energy0),
               scaling: min(1 + 0.5e-3 / tcut, 1.5), rng: &rng)
    }

    /// The same, with the cut's constants ln(cut / e0) and min(1 + 0.5 keV / cut, 1.5) given
    /// (precomputed per material for the usual cut; `TransportMaterial`).
    @inline(__always)
    static func sample(meanLoss averageLoss: Double, cut tcut: Double, excitation ipot: Double,
                       logW1: Double, scaling: Double, rng: inout Philox) -> Double {
        if averageLoss < minLoss || tcut <= energy0 { return averageLoss }
        let meanLoss = averageLoss / scaling
        var loss = 0.0
        var a1 = 0.0
        var e1 = ipot
        if tcut > e1 {
            a1 = meanLoss * (1 - rate) / e1
            if a1 < a0 {
                let fwnow = 0.1 + (fw - 0.1) * (a1 / a0).squareRoot()
                a1 /= fwnow
                e1 *= fwnow
            } else {
                a1 /= fw
                e1 *= fw
            }
        }
        let w1 = tcut / energy0
        var a3 = rate * meanLoss * (tcut - energy0) / (energy0 * tcut * logW1)
        if a1 <= 0 { a3 /= rate }

        // Excitation.
        if a1 > 0 {
            if a1 > nmaxCont {
                loss += gaussInRange(mean: a1 * e1, variance: a1 * e1 * e1, rng: &rng)
            } else {
                let p = poisson(a1, rng: &rng)
                if p > 0 { loss += (Double(p + 1) - 2 * rng.uniform32()) * e1 }
            }
        }
        // Ionisation.
        if a3 > 0 {
            var emean = 0.0, sig2e = 0.0
            var p3 = a3
            var alfa = 1.0
            if a3 > nmaxCont {
                alfa = w1 * (nmaxCont + a3) / (w1 * nmaxCont + a3)
                let alfa1 = alfa * log(alfa) / (alfa - 1)
                let namean = a3 * w1 * (alfa - 1) / ((w1 - 1) * alfa)
                emean += namean * energy0 * alfa1
                sig2e += energy0 * energy0 * namean * (alfa - alfa1 * alfa1)
                p3 = a3 - namean
            }
            let w3 = alfa * energy0
            if tcut > w3 {
                let w = (tcut - w3) / tcut
                let n = poisson(p3, rng: &rng)
                for _ in 0..<n { loss += w3 / (1 - w * rng.uniform32()) }
            }
            if sig2e > 0 { loss += gaussInRange(mean: emean, variance: sig2e, rng: &rng) }
        }
        return loss * scaling
    }

    /// G4 `SampleGauss`: a Gaussian truncated to [0, 2 mean], or uniform when sigma >> mean.
    @inline(__always)
    static func gaussInRange(mean: Double, variance: Double, rng: inout Philox) -> Double {
        let sig = variance.squareRoot()
        if mean < 0.25 * sig { return mean + (2 * rng.uniform() - 1) * mean }
        while true {
            let x = mean + sig * gaussian(rng: &rng)
            if x >= 0 && x <= 2 * mean { return x }
        }
    }

    /// A standard normal deviate (Marsaglia's polar method, one of the pair; no trigonometry).
    @inline(__always)
    static func gaussian(rng: inout Philox) -> Double {
        while true {
            let u = 2 * rng.uniform32() - 1, v = 2 * rng.uniform32() - 1
            let s = u * u + v * v
            if s < 1 && s > 0 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// A Poisson deviate: inversion of the cumulative distribution with one uniform up to mean 16,
    /// the Gaussian approximation above (as `G4Poisson`).
    @inline(__always)
    static func poisson(_ mean: Double, rng: inout Philox) -> Int {
        if mean <= 16 {
            let u = rng.uniform32()
            var p = exp(-mean)
            var cumulative = p
            var n = 0
            while u > cumulative && n < 100 {
                n += 1
                p *= mean / Double(n)
                cumulative += p
            }
            return n
        }
        let v = mean + mean.squareRoot() * gaussian(rng: &rng) + 0.5
        return max(0, Int(v))
    }
}
