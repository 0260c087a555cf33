import CaloSupport
import Foundation

/// Straggling of the sub-cut continuous energy loss: Urban's model as Geant4
/// `G4UniversalFluctuation::SampleFluctuations` / `SampleGlandz` for e± (docs/physics.md §10;
/// L. Urban et al., NIM A362 (1995) 416). Constants: rate 0.56, fw 4, a0 42, nmaxCont 8,
/// e0 = 10 eV, minimum loss 10 eV. Gaussian deviates come from the ziggurat (`ZigguratNormal`, whose
/// table the caller passes: the transport holds a copy, so its loop does not go through the lazy
/// global's accessor on every step).
enum EnergyLossFluctuation {
    static let minLoss = 1e-5
    static let energy0 = 1e-5
    static let rate = 0.56
    static let fw = 4.0
    static let a0 = 42.0
    static let nmaxCont = 8.0
    /// ln(1 MeV / e0) and ln(0.5 MeV / e0): ln(cut / e0) for a cut of T or T/2 given ln(T / MeV).
    static let logInverseEnergy0 = 11.512925464970229
    static let logHalfInverseEnergy0 = 10.819778284410283

    /// The constants of the model at one delta-ray cut and excitation energy, with every division
    /// by them turned into a product (precomputed per material for the usual cut:
    /// `TransportMaterial`).
    struct Constants: Sendable {
        /// The delta-ray cut T_c and the mean excitation energy I, MeV.
        let cut: Double
        let excitation: Double
        /// w1 = T_c / e0 and 1 / T_c (1/MeV).
        let w1: Double
        let inverseCut: Double
        /// The loss scaling s = min(1 + 0.5 keV / T_c, 1.5) and 1 / s.
        let scaling: Double
        let inverseScaling: Double
        /// a1 per MeV of (scaled) mean loss, (1 - rate) / I, and a3 per MeV,
        /// rate (T_c - e0) / (e0 T_c ln(T_c / e0)).
        let excitationRate: Double
        let ionisationRate: Double

        /// The constants for cut `cut` and excitation energy `excitation` (MeV), with
        /// ln(cut / e0) given as `logW1` (the caller may have it for free).
        @inline(__always)
        init(cut: Double, excitation: Double, logW1: Double) {
            self.init(cut: cut, excitation: excitation, excitationRate: (1 - rate) / excitation, logW1: logW1)
        }

        @inline(__always)
        init(cut: Double, excitation: Double) {
            self.init(cut: cut, excitation: excitation, logW1: log(cut / energy0))
        }

        @inline(__always)
        private init(cut: Double, excitation: Double, excitationRate: Double, logW1: Double) {
            self.cut = cut
            self.excitation = excitation
            self.excitationRate = excitationRate
            inverseCut = 1 / cut
            w1 = cut * (1 / energy0)
            scaling = min(1 + 0.5e-3 / cut, 1.5)
            inverseScaling = 1 / scaling
            ionisationRate = rate * (cut - energy0) * inverseCut / (energy0 * logW1)
        }

        /// The same material's constants at another cut (T or T/2 below the usual one), with
        /// ln(cut / e0) given: the excitation terms are reused.
        @inline(__always)
        func at(cut: Double, logW1: Double) -> Constants {
            Constants(cut: cut, excitation: excitation, excitationRate: excitationRate, logW1: logW1)
        }
    }

    /// Samples the actual loss (MeV) for a mean loss `meanLoss` over a step, given the delta-ray
    /// cut `cut` and the mean excitation energy `excitation` (both MeV).
    @inline(__always)
    static func sample(meanLoss averageLoss: Double, cut tcut: Double, excitation ipot: Double,
                       normal: [Double] = ZigguratNormal.table, rng: inout Philox) -> Double {
        sample(meanLoss: averageLoss, Constants(cut: tcut, excitation: ipot), normal: normal, rng: &rng)
    }

    /// The same with the model's constants for the cut given.
    @inline(__always)
    static func sample(meanLoss averageLoss: Double, _ c: Constants, normal: [Double],
                       rng: inout Philox) -> Double {
        let tcut = c.cut, ipot = c.excitation
        if averageLoss < minLoss || tcut <= energy0 { return averageLoss }
        let meanLoss = averageLoss * c.inverseScaling
        var loss = 0.0
        var a1 = 0.0
        var e1 = ipot
        if tcut > e1 {
            a1 = meanLoss * c.excitationRate
            if a1 < a0 {
                let fwnow = 0.1 + (fw - 0.1) * (a1 * (1 / a0)).squareRoot()
                a1 /= fwnow
                e1 *= fwnow
            } else {
                a1 *= 1 / fw
                e1 *= fw
            }
        }
        let w1 = c.w1
        var a3 = meanLoss * c.ionisationRate
        if a1 <= 0 { a3 *= 1 / rate }

        // Excitation.
        if a1 > 0 {
            if a1 > nmaxCont {
                loss += gaussInRange(mean: a1 * e1, variance: a1 * e1 * e1, normal: normal, rng: &rng)
            } else {
                let p = poisson(a1, normal: normal, rng: &rng)
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
                let w = 1 - w3 * c.inverseCut
                let n = poisson(p3, normal: normal, rng: &rng)
                for _ in 0..<n { loss += w3 / (1 - w * rng.uniform32()) }
            }
            if sig2e > 0 { loss += gaussInRange(mean: emean, variance: sig2e, normal: normal, rng: &rng) }
        }
        return loss * c.scaling
    }

    /// G4 `SampleGauss`: a Gaussian truncated to [0, 2 mean], or uniform when sigma >> mean.
    @inline(__always)
    static func gaussInRange(mean: Double, variance: Double, normal: [Double], rng: inout Philox) -> Double {
        let sig = variance.squareRoot()
        if mean < 0.25 * sig { return mean + (2 * rng.uniform() - 1) * mean }
        while true {
            let x = mean + sig * ZigguratNormal.sample(table: normal, rng: &rng)
            if x >= 0 && x <= 2 * mean { return x }
        }
    }

    /// A standard normal deviate by Marsaglia's polar method (one of the pair; no trigonometry): the
    /// plain reference of `ZigguratNormal.sample`.
    static func polarGaussian(rng: inout Philox) -> Double {
        while true {
            let u = 2 * rng.uniform32() - 1, v = 2 * rng.uniform32() - 1
            let s = u * u + v * v
            if s < 1 && s > 0 { return u * (-2 * log(s) / s).squareRoot() }
        }
    }

    /// A Poisson deviate: inversion of the cumulative distribution with one uniform up to mean 16,
    /// the Gaussian approximation above (as `G4Poisson`).
    @inline(__always)
    static func poisson(_ mean: Double, normal: [Double], rng: inout Philox) -> Int {
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
        let v = mean + mean.squareRoot() * ZigguratNormal.sample(table: normal, rng: &rng) + 0.5
        return max(0, Int(v))
    }
}
