@testable import CaloSim
import CaloDetector
import CaloSupport
import Foundation
import XCTest

/// Every sampler against its differential cross-section (docs/physics.md §16): a chi^2 test on 50 bins
/// (p > 0.001, i.e. chi^2 < 85.4 for 49 degrees of freedom) with 10^5 draws, and the published means.
final class SamplerTests: XCTestCase {
    static let draws = SamplerChiSquare.draws

    private let lead = ElementConstants(Material.table["Pb"]!.components[0].element)

    /// chi^2 of `samples` (already mapped to [0, 1)) against the density `pdf` on [0, 1].
    private func chiSquare(_ samples: [Double], _ pdf: (Double) -> Double) -> Double {
        SamplerChiSquare.chiSquare(samples, pdf)
    }

    private func assertChi2(_ chi2: Double, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertLessThan(chi2, SamplerChiSquare.limit, "\(what): chi2 = \(chi2) for 49 dof", file: file, line: line)
    }

    // MARK: Compton

    func testComptonMeansAndShape() {
        var rng = Philox(seed: 11, stream: 0)
        for (e, want) in [(0.1, 0.8620), (1.0, 0.5600), (10.0, 0.3164)] {
            var sum = 0.0, sum2 = 0.0
            var samples: [Double] = []
            let k = e / PhysicsConstants.electronMass
            let eps0 = 1 / (1 + 2 * k)
            for _ in 0..<SamplerTests.draws {
                let eps = Compton.sample(photonEnergy: e, rng: &rng).epsilon
                sum += eps; sum2 += eps * eps
                samples.append((eps - eps0) / (1 - eps0))
            }
            let n = Double(SamplerTests.draws), mean = sum / n, rms = (sum2 / n - mean * mean).squareRoot()
            XCTAssertLessThan(abs(mean / want - 1), 0.003, "Compton <E'/E> at \(e) MeV: \(mean) vs \(want)")
            XCTAssertLessThan(abs(mean - want) * n.squareRoot() / rms, 5, "Compton pull at \(e) MeV")
            // Klein-Nishina: dsigma/deps ~ (1/eps + eps)(1 - eps sin^2/(1 + eps^2)).
            assertChi2(chiSquare(samples) { x in
                let eps = eps0 + x * (1 - eps0)
                let t = (1 - eps) / (eps * k)
                return (1 / eps + eps) * (1 - eps * t * (2 - t) / (1 + eps * eps))
            }, "Compton \(e) MeV")
        }
    }

    // MARK: Pair production

    /// Bethe-Heitler DCS with screening (docs/physics.md §5), in epsilon.
    private func pairDCS(_ eps: Double, energy: Double) -> Double {
        let eps0 = PhysicsConstants.electronMass / energy
        let delta = 136 / lead.zThird * eps0 / (eps * (1 - eps))
        let phi1: Double, phi2: Double
        if delta <= 1.4 {
            phi1 = 20.806 - delta * (3.190 - 0.5710 * delta)
            phi2 = 20.234 - delta * (2.126 - 0.0903 * delta)
        } else {
            phi1 = 21.0190 - 4.145 * log(delta + 0.958)
            phi2 = phi1
        }
        let fc = energy > 50 ? lead.coulomb : 0
        let v = (eps * eps + (1 - eps) * (1 - eps)) * (phi1 / 4 - lead.lnZ / 3 - fc)
            + 2.0 / 3 * eps * (1 - eps) * (phi2 / 4 - lead.lnZ / 3 - fc)
        return max(v, 0)
    }

    func testPairMeansAndShape() {
        var rng = Philox(seed: 12, stream: 0)
        let cases: [(Double, Double, Double)] = [(10, 0.2998, 0.047), (1000, 0.2382, 0.221), (100_000, 0.2318, 0.242)]
        for (e, meanWant, lowWant) in cases {
            var sum = 0.0, low = 0.0
            var samples: [Double] = []
            let eps0 = PhysicsConstants.electronMass / e
            for _ in 0..<SamplerTests.draws {
                let eps = PairProduction.sampleEpsilon(lead, photonEnergy: e, rng: &rng)
                let folded = min(eps, 1 - eps)
                sum += folded
                if folded < 0.1 { low += 1 }
                samples.append((eps - eps0) / (1 - 2 * eps0))
            }
            let n = Double(SamplerTests.draws)
            XCTAssertLessThan(abs(sum / n / meanWant - 1), 0.005, "pair <eps> at \(e) MeV: \(sum / n) vs \(meanWant)")
            XCTAssertLessThan(abs(low / n - lowWant), 0.005, "pair P(eps<0.1) at \(e) MeV: \(low / n) vs \(lowWant)")
            assertChi2(chiSquare(samples) { x in self.pairDCS(eps0 + x * (1 - 2 * eps0), energy: e) }, "pair \(e) MeV")
        }
    }

    // MARK: Bremsstrahlung

    /// k dsigma/dk per lead atom, mm^2, written out independently of `Bremsstrahlung`: Tsai's
    /// screened Bethe-Heitler cross-section in its original arrangement (Y.-S. Tsai, Rev. Mod.
    /// Phys. 46 (1974) 815, eq. 3.9, with the screening-function fits of his eqs. 3.38-3.41 as
    /// Geant4's `G4eBremsstrahlungRelModel::ComputeScreeningFunctions` codes them),
    ///
    ///     dsigma/dk = (alpha r_e^2 / k) { (4/3 - 4/3 y + y^2) [Z^2 (phi1 - 4/3 ln Z - 4 f) + Z (psi1 - 8/3 ln Z)]
    ///                                    + 2/3 (1 - y) [Z^2 (phi1 - phi2) + Z (psi1 - psi2)] },
    ///
    /// y = k/E, gamma = 100 mc^2 k / (E E' Z^(1/3)), epsilon = 100 mc^2 k / (E E' Z^(2/3)), E' = E - k;
    /// the Coulomb correction f (Davies-Bethe-Maximon) above E = 50 MeV only; times the dielectric
    /// suppression k^2 / (k^2 + k_p^2), k_p = (E / mc^2) hbar omega_p. Where the fits drive the
    /// braces negative (y -> 1 at high E) the cross-section is 0. Constants: CODATA 2018.
    private func tsaiKTimesDCSLead(k: Double, kineticEnergy t: Double, plasmaEnergy: Double) -> Double {
        let z = 82.0, lnZ = log(82.0)
        let mc2 = 0.51099895, alpha = 1 / 137.035999084, re = 2.8179403262e-12  // MeV, -, mm
        let e = t + mc2, ePrime = e - k, y = k / e
        let gamma = 100 * mc2 * k / (e * ePrime * cbrt(z))
        let epsilon = 100 * mc2 * k / (e * ePrime * cbrt(z * z))
        let phi1 = 16.863 - 2 * log(1 + 0.311877 * gamma * gamma) + 2.4 * exp(-0.9 * gamma) + 1.6 * exp(-1.5 * gamma)
        let phi2 = phi1 - 2 / (3 + 19.5 * gamma + 18 * gamma * gamma)
        let psi1 = 24.34 - 2 * log(1 + 13.111641 * epsilon * epsilon) + 2.8 * exp(-8 * epsilon) + 1.2 * exp(-29.2 * epsilon)
        let psi2 = psi1 - 2 / (3 + 120 * epsilon + 1200 * epsilon * epsilon)
        let f = e > 50 ? daviesBetheMaximon(z: z) : 0
        let braces = (4.0 / 3 - 4.0 / 3 * y + y * y) * (z * z * (phi1 - 4.0 / 3 * lnZ - 4 * f) + z * (psi1 - 8.0 / 3 * lnZ))
            + 2.0 / 3 * (1 - y) * (z * z * (phi1 - phi2) + z * (psi1 - psi2))
        let kp = e / mc2 * plasmaEnergy
        return alpha * re * re * max(braces, 0) * k * k / (k * k + kp * kp)
    }

    /// Coulomb correction f(Z) = a^2 [1/(1 + a^2) + 0.20206 - 0.0369 a^2 + 0.0083 a^4 - 0.002 a^6],
    /// a = alpha Z (Davies, Bethe, Maximon, Phys. Rev. 93 (1954) 788).
    private func daviesBetheMaximon(z: Double) -> Double {
        let a2 = (z / 137.035999084) * (z / 137.035999084)
        return a2 * (1 / (1 + a2) + 0.20206 - 0.0369 * a2 + 0.0083 * a2 * a2 - 0.002 * a2 * a2 * a2)
    }

    /// `Bremsstrahlung.kTimesDCS` for lead against Tsai's formula written out above, point by point
    /// (absolute, not only its shape), on both sides of the 50 MeV Coulomb-correction threshold.
    func testBremsstrahlungDCSMatchesTsai() {
        // f(Pb) against its tabulated value, 0.3316.
        XCTAssertEqual(daviesBetheMaximon(z: 82), 0.3316, accuracy: 1e-4)
        let plasma = Material.table["Pb"]!.plasmaEnergyEV * 1e-6
        for t in [1.0, 5.0, 40.0, 60.0, 1000.0, 50_000.0] {
            let kc = 1e-3
            let scale = tsaiKTimesDCSLead(k: kc, kineticEnergy: t, plasmaEnergy: plasma)
            XCTAssertGreaterThan(scale, 0)
            for i in 0...40 {
                let k = exp(log(kc) + Double(i) / 40 * (log(t) - log(kc)))
                let want = tsaiKTimesDCSLead(k: k, kineticEnergy: t, plasmaEnergy: plasma)
                let got = Bremsstrahlung.kTimesDCS(lead, k: k, kineticEnergy: t, plasmaEnergy: plasma)
                XCTAssertLessThan(abs(got - want), 1e-9 * max(abs(want), 1e-3 * scale),
                                  "k dsigma/dk Pb, T = \(t) MeV, k = \(k) MeV: \(got) vs Tsai \(want) mm^2")
            }
        }
    }

    /// The photon-energy sampler against Tsai's screened DCS (the test's own, above): chi^2 in ln k.
    func testBremsstrahlungShape() {
        var rng = Philox(seed: 13, stream: 0)
        let plasma = Material.table["Pb"]!.plasmaEnergyEV * 1e-6
        for t in [5.0, 1000.0, 50_000.0] {
            let kc = 0.0947
            let a = log(kc), b = log(t)
            var samples: [Double] = []
            for _ in 0..<SamplerTests.draws {
                let k = Bremsstrahlung.sampleEnergy(lead, kineticEnergy: t, kCut: kc, plasmaEnergy: plasma, rng: &rng)
                samples.append((log(k) - a) / (b - a))
            }
            // In ln k the density is k dsigma/dk.
            assertChi2(chiSquare(samples) { x in
                self.tsaiKTimesDCSLead(k: exp(a + x * (b - a)), kineticEnergy: t, plasmaEnergy: plasma)
            }, "bremsstrahlung T = \(t) MeV")
        }
    }

    // MARK: Moller and Bhabha

    func testMollerShape() {
        var rng = Philox(seed: 14, stream: 0)
        let cut = 1.0
        for t in [3.0, 100.0] {
            let gam = t / PhysicsConstants.electronMass + 1
            let xmin = cut / t, xmax = 0.5
            var samples: [Double] = []
            for _ in 0..<SamplerTests.draws {
                let x = Ionisation.sampleDeltaEnergy(kineticEnergy: t, cut: cut, positron: false, rng: &rng) / t
                samples.append((1 / xmin - 1 / x) / (1 / xmin - 1 / xmax))
            }
            // Textbook Moller DCS in eps = x; mapped variable v = (1/xmin - 1/x)/(1/xmin - 1/xmax),
            // dx/dv = x^2 (1/xmin - 1/xmax).
            assertChi2(chiSquare(samples) { v in
                let x = 1 / (1 / xmin - v * (1 / xmin - 1 / xmax))
                let f = 1 / (x * x) + 1 / ((1 - x) * (1 - x)) + ((gam - 1) / gam) * ((gam - 1) / gam)
                    - (2 * gam - 1) / (gam * gam) / (x * (1 - x))
                return f * x * x
            }, "Moller T = \(t) MeV")
        }
    }

    func testBhabhaShape() {
        var rng = Philox(seed: 15, stream: 0)
        let cut = 1.0
        for t in [3.0, 100.0] {
            let gam = t / PhysicsConstants.electronMass + 1
            let beta2 = 1 - 1 / (gam * gam)
            let y = 1 / (1 + gam), y12 = 1 - 2 * y
            let b1 = 2 - y * y, b2 = y12 * (3 + y * y), b4 = y12 * y12 * y12, b3 = b4 + y12 * y12
            let xmin = cut / t, xmax = 1.0
            var samples: [Double] = []
            for _ in 0..<SamplerTests.draws {
                let x = Ionisation.sampleDeltaEnergy(kineticEnergy: t, cut: cut, positron: true, rng: &rng) / t
                samples.append((1 / xmin - 1 / x) / (1 / xmin - 1 / xmax))
            }
            // Bhabha: dsigma/dx ~ (1/x^2)[1/beta^2 - b1 x + b2 x^2 - b3 x^3 + b4 x^4].
            assertChi2(chiSquare(samples) { v in
                let x = 1 / (1 / xmin - v * (1 / xmin - 1 / xmax))
                return 1 / beta2 - b1 * x + b2 * x * x - b3 * x * x * x + b4 * x * x * x * x
            }, "Bhabha T = \(t) MeV")
        }
    }

    // MARK: Annihilation

    func testAnnihilationShapeAndKinematics() {
        var rng = Philox(seed: 16, stream: 0)
        for t in [1.0, 100.0] {
            let tau = t / PhysicsConstants.electronMass, g = tau + 1
            let root = (tau / (tau + 2)).squareRoot()
            let emin = 0.5 - 0.5 * root, emax = 0.5 + 0.5 * root
            var samples: [Double] = []
            for _ in 0..<SamplerTests.draws {
                let (eps, cost) = Annihilation.sampleInFlight(kineticEnergy: t, rng: &rng)
                XCTAssert(cost >= -1 && cost <= 1)
                samples.append(log(eps / emin) / log(emax / emin))
            }
            // Heitler: dsigma/deps ~ (1/eps)(1 - eps + (2 g eps - 1)/(eps (tau + 2)^2)) + (eps <-> 1 - eps) symmetric
            // form sampled per photon; in ln eps the density is eps dsigma/deps.
            assertChi2(chiSquare(samples) { x in
                let eps = emin * pow(emax / emin, x)
                return 1 - eps + (2 * g * eps - 1) / (eps * (tau + 2) * (tau + 2))
            }, "annihilation T = \(t) MeV")
        }
        // Heitler's total cross-section tends to pi r_e^2 (ln 2 gamma - 1)/gamma at high energy.
        let g = 1 + 1000 / PhysicsConstants.electronMass
        let re = PhysicsConstants.classicalElectronRadius
        let asymptote = Double.pi * re * re * (log(2 * g) - 1) / g
        XCTAssertEqual(Annihilation.crossSectionPerElectron(kineticEnergy: 1000) / asymptote, 1, accuracy: 0.01)
    }

    // MARK: Elastic scattering

    func testHardElasticShape() {
        var rng = Philox(seed: 17, stream: 0)
        let terms = [MultipleScattering.Term(density: 0.033, z: 82, screeningRadius: lead.thomasFermiRadius)]
        for t in [0.5, 20.0] {
            let (p2, beta2, _) = MultipleScattering.kinematics(t)
            let a = MultipleScattering.screening(terms[0], p2: p2, beta2: beta2)
            let wc = 100 * a
            var samples: [Double] = []
            for _ in 0..<SamplerTests.draws {
                let w = 1 - MultipleScattering.sampleHardCosTheta(terms, kineticEnergy: t, cut: wc, rng: &rng)
                XCTAssert(w >= wc * (1 - 1e-9) && w <= 2)
                samples.append(log(w / wc) / log(2 / wc))
            }
            // Wentzel: dsigma/dw ~ 1/(w + 2A)^2; in ln w the density is w/(w + 2A)^2.
            assertChi2(chiSquare(samples) { x in
                let w = wc * pow(2 / wc, x)
                return w / ((w + 2 * a) * (w + 2 * a))
            }, "Wentzel hard T = \(t) MeV")
        }
    }

    func testSoftDeflectionFirstMoment() {
        var rng = Philox(seed: 18, stream: 0)
        for meanW in [0.005, 0.1, 0.4, 0.8] {
            var sum = 0.0, sum2 = 0.0
            let n = SamplerTests.draws
            for _ in 0..<n {
                let w = 1 - MultipleScattering.sampleSoftCosTheta(meanW: meanW, rng: &rng)
                sum += w; sum2 += w * w
            }
            let mean = sum / Double(n), rms = (sum2 / Double(n) - mean * mean).squareRoot()
            XCTAssertLessThan(abs(mean - meanW) * Double(n).squareRoot() / rms, 4, "soft <w> \(mean) vs \(meanW)")
        }
    }

    /// The trigonometry-free azimuth: unit vectors, phi uniform on [0, 2 pi) (chi^2), and no
    /// correlation of cos phi with sin phi or of successive azimuths beyond statistics.
    func testAzimuthUniform() {
        var rng = Philox(seed: 21, stream: 0)
        let n = SamplerTests.draws
        var phis: [Double] = []
        var previous = 0.0, sumCS = 0.0, sumLag = 0.0
        for _ in 0..<n {
            let (c, s) = Azimuth.sample(rng: &rng)
            XCTAssertEqual(c * c + s * s, 1, accuracy: 8 * .ulpOfOne)
            let phi = atan2(s, c)
            phis.append((phi < 0 ? phi + 2 * Double.pi : phi) / (2 * Double.pi))
            sumCS += c * s
            sumLag += c * previous
            previous = c
        }
        assertChi2(chiSquare(phis) { _ in 1 }, "azimuth")
        // E[cos sin] = 0 with rms 1/(2 sqrt 2); E[cos_i cos_i-1] = 0 with rms 1/2.
        XCTAssertLessThan(abs(sumCS / Double(n)) * Double(n).squareRoot() * 2 * 2.0.squareRoot(), 4)
        XCTAssertLessThan(abs(sumLag / Double(n)) * Double(n).squareRoot() * 2, 4)
    }

    func testModifiedTsaiTypicalAngle() {
        // theta ~ u mc^2 / E: <u> = (0.25 * 1.6 + 0.75 * 1.6/3) * 2 = 1.6 for the gamma(2) mixture.
        var rng = Philox(seed: 19, stream: 0)
        let t = 1000.0
        let uMax = 2 * (1 + t / PhysicsConstants.electronMass)
        var sum = 0.0
        let n = SamplerTests.draws
        for _ in 0..<n {
            let c = ModifiedTsai.sampleCosTheta(kineticEnergy: t, rng: &rng)
            sum += (0.5 * (1 - c)).squareRoot() * uMax
        }
        XCTAssertEqual(sum / Double(n), 1.6, accuracy: 0.02)
    }

    func testEnergyLossFluctuationMean() {
        var rng = Philox(seed: 20, stream: 0)
        for (mean, cut) in [(0.01, 0.274), (0.5, 0.274), (0.003, 1.0), (300.0, 500.0), (20.0, 500.0)] {
            var sum = 0.0, sum2 = 0.0
            let n = SamplerTests.draws
            for _ in 0..<n {
                let x = EnergyLossFluctuation.sample(meanLoss: mean, cut: cut, excitation: 188e-6, rng: &rng)
                sum += x; sum2 += x * x
            }
            let m = sum / Double(n), rms = (sum2 / Double(n) - m * m).squareRoot()
            XCTAssertLessThan(abs(m - mean) * Double(n).squareRoot() / rms, 4, "Urban fluctuation mean \(m) vs \(mean)")
            XCTAssertLessThan(abs(m / mean - 1), 0.02)
        }
    }
}
