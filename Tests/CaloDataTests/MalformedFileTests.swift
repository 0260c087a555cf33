import CaloData
import CaloDetector
import CaloSupport
import Foundation
import XCTest
import _CHDF5

/// Files made directly with the HDF5 C API, with pieces missing or misshapen.
final class MalformedFileTests: XCTestCase {
    private func makeFile(_ datasets: [(String, [hsize_t])], geometry: String?) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("calosim-bad-\(UUID().uuidString).h5")
        let file = H5Fcreate(url.path, calosim_H5F_ACC_TRUNC(), calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT())
        XCTAssertGreaterThanOrEqual(file, 0)
        for (name, dims) in datasets {
            var d = dims
            let space = H5Screate_simple(Int32(d.count), &d, nil)
            let set = H5Dcreate2(file, name, calosim_H5T_NATIVE_FLOAT(), space, calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT())
            H5Dclose(set)
            H5Sclose(space)
        }
        if let geometry {
            let type = H5Tcopy(calosim_H5T_C_S1())
            H5Tset_size(type, geometry.utf8.count)
            let space = H5Screate(H5S_SCALAR)
            let attr = H5Acreate2(file, "geometry", type, space, calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT())
            _ = geometry.withCString { H5Awrite(attr, type, $0) }
            H5Aclose(attr); H5Sclose(space); H5Tclose(type)
        }
        H5Fclose(file)
        return url
    }

    private func expect(_ url: URL, _ fragment: String, expected: Geometry? = nil, line: UInt = #line) {
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try ShowerFileReader(url: url, expectedGeometry: expected), line: line) { error in
            XCTAssertTrue("\(error)".contains(fragment), "'\(error)' lacks '\(fragment)'", line: line)
        }
    }

    func testMissingAndMisshapenDatasets() throws {
        let json = try Geometry.resolve("calogan").json
        expect(try makeFile([("showers", [4, 504])], geometry: json), "missing dataset 'incident_energies'")
        expect(try makeFile([("incident_energies", [4, 1])], geometry: json), "missing dataset 'showers'")
        expect(try makeFile([("incident_energies", [5, 1]), ("showers", [4, 504])], geometry: json),
               "'incident_energies' has shape [5, 1], expected [4, 1]")
        expect(try makeFile([("incident_energies", [4, 1]), ("showers", [4, 368])], geometry: json),
               "has 368 cells per shower, geometry 'calogan' has 504")
        expect(try makeFile([("incident_energies", [4, 1]), ("showers", [2016])], geometry: json),
               "'showers' has shape [2016], expected [N, cells]")
        // A CaloChallenge-style file (no geometry attribute) needs --geometry, and then reads.
        expect(try makeFile([("incident_energies", [4, 1]), ("showers", [4, 504])], geometry: nil), "name the geometry with --geometry")
        let plain = try makeFile([("incident_energies", [4, 1]), ("showers", [4, 504])], geometry: nil)
        defer { try? FileManager.default.removeItem(at: plain) }
        let reader = try ShowerFileReader(url: plain, expectedGeometry: try Geometry.resolve("calogan"))
        XCTAssertEqual(try reader.readAll().particles, [nil, nil, nil, nil], "no particle dataset: species not recorded")
    }

    /// A file with a `particle` dataset of the given PDG codes (cells and energies zero).
    private func makeFile(particleCodes codes: [Int32]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("calosim-codes-\(UUID().uuidString).h5")
        let file = H5Fcreate(url.path, calosim_H5F_ACC_TRUNC(), calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT())
        XCTAssertGreaterThanOrEqual(file, 0)
        let n = hsize_t(codes.count)
        for (name, dims, type) in [("incident_energies", [n, 1], calosim_H5T_NATIVE_FLOAT()), ("showers", [n, 504], calosim_H5T_NATIVE_FLOAT()),
                                   ("particle", [n], calosim_H5T_NATIVE_INT32())] {
            var d = dims
            let space = H5Screate_simple(Int32(d.count), &d, nil)
            let set = H5Dcreate2(file, name, type, space, calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT())
            if name == "particle" { XCTAssertGreaterThanOrEqual(H5Dwrite(set, type, 0, 0, calosim_H5P_DEFAULT(), codes), 0) }
            H5Dclose(set)
            H5Sclose(space)
        }
        H5Fclose(file)
        return url
    }

    /// PDG codes read as species, 0 as "not recorded", anything else refused with the code named.
    func testParticleCodes() throws {
        let known = try makeFile(particleCodes: [11, -11, 22, 0])
        defer { try? FileManager.default.removeItem(at: known) }
        XCTAssertEqual(try ShowerFileReader(url: known, expectedGeometry: try Geometry.resolve("calogan")).readAll().particles, [.electron, .positron, .photon, nil])

        let unknown = try makeFile(particleCodes: [11, 211, 11])
        defer { try? FileManager.default.removeItem(at: unknown) }
        let reader = try ShowerFileReader(url: unknown, expectedGeometry: try Geometry.resolve("calogan"))
        XCTAssertEqual(try reader.read(0..<1).particles, [.electron])
        XCTAssertThrowsError(try reader.readAll()) { error in
            XCTAssertTrue("\(error)".contains("shower 1: particle code 211"), "'\(error)' does not name shower 1 and code 211")
        }
    }

    /// A file declaring a billion showers it never stored was opened, and reading it asked for
    /// 2 TB; it is now refused when opened.
    func testDeclaredShowersBeyondTheStoredBytes() throws {
        let json = try Geometry.resolve("calogan").json
        expect(try makeFile([("incident_energies", [1_000_000_000, 1]), ("showers", [1_000_000_000, 504])], geometry: json),
               "dataset 'showers' declares 1000000000 x 504 values but stores only 0 bytes")
    }
}
