@testable import CaloSim
import CaloSupport
import Foundation
import CaloDetector
import XCTest

/// The fast paths of the stepping loop against their plain references: the ziggurat normal
/// against the normal distribution and the polar method, the division-free rotation against
/// exact geometry, and the precomputed Urban-model constants against the formulas.
final class FastKernelTests: XCTestCase {
    /// Phi(x), the standard normal distribution function.
    private func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// The layers close: the top one ends at f = 1 (x_256 = 0), and every layer has the area v.
    func testZigguratTableCloses() {
        let t = ZigguratNormal.table
        let f = { (x: Double) in exp(-0.5 * x * x) }
        let r = ZigguratNormal.r
        let v = r * f(r) + (Double.pi / 2).squareRoot() * erfc(r / 2.0.squareRoot())
        let x255 = t[4 * 255]
        XCTAssertEqual(v / x255 + f(x255), 1, accuracy: 1e-9, "the top layer reaches the density's peak")
        for i in 1..<255 {
            let area = t[4 * i] * (t[4 * i + 3] - t[4 * i + 2])
            XCTAssertEqual(area, v, accuracy: 1e-12, "layer \(i)")
            XCTAssertEqual(t[4 * i + 1], t[4 * (i + 1)], "layer edges shared")
        }
    }

    /// Phi(X) is uniform (chi^2 on 50 bins, 10^5 draws), the mean and variance are 0 and 1 and the
    /// share beyond the tail start r, 2 (1 - Phi(r)) = 2.6e-4, agrees within 4 sigma in 10^6 draws;
    /// the polar reference passes the same binned test.
    func testZigguratIsStandardNormal() {
        var rng = Philox(seed: 31, stream: 0)
        let table = ZigguratNormal.table
        let n = SamplerChiSquare.draws
        var u: [Double] = [], reference: [Double] = []
        for _ in 0..<n { u.append(phi(ZigguratNormal.sample(table: table, rng: &rng))) }
        for _ in 0..<n { reference.append(phi(EnergyLossFluctuation.polarGaussian(rng: &rng))) }
        let chi2 = SamplerChiSquare.chiSquare(u) { _ in 1 }
        XCTAssertLessThan(chi2, SamplerChiSquare.limit, "ziggurat: chi2 = \(chi2)")
        XCTAssertLessThan(SamplerChiSquare.chiSquare(reference) { _ in 1 }, SamplerChiSquare.limit, "polar")

        let big = 1_000_000
        var sum = 0.0, sum2 = 0.0, sum4 = 0.0, tail = 0
        for _ in 0..<big {
            let x = ZigguratNormal.sample(table: table, rng: &rng)
            sum += x; sum2 += x * x; sum4 += x * x * x * x
            if abs(x) > ZigguratNormal.r { tail += 1 }
        }
        let m = Double(big)
        XCTAssertLessThan(abs(sum / m) * m.squareRoot(), 4, "mean \(sum / m)")
        // Var(x^2) = 2 for a standard normal; E[x^4] = 3 with Var(x^4) = 96.
        XCTAssertLessThan(abs(sum2 / m - 1) * (m / 2).squareRoot(), 4, "variance \(sum2 / m)")
        XCTAssertLessThan(abs(sum4 / m - 3) * (m / 96).squareRoot(), 4, "fourth moment \(sum4 / m)")
        let expected = 2 * (1 - phi(ZigguratNormal.r)) * m
        XCTAssertLessThan(abs(Double(tail) - expected) / expected.squareRoot(), 4,
                          "tail beyond r: \(tail) vs \(expected)")
    }

    /// A rotation by (theta, phi) keeps the vector a unit vector (the Newton step, no normalising
    /// division) and turns it by exactly theta; a million rotations in a row do not drift.
    func testRotationKeepsUnitLengthAndAngle() {
        var rng = Philox(seed: 32, stream: 0)
        var d = Direction(0.3, -0.4, (1 - 0.25).squareRoot())
        for i in 0..<1_000_000 {
            let cost = 2 * rng.uniform() - 1
            let next = d.rotated(cosTheta: cost, azimuth: Azimuth.sample(rng: &rng))
            let dot = d.x * next.x + d.y * next.y + d.z * next.z
            if i % 1000 == 0 { XCTAssertEqual(dot, cost, accuracy: 1e-12, "angle of rotation \(i)") }
            d = next
        }
        XCTAssertEqual(d.x * d.x + d.y * d.y + d.z * d.z, 1, accuracy: 1e-14, "unit length after 10^6 rotations")
        let along = Direction(0, 0, -1).rotated(cosTheta: 0.5, azimuth: (1, 0))
        XCTAssertEqual(along.z, -0.5, accuracy: 1e-15, "the polar special case")
    }

    /// The precomputed constants give the formulas' values, and ln(T_c / e0) for T_c = T and T/2
    /// follows from ln T.
    func testFluctuationConstants() {
        let e0 = EnergyLossFluctuation.energy0
        XCTAssertEqual(EnergyLossFluctuation.logInverseEnergy0, log(1 / e0), accuracy: 1e-14)
        XCTAssertEqual(EnergyLossFluctuation.logHalfInverseEnergy0, log(0.5 / e0), accuracy: 1e-14)
        for (cut, ipot) in [(0.274, 188e-6), (1.0, 823e-6), (0.3, 173e-6)] {
            let c = EnergyLossFluctuation.Constants(cut: cut, excitation: ipot)
            let logW1 = log(cut / e0)
            XCTAssertEqual(c.ionisationRate, 0.56 * (cut - e0) / (e0 * cut * logW1), accuracy: 1e-12 * c.ionisationRate)
            XCTAssertEqual(c.excitationRate, 0.44 / ipot, accuracy: 1e-12 * c.excitationRate)
            XCTAssertEqual(c.scaling, min(1 + 0.5e-3 / cut, 1.5))
            XCTAssertEqual(c.inverseScaling * c.scaling, 1, accuracy: 1e-15)
        }
    }

    /// The step end that a slowing-down-integral inversion hands to the transport is the point
    /// where the range has dropped by the step: the same grid location (to rounding) as locating
    /// range - length in the range table, as the transport did before it reused it.
    func testPathLengthEndIsWhereTheRangeDropsByTheStep() throws {
        let lead = Material.table["Pb"]!
        let tables = try MaterialTables(materials: [lead], configuration: SimulationConfiguration())
        let grid = tables.grid
        var rng = Philox(seed: 33, stream: 0)
        var checked = 0
        for _ in 0..<2_000 {
            let t = exp(log(0.01) + rng.uniform() * log(1e4))   // 10 keV to 100 MeV
            let loc = grid.locate(t)
            let range = tables.range[0].value(0, loc)
            let soft0 = tables.softIntegral[0].value(0, loc)
            let target = soft0 * rng.uniform()
            guard let (length, at) = MaterialTables.pathLength(
                toValue: target, table: tables.softIntegral[0], rangeTable: tables.range[0], range: range,
                limit: range, material: 0, below: loc.index) else { continue }
            let located = MaterialTables.locate(value: range - length, table: tables.range[0], material: 0,
                                                below: loc.index)
            let e1 = MaterialTables.energy(at: at, grid: grid), e2 = MaterialTables.energy(at: located, grid: grid)
            XCTAssertEqual(e1, e2, accuracy: 1e-9 * t, "T = \(t) MeV, step \(length) mm")
            XCTAssertEqual(tables.softIntegral[0].value(0, at), target, accuracy: 1e-9 * soft0)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 1_000)
    }

    /// The tabulated azimuth is (cos, sin) of 2 pi (w + 1/2) / 2^32 for its word w, to 1e-15; the
    /// rejection reference passes the same uniformity test (`SamplerTests.testAzimuthUniform`
    /// covers the fast path).
    func testTabulatedAzimuthIsTheWordsAngle() {
        var rng = Philox(seed: 34, stream: 0)
        for _ in 0..<100_000 {
            var copy = rng
            let w = copy.next32()
            let (c, s) = Azimuth.sample(rng: &rng)
            let phi = 2 * Double.pi * (Double(w >> 22) / 1024 + (Double(w & 0x3F_FFFF) + 0.5) * 0x1p-32)
            XCTAssertEqual(c, cos(phi), accuracy: 1e-15)
            XCTAssertEqual(s, sin(phi), accuracy: 1e-15)
        }
        var phis: [Double] = []
        for _ in 0..<SamplerChiSquare.draws {
            let (c, s) = Azimuth.sampleByRejection(rng: &rng)
            let phi = atan2(s, c)
            phis.append((phi < 0 ? phi + 2 * Double.pi : phi) / (2 * Double.pi))
        }
        XCTAssertLessThan(SamplerChiSquare.chiSquare(phis) { _ in 1 }, SamplerChiSquare.limit, "rejection reference")
    }
}
