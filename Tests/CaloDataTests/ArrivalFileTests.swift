import CaloData
import CaloDetector
import CaloSupport
import Foundation
import XCTest
import _CHDF5
import _TestSupport

/// Each shower's direction and impact point in the file (`incident_theta`, `incident_phi`,
/// `impact_point`, format version 2): written, read back, checked, merged; files without them
/// (version 1, CaloChallenge) read as not recording the arrival.
final class ArrivalFileTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws { folder = try TemporaryFolder.make("calosim-arrival") }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private let geometry = try! Geometry.resolve("calogan")

    /// n showers of 504 cells with conditions that vary in every field.
    private func batch(_ n: Int, seed: UInt64) -> ShowerBatch {
        var rng = Philox(seed: seed, stream: 0)
        var b = ShowerBatch(cellCount: 504, capacity: n, recordsArrival: true)
        for _ in 0..<n {
            let c = ShowerConditions(particle: Particle.allCases[Int(rng.next32() % 3)], incidentEnergyMeV: Float(1000 + 9000 * rng.uniform()),
                                     thetaRadians: Float(1.5 * rng.uniform()), phiRadians: Float(2 * Double.pi * rng.uniform() - Double.pi),
                                     impactXMM: Float(100 * rng.uniform() - 50), impactYMM: Float(100 * rng.uniform() - 50))
            b.append(cells: (0..<504).map { _ in Float(rng.uniform()) }, conditions: c)
        }
        return b
    }

    private func metadata(version: Int = ShowerFileMetadata.currentFormatVersion) -> ShowerFileMetadata {
        ShowerFileMetadata(geometryJSON: geometry.json, producer: "test", seed: 3, commandLine: "test", formatVersion: version)
    }

    private func write(_ batches: [ShowerBatch], to name: String, recordsArrival: Bool = true,
                       version: Int = ShowerFileMetadata.currentFormatVersion) throws -> URL {
        let url = folder.appendingPathComponent(name)
        let writer = try ShowerFileWriter(url: url, geometry: geometry, metadata: metadata(version: version),
                                          recordsArrival: recordsArrival)
        for b in batches { try writer.append(b) }
        try writer.finish()
        return url
    }

    func testArrivalRoundTripsBitForBit() throws {
        let a = batch(300, seed: 1), b = batch(17, seed: 2)
        let reader = try ShowerFileReader(url: try write([a, b], to: "arrival.h5"))
        XCTAssertTrue(reader.recordsArrival)
        XCTAssertEqual(reader.metadata.formatVersion, 2)
        var expected = a
        expected.append(contentsOf: b)
        let all = try reader.readAll()
        XCTAssertTrue(all.recordsArrival)
        XCTAssertEqual(all.incidentThetaRadians.map(\.bitPattern), expected.incidentThetaRadians.map(\.bitPattern))
        XCTAssertEqual(all.incidentPhiRadians.map(\.bitPattern), expected.incidentPhiRadians.map(\.bitPattern))
        XCTAssertEqual(all.impactPointsMM.map(\.bitPattern), expected.impactPointsMM.map(\.bitPattern))
        XCTAssertEqual(all.conditions, expected.conditions)
        XCTAssertEqual(try reader.read(295..<305).conditions, Array(expected.conditions[295..<305]))
        XCTAssertTrue(try reader.read(5..<5).recordsArrival, "an empty read keeps the file's kind")
        XCTAssertEqual(try reader.readConditions(), expected.conditions, "conditions without the cells")
        XCTAssertEqual(try reader.readConditions(295..<400), Array(expected.conditions[295..<317]))
    }

    /// A file written without the arrival, one of format version 1, and a CaloChallenge-style file
    /// (energies and showers only) read with `recordsArrival` false: normal incidence at the centre.
    func testFilesWithoutArrivalReadAsNormalIncidence() throws {
        var plain = ShowerBatch(cellCount: 504)
        plain.append(incidentEnergyMeV: 5000, cells: [Float](repeating: 1, count: 504), particle: .photon)
        for (name, version) in [("v2.h5", 2), ("v1.h5", 1)] {
            let reader = try ShowerFileReader(url: try write([plain], to: name, recordsArrival: false, version: version))
            XCTAssertFalse(reader.recordsArrival, name)
            XCTAssertEqual(reader.metadata.formatVersion, version)
            let back = try reader.readAll()
            XCTAssertFalse(back.recordsArrival)
            XCTAssertEqual(back.conditions, [ShowerConditions(particle: .photon, incidentEnergyMeV: 5000)])
            XCTAssertEqual(try reader.readConditions(), back.conditions)
        }
        let foreign = try makeFile(count: 3, arrival: [])
        XCTAssertFalse(try ShowerFileReader(url: foreign, expectedGeometry: geometry).recordsArrival)
        expect(try write([plain], to: "v3.h5", recordsArrival: false, version: 3), "format version 3 is newer than this calosim reads (2)")
    }

    /// A CaloChallenge-style file of `count` showers (cells 0, energies 1 GeV) with the given
    /// arrival datasets: name, shape and float values.
    private func makeFile(count: Int, arrival: [(String, [hsize_t], [Float])]) throws -> URL {
        let url = folder.appendingPathComponent("made-\(UUID().uuidString).h5")
        let file = H5Fcreate(url.path, calosim_H5F_ACC_TRUNC(), calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT())
        XCTAssertGreaterThanOrEqual(file, 0)
        let n = hsize_t(count)
        let sets = [("incident_energies", [n, 1], [Float](repeating: 1000, count: count)),
                    ("showers", [n, 504], [Float](repeating: 0, count: 504 * count))] + arrival
        for (name, dims, values) in sets {
            var d = dims
            let space = H5Screate_simple(Int32(d.count), &d, nil)
            let set = H5Dcreate2(file, name, calosim_H5T_NATIVE_FLOAT(), space, calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT())
            XCTAssertEqual(values.count, Int(dims.reduce(1, *)), name)
            XCTAssertGreaterThanOrEqual(H5Dwrite(set, calosim_H5T_NATIVE_FLOAT(), 0, 0, calosim_H5P_DEFAULT(), values), 0)
            H5Dclose(set)
            H5Sclose(space)
        }
        H5Fclose(file)
        return url
    }

    private func expect(_ url: URL, _ fragment: String, line: UInt = #line) {
        XCTAssertThrowsError(try ShowerFileReader(url: url, expectedGeometry: geometry), line: line) { error in
            XCTAssertTrue("\(error)".contains(fragment), "'\(error)' lacks '\(fragment)'", line: line)
        }
    }

    /// Shapes and values of the arrival datasets are checked when the file is opened, naming the
    /// dataset, the shower and the value.
    func testArrivalIsCheckedWhenOpened() throws {
        func arrival(theta: [Float] = [0, 0.5, 1], phi: [Float] = [0, -3, 3], impact: [Float] = [0, 0, 1, 2, -3, 4],
                     thetaShape: [hsize_t] = [3], impactShape: [hsize_t] = [3, 2]) -> [(String, [hsize_t], [Float])] {
            [("incident_theta", thetaShape, theta), ("incident_phi", [3], phi), ("impact_point", impactShape, impact)]
        }
        let good = try ShowerFileReader(url: try makeFile(count: 3, arrival: arrival(thetaShape: [3, 1])), expectedGeometry: geometry)
        XCTAssertTrue(good.recordsArrival)
        XCTAssertEqual(try good.readAll().conditions.map(\.impactYMM), [0, 2, 4])

        expect(try makeFile(count: 3, arrival: Array(arrival().prefix(1))),
               "has 'incident_theta' but not 'incident_phi', 'impact_point': a shower's direction and impact point are recorded together")
        expect(try makeFile(count: 3, arrival: arrival(impact: [0, 0, 1, 2, 3, 4], impactShape: [6])),
               "dataset 'impact_point' has shape [6], expected [3, 2]")
        expect(try makeFile(count: 3, arrival: arrival(theta: [0, 0.5, 1, 1], thetaShape: [4])),
               "dataset 'incident_theta' has shape [4], expected [3]")
        expect(try makeFile(count: 3, arrival: arrival(theta: [0, .nan, 1])), "incident_theta of shower 1 is nan rad")
        expect(try makeFile(count: 3, arrival: arrival(theta: [0, 0.5, Float(Double.pi / 2)])),
               "incident_theta of shower 2 is 1.5707964 rad; the polar angle to the normal must be in [0, pi/2)")
        expect(try makeFile(count: 3, arrival: arrival(theta: [-0.1, 0.5, 1])), "incident_theta of shower 0 is -0.1 rad")
        expect(try makeFile(count: 3, arrival: arrival(phi: [0, 3.2, 0])), "incident_phi of shower 1 is 3.2 rad; the azimuth must be in [-pi, pi]")
        expect(try makeFile(count: 3, arrival: arrival(impact: [0, 0, 1, 2, -3, .infinity])),
               "impact_point of shower 2 is (-3.0, inf) mm; it must be finite")
        // The largest float below pi/2 and float32(pi) are inside.
        let edge = try makeFile(count: 3, arrival: arrival(theta: [0, Float(Double.pi / 2).nextDown, 1], phi: [-Float(Double.pi), Float(Double.pi), 0]))
        XCTAssertTrue(try ShowerFileReader(url: edge, expectedGeometry: geometry).recordsArrival)
    }

    /// Files that record the arrival merge into one that does, shower for shower; a file that does
    /// not is refused beside them, and nothing is written.
    func testMergerCarriesTheArrivalAndRefusesMixedFiles() throws {
        let a = batch(5, seed: 4), b = batch(3, seed: 5)
        let ua = try write([a], to: "a.h5"), ub = try write([b], to: "b.h5")
        let merged = folder.appendingPathComponent("merged.h5")
        XCTAssertEqual(try ShowerFileMerger.merge([ua, ub], into: merged, overwrite: false, commandLine: "merge"), 8)
        let reader = try ShowerFileReader(url: merged)
        XCTAssertTrue(reader.recordsArrival)
        XCTAssertEqual(try reader.readAll().conditions, a.conditions + b.conditions)

        var plain = ShowerBatch(cellCount: 504)
        plain.append(incidentEnergyMeV: 5000, cells: [Float](repeating: 1, count: 504), particle: .electron)
        let uc = try write([plain], to: "c.h5", recordsArrival: false)
        let bad = folder.appendingPathComponent("bad.h5")
        XCTAssertThrowsError(try ShowerFileMerger.merge([uc, ua], into: bad, overwrite: false, commandLine: "merge")) { error in
            XCTAssertEqual(error as? CalosimError, .mismatch("\(ua.path) records each shower's direction and impact point, \(uc.path) "
                + "does not (an older or foreign file); merge files of one kind"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: bad.path))
    }
}
