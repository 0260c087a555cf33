import CaloData
import CaloDetector
import CaloSupport
import Foundation
import XCTest
import _TestSupport

final class ShowerFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TemporaryFolder.make("calosim-data")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func randomBatch(_ n: Int, cells: Int, seed: UInt64) -> ShowerBatch {
        var rng = Philox(seed: seed, stream: 0)
        var batch = ShowerBatch(cellCount: cells, capacity: n)
        for _ in 0..<n {
            // Sparse cells, including zeros, denormals and huge values: the round trip must be exact.
            let cellValues: [Float] = (0..<cells).map { _ in
                let u = rng.uniform()
                return u < 0.5 ? 0 : u < 0.51 ? Float.leastNonzeroMagnitude : Float(-log(rng.uniform()) * 1e3)
            }
            batch.append(incidentEnergyMeV: Float(1000 + 99_000 * rng.uniform()), cells: cellValues, particle: .electron)
        }
        return batch
    }

    private var metadata: ShowerFileMetadata {
        ShowerFileMetadata(geometryJSON: try! Geometry.resolve("calogan").json, producer: "test", seed: 42,
                           commandLine: "calosim test", extra: ["particle_name": "e-"])
    }

    /// Write in uneven batches across chunk boundaries, read back bit-identical.
    func testRoundTripIsBitIdentical() throws {
        let geometry = try Geometry.resolve("calogan")
        let url = folder.appendingPathComponent("round.h5")
        let a = randomBatch(300, cells: 504, seed: 1), b = randomBatch(17, cells: 504, seed: 2)
        let writer = try ShowerFileWriter(url: url, geometry: geometry, metadata: metadata)
        try writer.append(a)
        try writer.append(b)
        XCTAssertFalse(FileManager.default.fileExists(atPath: url.path), "final name must not exist before finish")
        try writer.finish()

        let reader = try ShowerFileReader(url: url, expectedGeometry: geometry)
        XCTAssertEqual(reader.count, 317)
        XCTAssertEqual(reader.cellCount, 504)
        XCTAssertEqual(reader.geometry.name, "calogan")
        XCTAssertEqual(reader.metadata.seed, 42)
        XCTAssertEqual(reader.metadata.producer, "test")
        XCTAssertEqual(reader.metadata.commandLine, "calosim test")
        XCTAssertEqual(reader.metadata.extra["particle_name"], "e-")
        XCTAssertEqual(reader.metadata.formatVersion, ShowerFileMetadata.currentFormatVersion)
        var expected = a
        expected.append(contentsOf: b)
        let all = try reader.readAll()
        XCTAssertEqual(all.incidentEnergiesMeV.map(\.bitPattern), expected.incidentEnergiesMeV.map(\.bitPattern))
        XCTAssertEqual(all.cellEnergiesMeV.map(\.bitPattern), expected.cellEnergiesMeV.map(\.bitPattern))
        XCTAssertEqual(all.particles, expected.particles)
        let middle = try reader.read(290..<310)
        XCTAssertEqual(middle.count, 20)
        XCTAssertEqual(Array(middle.shower(0)), Array(expected.shower(290)))
        XCTAssertEqual(reader.batches(size: 100).map(\.count), [100, 100, 100, 17])
        // Nothing but the final file is left in the folder.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["round.h5"])
    }

    /// An aborted or abandoned write leaves nothing under the final name, nor temporaries.
    func testFailedWriteLeavesNothing() throws {
        let geometry = try Geometry.resolve("calogan")
        let url = folder.appendingPathComponent("aborted.h5")
        let writer = try ShowerFileWriter(url: url, geometry: geometry, metadata: metadata)
        try writer.append(randomBatch(10, cells: 504, seed: 3))
        writer.abort()
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
        do {
            let abandoned = try ShowerFileWriter(url: url, geometry: geometry, metadata: metadata)
            try abandoned.append(randomBatch(3, cells: 504, seed: 4))
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [])
        // A batch with the wrong cell count is refused.
        let writer2 = try ShowerFileWriter(url: url, geometry: geometry, metadata: metadata)
        XCTAssertThrowsError(try writer2.append(randomBatch(2, cells: 80, seed: 5)))
        writer2.abort()
    }

    func testExistingFileIsRefusedUnlessOverwrite() throws {
        let geometry = try Geometry.resolve("calogan")
        let url = folder.appendingPathComponent("exists.h5")
        try Data("keep me".utf8).write(to: url)
        XCTAssertThrowsError(try ShowerFileWriter(url: url, geometry: geometry, metadata: metadata)) { error in
            XCTAssertTrue("\(error)".contains("--overwrite"), "\(error)")
        }
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), "keep me")
        let writer = try ShowerFileWriter(url: url, geometry: geometry, metadata: metadata, overwrite: true)
        try writer.append(randomBatch(1, cells: 504, seed: 6))
        try writer.finish()
        XCTAssertEqual(try ShowerFileReader(url: url).count, 1)
    }

    func testBadFilesAreRefusedWithAMessage() throws {
        let geometry = try Geometry.resolve("calogan")
        let url = folder.appendingPathComponent("good.h5")
        let writer = try ShowerFileWriter(url: url, geometry: geometry, metadata: metadata)
        try writer.append(randomBatch(400, cells: 504, seed: 7))
        try writer.finish()

        // Truncated.
        let data = try Data(contentsOf: url)
        let truncated = folder.appendingPathComponent("truncated.h5")
        try data.prefix(data.count / 2).write(to: truncated)
        XCTAssertThrowsError(try ShowerFileReader(url: truncated).readAll()) { error in
            XCTAssertTrue("\(error)".contains("truncated"), "\(error)")
        }
        // Not HDF5 at all, and missing.
        let text = folder.appendingPathComponent("text.h5")
        try Data("hello".utf8).write(to: text)
        XCTAssertThrowsError(try ShowerFileReader(url: text)) { error in
            XCTAssertTrue("\(error)".contains("not an HDF5 file"), "\(error)")
        }
        XCTAssertThrowsError(try ShowerFileReader(url: folder.appendingPathComponent("missing.h5"))) { error in
            XCTAssertTrue("\(error)".contains("no such file"), "\(error)")
        }
        // A file whose geometry differs from the one requested.
        XCTAssertThrowsError(try ShowerFileReader(url: url, expectedGeometry: try Geometry.resolve("testem3"))) { error in
            XCTAssertEqual(error as? CalosimError, .mismatch(
                "\(url.path) was made in geometry 'calogan' (504 cells), not 'testem3' (100 cells)"))
        }
        // The same cells scored differently are the same readout? No: scoring differs, so refused.
        XCTAssertThrowsError(try ShowerFileReader(url: url, expectedGeometry: try Geometry.resolve("calogan-sampling")))
    }
}
