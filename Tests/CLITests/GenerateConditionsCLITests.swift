import CaloData
import Foundation
import XCTest
import _TestSupport

/// `calosim generate` with species, directions and impact points, against the shipped model
/// (e- at normal incidence through the centre).
final class GenerateConditionsCLITests: XCTestCase {
    func testShippedModelRefusesWhatItWasNotTrainedOnAndAcceptsItsOwnConditions() throws {
        let folder = try TemporaryFolder.make("calosim-genc-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("g.h5")
        func refused(_ arguments: [String], _ message: String) throws {
            let r = try CLI.run(["generate", "--energy", "50", "--n", "10", "--quiet", "--out", out.path] + arguments)
            XCTAssertNotEqual(r.status, 0, "\(arguments)")
            XCTAssertTrue(r.stderr.contains(message), "\(arguments): \(r.stderr)")
            XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "\(arguments)")
        }
        try refused(["--theta", "20"], "theta 20 deg: the model was trained at theta = 0 deg only")
        try refused(["--particle", "gamma"], "particle gamma: the model was trained on e- only")
        try refused(["--impact", "5,-3"], "impact x 5 mm: the model was trained at impact x = 0 mm only")
        try refused(["--theta-range", "10:5"], "--theta-range: low end 10.0 must be below high end 5.0")
        // Values starting with '-' reach the model's checks (not the argument parser's).
        try refused(["--phi-range", "-180:180", "--theta", "20"], "theta 20 deg: the model was trained at theta = 0 deg only")
        try refused(["--impact", "-5,3"], "impact x -5 mm: the model was trained at impact x = 0 mm only")
        try refused(["--particle", "muon"], "unknown particle 'muon' in --particle")
        try refused(["--impact", "300,0"], "impact point (300.0, 0.0) mm is outside the readout of 'calogan'")
        try refused(["--impact-range", "-10:10,0:250"], "impact point (10.0, 250.0) mm is outside the readout of 'calogan'")
        try refused(["--conditions-from", out.path], "--conditions-from replaces --energy")

        // Its own conditions, spelled out, give the bytes of the plain command.
        let plain = folder.appendingPathComponent("plain.h5"), explicit = folder.appendingPathComponent("explicit.h5")
        var r = try CLI.run(["generate", "--energy", "50", "--n", "20", "--quiet", "--out", plain.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        r = try CLI.run(["generate", "--energy", "50", "--n", "20", "--quiet", "--out", explicit.path,
                         "--particle", "e-", "--theta", "0", "--phi", "0", "--impact", "0,0"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let a = try ShowerFileReader(url: plain).readAll(), b = try ShowerFileReader(url: explicit).readAll()
        XCTAssertEqual(a.cellEnergiesMeV, b.cellEnergiesMeV)
        XCTAssertEqual(b.particles.map { $0?.name }, [String?](repeating: "e-", count: 20))
    }
}
