import CaloData
import CaloDetector
import CaloSupport
import Foundation
import XCTest
import _CHDF5

/// Files in the CaloChallenge layout: `incident_energies` [N, 1] and `showers` [N, voxels],
/// float32, no calosim attributes, read in the geometry the caller names.
final class ForeignFileTests: XCTestCase {
    /// Writes a CaloChallenge-layout file (as h5py's `create_dataset` does) with the given values.
    static func write(energies: [Float], showers: [Float], voxels: Int) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("calosim-cc-\(UUID().uuidString).h5")
        let file = H5Fcreate(url.path, calosim_H5F_ACC_TRUNC(), calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT())
        XCTAssertGreaterThanOrEqual(file, 0)
        let n = hsize_t(energies.count)
        for (name, dims, values) in [("incident_energies", [n, 1], energies), ("showers", [n, hsize_t(voxels)], showers)] {
            var d = dims
            let space = H5Screate_simple(2, &d, nil)
            let set = H5Dcreate2(file, name, calosim_H5T_NATIVE_FLOAT(), space, calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT(),
                                 calosim_H5P_DEFAULT())
            XCTAssertGreaterThanOrEqual(H5Dwrite(set, calosim_H5T_NATIVE_FLOAT(), 0, 0, calosim_H5P_DEFAULT(), values), 0)
            H5Dclose(set)
            H5Sclose(space)
        }
        H5Fclose(file)
        return url
    }

    /// Six showers of `voxels` cells, each holding about `response` x its energy in its first cells.
    static func showers(voxels: Int, energiesMeV: [Float], response: Float = 0.9) -> [Float] {
        var s = [Float](repeating: 0, count: energiesMeV.count * voxels)
        for (i, e) in energiesMeV.enumerated() {
            for k in 0..<10 { s[i * voxels + k * 37] = response * e / 10 }
        }
        return s
    }

    func testDataset2LayoutReadsInThePar04Geometry() throws {
        let g = try Geometry.resolve("par04-ds2")
        XCTAssertEqual(g.cellCount, 6480)
        let energies: [Float] = [1000, 5000, 20000, 100000, 500000, 1000000]
        let url = try Self.write(energies: energies, showers: Self.showers(voxels: 6480, energiesMeV: energies), voxels: 6480)
        defer { try? FileManager.default.removeItem(at: url) }
        let reader = try ShowerFileReader(url: url, expectedGeometry: g)
        XCTAssertEqual(reader.count, 6)
        XCTAssertEqual(reader.geometry.name, "par04-ds2")
        let batch = try reader.readAll()
        XCTAssertEqual(batch.incidentEnergiesMeV, energies)
        XCTAssertEqual(batch.shower(3).reduce(0, +), 90000, accuracy: 0.1)
        // The same file read through the binning XML of dataset 2 as a readout-only geometry.
        let xml = try Geometry(binningXML: Data(Self.dataset2XML.utf8), name: "binning_dataset_2")
        XCTAssertEqual(try ShowerFileReader(url: url, expectedGeometry: xml).cellCount, 6480)
    }

    func testWrongVoxelCountNamesBothNumbers() throws {
        let url = try Self.write(energies: [1000, 2000], showers: [Float](repeating: 0, count: 2 * 40500), voxels: 40500)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try ShowerFileReader(url: url, expectedGeometry: try Geometry.resolve("par04-ds2"))) { error in
            XCTAssertTrue("\(error)".contains("has 40500 cells per shower, geometry 'par04-ds2' has 6480"), "\(error)")
        }
    }

    func testEnergiesInGeVAreRefused() throws {
        let g = try Geometry.resolve("par04-ds2")
        // Below 100 keV.
        let tiny = try Self.write(energies: [0.05, 2], showers: [Float](repeating: 0, count: 2 * 6480), voxels: 6480)
        defer { try? FileManager.default.removeItem(at: tiny) }
        XCTAssertThrowsError(try ShowerFileReader(url: tiny, expectedGeometry: g)) { error in
            XCTAssertTrue("\(error)".contains("incident energy of shower 0 is 0.05 MeV (largest 2.0 MeV), below 100 keV"), "\(error)")
        }
        // 1 GeV to 1 TeV written in GeV, the cells in MeV: the cells hold ~900 x the "energy".
        let gev: [Float] = [1, 5, 20, 100, 500, 1000]
        let mev = gev.map { $0 * 1000 }
        let url = try Self.write(energies: gev, showers: Self.showers(voxels: 6480, energiesMeV: mev), voxels: 6480)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try ShowerFileReader(url: url, expectedGeometry: g)) { error in
            XCTAssertTrue("\(error)".contains("the incident energies look like GeV"), "\(error)")
            XCTAssertTrue("\(error)".contains("on median 900"), "\(error)")
        }
    }

    /// binning_dataset_2.xml rebuilt from its numbers (45 layers, r edges 0..41.85 mm by 4.65 mm, 16 alpha bins).
    static let dataset2XML: String = {
        let edges = "0,4.65,9.3,13.95,18.6,23.25,27.9,32.55,37.2,41.85"
        let layers = (0..<45).map { "<Layer id=\"\($0)\" r_edges=\"\(edges)\" n_bin_alpha=\"16\" />" }.joined(separator: "\n")
        return "<Bins>\n<Bin pid=\"11\" name=\"electron\">\n\(layers)\n</Bin>\n</Bins>\n"
    }()
}
