import CaloApp
import CaloDetector
import CaloSim
import CaloSupport
import Foundation
import XCTest

/// What each shower of a run draws (species, energy, direction, impact point), from its own
/// streams, and how the user's text becomes a mixture, with its refusals.
final class ConditionSpectrumTests: XCTestCase {
    private func assertRefused(_ body: @autoclosure () throws -> Any, _ message: String,
                               file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) {
            XCTAssertTrue("\($0)".contains(message), "'\($0)' lacks '\(message)'", file: file, line: line)
        }
    }

    func testParticleMixturesFromText() throws {
        XCTAssertEqual(try ParticleMixture(parsing: "e-"), .single(.electron))
        XCTAssertEqual(try ParticleMixture(parsing: "photon"), .single(.photon))
        let equal = try ParticleMixture(parsing: "e-,e+,gamma")
        XCTAssertEqual(equal.particles, [.electron, .positron, .photon])
        XCTAssertEqual(equal.weights, [1, 1, 1])
        let weighted = try ParticleMixture(parsing: " electron : 2 , 22")
        XCTAssertEqual(weighted.particles, [.electron, .photon])
        XCTAssertEqual(weighted.weights, [2, 1])
        XCTAssertEqual(weighted.description, "e-:2,gamma:1")
        XCTAssertEqual(weighted.names, "e-,gamma")
        XCTAssertEqual(try ParticleMixture(parsing: "e+:0.25,gamma:0.75").weighted, "e+:0.25,gamma:0.75")
        XCTAssertEqual(ParticleMixture.single(.positron).weighted, "e+:1")
        assertRefused(try ParticleMixture(parsing: "muon"), "unknown particle 'muon' (use e-, e+ or gamma")
        assertRefused(try ParticleMixture(parsing: "e-,,gamma"), "unknown particle ''")
        assertRefused(try ParticleMixture(parsing: "e-:2:3"), "unknown particle 'e-:2:3'")
        assertRefused(try ParticleMixture(parsing: "e-,e-"), "names e- twice")
        for bad in ["0", "-1", "inf", "nan"] {
            assertRefused(try ParticleMixture(parsing: "e-:\(bad),gamma"), "the weight of e- must be a positive number")
        }
        assertRefused(try ParticleMixture(parsing: "e-:two"), "the weight of e- must be a positive number (got 'two')")
    }

    func testArrivalRequests() throws {
        var r = ArrivalRequest()
        XCTAssertEqual(try r.spectrum(), .normalAtCentre)
        r.angleDegrees = 30
        r.phiDegrees = 180
        r.impactMM = "1,-2"
        var s = try r.spectrum()
        XCTAssertEqual(s.thetaRadians, (30 * Double.pi / 180)...(30 * Double.pi / 180))
        XCTAssertEqual(s.phiRadians, Double.pi...Double.pi)
        XCTAssertEqual(s.impactXMM, 1...1)
        XCTAssertTrue(s.isFixed)
        r = ArrivalRequest()
        r.thetaRangeDegrees = "0:30"
        r.phiRangeDegrees = "-180:180"
        r.impactRangeMM = "-20:20, -10:5"
        s = try r.spectrum()
        XCTAssertEqual(s.phiRadians, -Double.pi...Double.pi)
        XCTAssertEqual(s.impactYMM, -10...5)
        XCTAssertEqual(s.thetaShape, .cosine)
        XCTAssertFalse(s.isFixed)
        XCTAssertEqual(s.metadata["theta_spectrum"], "uniform in cos theta 0-30 deg")
        XCTAssertEqual(s.metadata["impact_range_mm"], "-20.0:20.0,-10.0:5.0")
        XCTAssertEqual(ArrivalSpectrum.ThetaShape(name: "COS"), .cosine)
        XCTAssertNil(ArrivalSpectrum.ThetaShape(name: "gauss"))

        let calogan = try Geometry.resolve("calogan")  // cells over 480 x 480 mm of its 1000 x 1000 mm face
        XCTAssertTrue(calogan.impactHalfSizeMM == (240, 240))
        XCTAssertTrue(try Geometry.resolve("par04-ds2").impactHalfSizeMM == (1000, 1000), "a polar mesh follows the entry point")
        XCTAssertNoThrow(try s.check(geometry: calogan))
        func refused(_ edit: (inout ArrivalRequest) -> Void, _ message: String, line: UInt = #line) {
            var b = ArrivalRequest()
            edit(&b)
            XCTAssertThrowsError(try b.spectrum().check(geometry: calogan), line: line) {
                XCTAssertTrue("\($0)".contains(message), "'\($0)' lacks '\(message)'", line: line)
            }
        }
        refused({ $0.angleDegrees = 5; $0.thetaRangeDegrees = "0:10" }, "give either --angle or --theta-range, not both")
        refused({ $0.phiDegrees = 5; $0.phiRangeDegrees = "0:10" }, "give either --phi or --phi-range, not both")
        refused({ $0.impactMM = "0,0"; $0.impactRangeMM = "0:1,0:1" }, "give either --impact or --impact-range, not both")
        refused({ $0.thetaRangeDegrees = "30:10" }, "--theta-range: low end 30.0 is above high end 10.0")
        refused({ $0.phiRangeDegrees = "90" }, "--phi-range must be LOW:HIGH in degrees, e.g. -180:180 (got '90')")
        refused({ $0.impactRangeMM = "-20:20" }, "--impact-range must be X0:X1,Y0:Y1 in mm")
        refused({ $0.impactRangeMM = "5:-5,0:0" }, "--impact-range (x): low end 5.0 is above high end -5.0")
        refused({ $0.angleDegrees = 90 }, "theta must be from 0 to below 90 degrees (got 90)")
        refused({ $0.angleDegrees = -10 }, "(got -10); tilt towards -x with phi = 180 degrees")
        refused({ $0.thetaRangeDegrees = "10:95" }, "(got 10 to 95)")
        refused({ $0.phiDegrees = 190 }, "azimuth phi must be within -180 to 180 degrees (got 190)")
        refused({ $0.phiRangeDegrees = "-181:0" }, "(got -181 to 0)")
        refused({ $0.impactMM = "240,0" }, "impact point (240.0, 0.0) mm is outside the readout of 'calogan': |x| < 240.0 and |y| < 240.0 mm")
        refused({ $0.impactRangeMM = "-20:20,-300:0" }, "impact point (-20.0, -300.0) mm is outside")
        refused({ $0.angleDegrees = .nan }, "--angle must be a finite number of degrees")
    }

    /// Shower i's draw depends on (seed, i) only, fixes what is fixed, and leaves a quantity's
    /// draw unchanged when another is fixed or varied.
    func testDrawsPerShower() throws {
        let mixture = try ParticleMixture(parsing: "e-,gamma")
        var arrival = ArrivalSpectrum(thetaRadians: 0...0.5, phiRadians: -1...1, impactXMM: -5...5, impactYMM: 2...2)
        let spectrum = ConditionSpectrum(particles: mixture, energy: .uniform(lowMeV: 1000, highMeV: 2000), arrival: arrival)
        let p = spectrum.primary(seed: 7, index: 41)
        XCTAssertEqual(spectrum.primary(seed: 7, index: 41), p, "the same (seed, index), the same draw")
        XCTAssertNotEqual(spectrum.primary(seed: 7, index: 42), p)
        XCTAssertNotEqual(spectrum.primary(seed: 8, index: 41), p)
        XCTAssertEqual(p.kineticEnergyMeV, EnergySpectrum.uniform(lowMeV: 1000, highMeV: 2000).energyMeV(seed: 7, index: 41),
                       "the energy is drawn as for a run of one species")
        XCTAssertEqual(p.yMM, 2)
        XCTAssertTrue((0...0.5).contains(p.thetaRadians) && (-1...1).contains(p.phiRadians) && (-5...5).contains(p.xMM))
        arrival.phiRadians = 0.3...0.3
        let fixedPhi = ConditionSpectrum(particles: mixture, energy: spectrum.energy, arrival: arrival).primary(seed: 7, index: 41)
        XCTAssertEqual(fixedPhi.phiRadians, 0.3)
        XCTAssertEqual([fixedPhi.particle == p.particle, fixedPhi.thetaRadians == p.thetaRadians, fixedPhi.xMM == p.xMM], [true, true, true])

        // One species at a fixed arrival: the fixed values, and nothing else drawn.
        let fixed = ConditionSpectrum(particles: .single(.positron), energy: .fixed(MeV: 500),
                                      arrival: ArrivalSpectrum(thetaRadians: 0.2...0.2, phiRadians: 1...1, impactXMM: 3...3, impactYMM: -4...(-4)))
        XCTAssertEqual(fixed.primary(seed: 1, index: 9),
                       Primary(particle: .positron, kineticEnergyMeV: 500, xMM: 3, yMM: -4, thetaRadians: 0.2, phiRadians: 1))
    }

    /// Over 20,000 showers: species in the ratio of the weights, cos theta uniform (or theta
    /// uniform), phi and the impact point uniform; each mean within 4 standard errors.
    func testDrawnDistributions() throws {
        let n = 20_000
        func draws(_ shape: ArrivalSpectrum.ThetaShape) throws -> [Primary] {
            let s = ConditionSpectrum(particles: try ParticleMixture(parsing: "e-:3,e+:1,gamma:4"), energy: .fixed(MeV: 1000),
                                      arrival: ArrivalSpectrum(thetaRadians: 0.1...0.6, thetaShape: shape, phiRadians: -Double.pi...Double.pi,
                                                               impactXMM: -10...30, impactYMM: -5...5))
            return (0..<n).map { s.primary(seed: 5, index: UInt64($0)) }
        }
        func assertMean(_ values: [Double], _ expected: Double, _ what: String) {
            let s = RunningStatistics(values)
            let pull = abs(s.mean - expected) / (s.rms / Double(values.count).squareRoot())
            XCTAssertLessThan(pull, 4, "\(what): mean \(s.mean), expected \(expected)")
        }
        let c = try draws(.cosine)
        for (particle, share) in [(Particle.electron, 3.0 / 8), (.positron, 1.0 / 8), (.photon, 4.0 / 8)] {
            assertMean(c.map { $0.particle == particle ? 1 : 0 }, share, "share of \(particle)")
        }
        let (c0, c1) = (cos(0.1), cos(0.6))
        assertMean(c.map { cos($0.thetaRadians) }, (c0 + c1) / 2, "cos theta")
        assertMean(c.map { cos($0.thetaRadians) * cos($0.thetaRadians) }, (c0 * c0 + c0 * c1 + c1 * c1) / 3, "cos^2 theta")
        assertMean(c.map(\.phiRadians), 0, "phi")
        assertMean(c.map { cos($0.phiRadians) }, 0, "cos phi")
        assertMean(c.map(\.xMM), 10, "impact x")
        assertMean(c.map(\.yMM), 0, "impact y")
        XCTAssertTrue(c.allSatisfy { (0.1...0.6).contains($0.thetaRadians) })
        let u = try draws(.uniform)
        assertMean(u.map(\.thetaRadians), 0.35, "theta (uniform)")
        assertMean(u.map { $0.thetaRadians * $0.thetaRadians }, (0.6 * 0.6 * 0.6 - 0.1 * 0.1 * 0.1) / (3 * 0.5), "theta^2 (uniform)")
    }
}
