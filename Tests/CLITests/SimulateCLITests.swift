import CaloData
import Foundation
import XCTest
import _TestSupport

final class SimulateCLITests: XCTestCase {
    /// Same seed, same showers with 1 and 2 threads; the file carries geometry, seed and command.
    func testSimulateIsThreadIndependent() throws {
        let folder = try TemporaryFolder.make("calosim-sim")
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
        XCTAssertEqual(b.particles.map { $0?.pdgCode }, Array(repeating: 11, count: 6))
        // Every shower deposits most of its energy (all materials scored, 31 X0 deep).
        for i in 0..<b.count {
            let total = b.shower(i).reduce(0, +)
            XCTAssertGreaterThan(total, 0.8 * b.incidentEnergiesMeV[i], "shower \(i)")
            XCTAssertLessThanOrEqual(total, b.incidentEnergiesMeV[i] * 1.000001, "shower \(i)")
        }
    }
}

extension SimulateCLITests {
    /// A mixture of species, directions and impact points: each shower draws its own, the file
    /// records them (and describes the mixture), the same seed gives the same file on 1 and 2
    /// threads, and every shower's cells hold at most its energy.
    func testMixtureRecordsEachShowersArrival() throws {
        let folder = try TemporaryFolder.make("calosim-sim-mix")
        defer { try? FileManager.default.removeItem(at: folder) }
        var batches: [ShowerBatch] = []
        for threads in [1, 2] {
            let out = folder.appendingPathComponent("t\(threads).h5")
            let r = try CLI.run(["simulate", "--particle", "e-,gamma", "--energy-range", "0.05:0.2", "--theta-range", "0:20",
                                 "--phi-range", "-180:180", "--impact-range", "-20:20,-10:10", "--n", "12", "--seed", "5",
                                 "--threads", "\(threads)", "--quiet", "--out", out.path])
            XCTAssertEqual(r.status, 0, r.stderr)
            let reader = try ShowerFileReader(url: out)
            XCTAssertTrue(reader.recordsArrival)
            let extra = reader.metadata.extra
            XCTAssertEqual(extra["particle_name"], "e-,gamma")
            XCTAssertEqual(extra["particle_weights"], "e-:1,gamma:1")
            XCTAssertEqual(extra["theta_spectrum"], "uniform in cos theta 0-20 deg")
            XCTAssertEqual(extra["impact_range_mm"], "-20.0:20.0,-10.0:10.0")
            batches.append(try reader.readAll())
        }
        XCTAssertEqual(batches[0], batches[1])
        let b = batches[0]
        XCTAssertEqual(Set(b.particles.compactMap { $0 }), [.electron, .photon])
        XCTAssertTrue(b.incidentThetaRadians.allSatisfy { $0 >= 0 && $0 <= Float(20 * Double.pi / 180) })
        XCTAssertTrue(b.incidentPhiRadians.allSatisfy { abs($0) <= Float(Double.pi) })
        XCTAssertEqual(Set(b.incidentPhiRadians).count, 12, "every shower draws its own azimuth")
        for i in 0..<b.count {
            let c = b.conditions(i)
            XCTAssertTrue(abs(c.impactXMM) <= 20 && abs(c.impactYMM) <= 10, "shower \(i): \(c)")
            XCTAssertLessThanOrEqual(b.shower(i).reduce(0, +), c.incidentEnergyMeV * 1.000001, "shower \(i)")
        }
    }
}

final class MergeCLITests: XCTestCase {
    /// Two shards of one seeded run, merged, equal the single run shower for shower.
    func testShardsMergeIntoTheSingleRun() throws {
        let folder = try TemporaryFolder.make("calosim-merge")
        defer { try? FileManager.default.removeItem(at: folder) }
        let common = ["simulate", "--energy-range", "0.02:0.1", "--seed", "5", "--quiet"]
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        var r = try CLI.run(common + ["--n", "6", "--out", path("all.h5")])
        XCTAssertEqual(r.status, 0, r.stderr)
        r = try CLI.run(common + ["--n", "4", "--out", path("a.h5")])
        XCTAssertEqual(r.status, 0, r.stderr)
        r = try CLI.run(common + ["--n", "2", "--first-shower", "4", "--out", path("b.h5")])
        XCTAssertEqual(r.status, 0, r.stderr)
        r = try CLI.run(["merge", path("b.h5"), path("a.h5"), "--out", path("merged.h5")])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try ShowerFileReader(url: URL(fileURLWithPath: path("merged.h5"))).readAll(),
                       try ShowerFileReader(url: URL(fileURLWithPath: path("all.h5"))).readAll())
        // A gap between shards is refused.
        r = try CLI.run(common + ["--n", "1", "--first-shower", "9", "--out", path("c.h5")])
        XCTAssertEqual(r.status, 0, r.stderr)
        r = try CLI.run(["merge", path("a.h5"), path("c.h5"), "--out", path("bad.h5")])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("leave a gap"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("bad.h5")))
    }
}
