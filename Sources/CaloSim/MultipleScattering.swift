import CaloSupport
import Foundation

/// Elastic scattering of e± by the mixed (class-II) Wentzel scheme (docs/physics.md §11): collisions
/// with angular deflection w = 1 - cos(theta) above a cut w_c are simulated one by one from the
/// screened-Rutherford (Wentzel) cross-section with Moliere screening; the soft ones between them
/// are lumped into one deflection with the exact first moment <w> = 1 - exp(-s/lambda1_soft),
/// applied at a random hinge point of the step. The cut is chosen so that the hard mean free path
/// is a fixed fraction of the transport mean free path lambda1 (or the elastic mean free path
/// when that is longer), which makes the lateral spread independent of the step size.
enum MultipleScattering {
    /// One element of a material, as the elastic cross-sections need it.
    struct Term: Sendable {
        /// Atoms per mm^3.
        let density: Double
        let z: Double
        /// Thomas-Fermi radius, mm.
        let screeningRadius: Double
    }

    /// Kinematic factors at kinetic energy T: (pc)^2 in MeV^2, beta^2, and
    /// 2 pi r_e^2 (mc^2/(beta p c))^2 in mm^2.
    @inline(__always)
    static func kinematics(_ t: Double) -> (p2: Double, beta2: Double, prefactor: Double) {
        let mc2 = PhysicsConstants.electronMass
        let p2 = t * (t + 2 * mc2)
        let e = t + mc2
        let beta2 = p2 / (e * e)
        let re = PhysicsConstants.classicalElectronRadius
        let k2 = mc2 * mc2 / (beta2 * p2)
        return (p2, beta2, 2 * Double.pi * re * re * k2)
    }

    /// Moliere screening parameter A = (hbar/(2 p a_TF))^2 (1.13 + 3.76 (alpha Z/beta)^2)
    /// (capped at Z/beta^2, as G4 `G4WentzelOKandVIxSection`).
    @inline(__always)
    static func screening(_ term: Term, p2: Double, beta2: Double) -> Double {
        let hb = PhysicsConstants.hbarC / (2 * term.screeningRadius)
        let az = PhysicsConstants.alpha * term.z
        let factor = min(term.z / beta2, 1.13 + 3.76 * az * az / beta2)
        return hb * hb / p2 * factor
    }

    /// Per-material moments at kinetic energy T for hard-path fraction `hardFraction`:
    /// the hard collision rate (1/mm), the soft transport rate 1/lambda1_soft (1/mm), the cut w_c,
    /// and the total transport rate 1/lambda1 (1/mm).
    static func moments(_ terms: [Term], kineticEnergy t: Double, hardFraction: Double)
        -> (hardRate: Double, softTransportRate: Double, cut: Double, transportRate: Double) {
        let (p2, beta2, pre) = kinematics(t)
        let screens = terms.map { screening($0, p2: p2, beta2: beta2) }
        var elasticRate = 0.0, transportRate = 0.0
        for (j, term) in terms.enumerated() {
            let a = screens[j]
            let c = term.density * pre * term.z * (term.z + 1)
            elasticRate += c * 0.5 / (a * (1 + a))
            transportRate += c * (log((1 + a) / a) - 1 / (1 + a))
        }
        let targetHard = min(elasticRate, transportRate / hardFraction)
        func hard(_ wc: Double) -> Double {
            var h = 0.0
            for (j, term) in terms.enumerated() {
                let a = screens[j]
                h += term.density * pre * term.z * (term.z + 1) * (1 / (wc + 2 * a) - 1 / (2 + 2 * a))
            }
            return h
        }
        var wc = 0.0
        if targetHard < elasticRate * (1 - 1e-12) {
            var lo = 1e-14, hi = 2.0
            for _ in 0..<100 {
                let mid = (lo * hi).squareRoot()
                if hard(mid) > targetHard { lo = mid } else { hi = mid }
            }
            wc = (lo * hi).squareRoot()
        }
        var softRate = 0.0
        if wc > 0 {
            for (j, term) in terms.enumerated() {
                let a = screens[j]
                let c = term.density * pre * term.z * (term.z + 1)
                softRate += c * (log((wc + 2 * a) / (2 * a)) + 2 * a / (wc + 2 * a) - 1)
            }
        }
        return (hard(wc), max(softRate, 0), wc, transportRate)
    }

    /// Samples cos(theta) of one hard collision (w > w_c) at kinetic energy T: the element by its
    /// share of the hard rate, then w by exact inversion of the Wentzel distribution.
    @inline(__always)
    static func sampleHardCosTheta(_ terms: [Term], kineticEnergy t: Double, cut wc: Double, rng: inout Philox) -> Double {
        let (p2, beta2, _) = kinematics(t)
        var a = screening(terms[0], p2: p2, beta2: beta2)
        if terms.count > 1 {
            var total = 0.0
            for term in terms {
                let s = screening(term, p2: p2, beta2: beta2)
                total += term.density * term.z * (term.z + 1) * (1 / (wc + 2 * s) - 1 / (2 + 2 * s))
            }
            var r = rng.uniform() * total
            for term in terms {
                let s = screening(term, p2: p2, beta2: beta2)
                a = s
                r -= term.density * term.z * (term.z + 1) * (1 / (wc + 2 * s) - 1 / (2 + 2 * s))
                if r <= 0 { break }
            }
        }
        let inverseCut = 1 / (wc + 2 * a)
        let inverse = inverseCut - rng.uniform() * (inverseCut - 1 / (2 + 2 * a))
        let w = smaller(2, larger(0, 1 / inverse - 2 * a))
        return 1 - w
    }

    /// Samples cos(theta) of the lumped soft deflection with mean <w> = meanW from
    /// p(w) ~ exp(-w/a) on [0, 2], with a such that the mean is <w>: the 2-D Gaussian of the
    /// small-angle limit (theta^2 exponential, mean 2<w>) that goes over smoothly into isotropy
    /// as <w> -> 1 (docs/physics.md §11: first moment exact).
    @inline(__always)
    static func sampleSoftCosTheta(meanW: Double, rng: inout Philox) -> Double {
        sampleSoftCosTheta(meanW: meanW, table: softTable, norm: softNorm, rng: &rng)
    }

    /// The same with `softTable` and `softNorm` passed in (the transport holds them, so that its
    /// loop does not go through the lazy globals' accessors on every step).
    @inline(__always)
    static func sampleSoftCosTheta(meanW: Double, table softTable: [Double], norm softNorm: [Double],
                                   rng: inout Philox) -> Double {
        SoftDeflection(meanW: meanW, table: softTable, norm: softNorm).sampleCosTheta(rng: &rng)
    }

    /// The soft-deflection distribution of one mean <w>, with its table look-up done once, for
    /// several deflections of the same mean (the hinges of one step).
    struct SoftDeflection {
        /// <w>; and a, 1 - exp(-2/a) of p(w) ~ exp(-w/a) on [0, 2], when read from the table.
        let meanW: Double
        let a: Double
        let norm: Double

        @inline(__always)
        init(meanW: Double, table softTable: [Double], norm softNorm: [Double]) {
            self.meanW = meanW
            if meanW >= softTableMin && meanW < softTableMax {
                let u = (meanW - softTableMin) / (softTableMax - softTableMin) * Double(softTableSize - 1)
                let i = min(Int(u), softTableSize - 2)
                let f = u - Double(i)
                a = softTable[i] + f * (softTable[i + 1] - softTable[i])
                norm = softNorm[i] + f * (softNorm[i + 1] - softNorm[i])
            } else {
                a = 0
                norm = 0
            }
        }

        /// One cos(theta): none for <w> <= 0, isotropic from softTableMax on, the untruncated
        /// exponential (rejecting w > 2) below softTableMin, else the tabulated truncated one.
        @inline(__always)
        func sampleCosTheta(rng: inout Philox) -> Double {
            if meanW <= 0 { return 1 }
            if meanW >= softTableMax { return 2 * rng.uniform() - 1 }
            if meanW < softTableMin {
                while true {
                    let w = -meanW * log(rng.uniform())
                    if w <= 2 { return 1 - w }
                }
            }
            let w = -a * log(1 - rng.uniform() * norm)
            return 1 - smaller(2, w)
        }
    }

    /// 1 - exp(-2/a) on the same grid (the truncation of the exponential to w <= 2).
    static let softNorm: [Double] = softTable.map { -expm1(-2 / $0) }

    static let softTableMin = 0.02
    /// Number of grid points of `softTable` and `softNorm`.
    static let softTableSize = 1001
    static let softTableMax = 0.995

    /// a(<w>) on an even grid of <w> in [softTableMin, softTableMax]: the root of
    /// a - 2/(exp(2/a) - 1) = <w>.
    static let softTable: [Double] = (0..<softTableSize).map { k in
        let m = softTableMin + (softTableMax - softTableMin) * Double(k) / Double(softTableSize - 1)
        var lo = m * 0.5, hi = 1e4
        for _ in 0..<200 {
            let a = 0.5 * (lo + hi)
            let mean = a - 2 / expm1(2 / a)
            if mean < m { lo = a } else { hi = a }
        }
        return 0.5 * (lo + hi)
    }
}
