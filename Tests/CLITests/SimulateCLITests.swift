import CaloData
import Foundation
import XCTest

final class SimulateCLITests: XCTestCase {
    /// Same seed, same showers with 1 and 2 threads; the file carries geometry, seed and command.
    func testSimulateIsThreadIndependent() throws {
        try XCTSkipIf(CLI.executable == nil, "calosim executable not built next to the tests")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("calosim-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var batches: [ShowerBatch] = []
        for threads in [1, 2] {
            let out = folder.appendingPathComponent("t\(threads).h5")
            let r = try CLI.run(["simulate", "--energy-range", "0.05:0.4", "--spectrum", "log", "--n", "6", "--seed", "11",
                                 "--threads", "\(threads)", "--quiet", "--out", out.path])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.contains("wrote 6 showers"), r.stdout)
            let reader = try ShowerFileReader(url: out)
            XCTAssertEqual(reader.geometry.name, "calogan")
            XCTAssertEqual(reader.metadata.seed, 11)
            XCTAssertTrue(reader.metadata.commandLine.contains("--threads \(threads)"))
            XCTAssertEqual(reader.metadata.extra["particle_name"], "e-")
            batches.append(try reader.readAll())
        }
        XCTAssertEqual(batches[0], batches[1])
        let b = batches[0]
        XCTAssertTrue(b.incidentEnergiesMeV.allSatisfy { $0 >= 50 && $0 <= 400 })
        XCTAssertEqual(b.particles, Array(repeating: 11, count: 6))
        // Every shower deposits most of its energy (all materials scored, 31 X0 deep).
        for i in 0..<b.count {
            let total = b.shower(i).reduce(0, +)
            XCTAssertGreaterThan(total, 0.8 * b.incidentEnergiesMeV[i], "shower \(i)")
            XCTAssertLessThanOrEqual(total, b.incidentEnergiesMeV[i] * 1.000001, "shower \(i)")
        }
    }
}
