import CaloDetector
import XCTest

/// The particle species: PDG codes, names, properties and the file convention for code 0.
final class ParticleTests: XCTestCase {
    func testCodesNamesAndProperties() throws {
        XCTAssertEqual(Particle.allCases.map(\.pdgCode), [11, -11, 22])
        XCTAssertEqual(Particle.allCases.map(\.name), ["e-", "e+", "gamma"])
        XCTAssertEqual(Particle.allCases.map(\.identifier), ["eminus", "eplus", "gamma"])
        XCTAssertEqual(Particle.allCases.map(\.charge), [-1, 1, 0])
        XCTAssertEqual(Particle.electron.massMeV, 0.51099895)
        XCTAssertEqual(Particle.positron.massMeV, Particle.electron.massMeV)
        XCTAssertEqual(Particle.photon.massMeV, 0)
        for p in Particle.allCases {
            XCTAssertEqual(Particle(pdgCode: p.pdgCode), p)
            XCTAssertEqual(Particle(name: p.name), p)
            XCTAssertEqual(Particle(name: String(p.pdgCode)), p)
            XCTAssertEqual(try Particle(recordedCode: p.pdgCode), p)
        }
        XCTAssertEqual(Particle(name: "Electron"), .electron)
        XCTAssertEqual(Particle(name: "photon"), .photon)
        XCTAssertNil(Particle(name: "pi+"))
        XCTAssertNil(Particle(pdgCode: 211))
    }

    func testRecordedCodes() throws {
        XCTAssertNil(try Particle(recordedCode: 0), "0 is 'not recorded'")
        XCTAssertThrowsError(try Particle(recordedCode: -211)) { error in
            XCTAssertEqual(error as? UnknownParticleCode, UnknownParticleCode(code: -211))
            XCTAssertEqual("\(error)", "particle code -211 is not one calosim knows: e- (11), e+ (-11), gamma (22)")
        }
    }
}
