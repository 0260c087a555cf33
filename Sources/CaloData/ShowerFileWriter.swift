import CaloDetector
import CaloSupport
import Foundation
import _CHDF5

/// Streams showers into an HDF5 file in the CaloChallenge layout, atomically.
///
/// Layout: `incident_energies` float32 [N, 1] MeV, `showers` float32 [N, cells] MeV,
/// `particle` int32 [N] PDG code (0 where the species is not recorded) and, in a file that
/// records the arrival (`recordsArrival`), `incident_theta` and `incident_phi` float32 [N]
/// (radians: polar angle to the normal, azimuth from +x towards +y) and `impact_point` float32
/// [N, 2] (x, y on the front face, mm); chunked, shuffled and
/// deflate-compressed, extended as batches arrive, so memory stays bounded for any N. File
/// attributes: `format` ("calosim-showers"), `format_version`, `geometry` (JSON), `geometry_name`, `producer`, `calosim_version`, `seed`,
/// `command_line`, plus `metadata.extra`. The file is written under a temporary name and renamed
/// by `finish()`; `abort()` (or releasing an unfinished writer) removes it.
public final class ShowerFileWriter {
    public let url: URL
    public let cellCount: Int
    /// Whether the file stores each shower's direction and impact point; every batch appended
    /// must then record them, and none may otherwise.
    public let recordsArrival: Bool
    public private(set) var count = 0
    private let target: AtomicFile
    private var file: hid_t = -1
    private var energies: hid_t = -1, showers: hid_t = -1, particles: hid_t = -1
    private var thetas: hid_t = -1, phis: hid_t = -1, impacts: hid_t = -1
    private var finished = false

    /// Attributes the writer sets itself; `metadata.extra` cannot override them.
    public static let standardAttributes: Set<String> = ["format", "format_version", "geometry", "geometry_name",
                                                          "producer", "calosim_version", "seed", "command_line"]

    /// Rows per HDF5 chunk.
    public static let chunkRows = 256

    /// Creates the temporary file and its datasets (with the arrival datasets when `recordsArrival`).
    /// - Throws: `CalosimError.badOutput` when the destination exists (without `overwrite`) or
    ///   cannot be written.
    public init(url: URL, geometry: Geometry, metadata: ShowerFileMetadata, overwrite: Bool = false,
                compressionLevel: Int = 1, recordsArrival: Bool = false) throws {
        self.url = url
        self.cellCount = geometry.cellCount
        self.recordsArrival = recordsArrival
        self.target = try AtomicFile(url: url, overwrite: overwrite)
        let path = target.temporaryURL.path
        let cells = cellCount
        let ok: Bool = HDF5.locked {
            file = H5Fcreate(path, calosim_H5F_ACC_TRUNC(), calosim_H5P_DEFAULT(), calosim_H5P_DEFAULT())
            guard file >= 0 else { return false }
            energies = Self.makeDataset(file, "incident_energies", columns: 1, type: calosim_H5T_NATIVE_FLOAT(), level: compressionLevel)
            showers = Self.makeDataset(file, "showers", columns: cells, type: calosim_H5T_NATIVE_FLOAT(), level: compressionLevel)
            particles = Self.makeDataset(file, "particle", columns: nil, type: calosim_H5T_NATIVE_INT32(), level: compressionLevel)
            guard energies >= 0, showers >= 0, particles >= 0 else { return false }
            if recordsArrival {
                let float = calosim_H5T_NATIVE_FLOAT()
                thetas = Self.makeDataset(file, "incident_theta", columns: nil, type: float, level: compressionLevel)
                phis = Self.makeDataset(file, "incident_phi", columns: nil, type: float, level: compressionLevel)
                impacts = Self.makeDataset(file, "impact_point", columns: 2, type: float, level: compressionLevel)
                guard thetas >= 0, phis >= 0, impacts >= 0 else { return false }
            }
            var attributesOK = true
            let root = file
            func text(_ name: String, _ value: String) { attributesOK = attributesOK && HDF5.writeStringAttribute(root, name: name, value: value) }
            text("format", "calosim-showers")
            attributesOK = attributesOK && HDF5.writeIntAttribute(root, name: "format_version", value: Int64(metadata.formatVersion))
            text("geometry", metadata.geometryJSON)
            text("geometry_name", geometry.name)
            text("producer", metadata.producer)
            text("calosim_version", CalosimVersion.string)
            text("seed", String(metadata.seed))
            text("command_line", metadata.commandLine)
            for key in metadata.extra.keys.sorted() where !Self.standardAttributes.contains(key) {
                text(key, metadata.extra[key]!)
            }
            return attributesOK
        }
        if !ok {
            closeAll()
            target.discard()
            throw CalosimError.badOutput("cannot create HDF5 file \(path)")
        }
    }

    deinit {
        if !finished { abort() }
    }

    private static func makeDataset(_ file: hid_t, _ name: String, columns: Int?, type: hid_t, level: Int) -> hid_t {
        let rank: Int32 = columns == nil ? 1 : 2
        var dims: [hsize_t] = columns.map { [0, hsize_t($0)] } ?? [0]
        var maxDims: [hsize_t] = columns.map { [calosim_H5S_UNLIMITED(), hsize_t($0)] } ?? [calosim_H5S_UNLIMITED()]
        var chunk: [hsize_t] = columns.map { [hsize_t(chunkRows), hsize_t($0)] } ?? [hsize_t(chunkRows * 16)]
        let space = H5Screate_simple(rank, &dims, &maxDims)
        defer { H5Sclose(space) }
        let plist = H5Pcreate(calosim_H5P_DATASET_CREATE())
        defer { H5Pclose(plist) }
        H5Pset_chunk(plist, rank, &chunk)
        H5Pset_obj_track_times(plist, false)  // no timestamps: same showers, same bytes
        if level > 0 {
            H5Pset_shuffle(plist)
            H5Pset_deflate(plist, UInt32(min(level, 9)))
        }
        return H5Dcreate2(file, name, type, space, calosim_H5P_DEFAULT(), plist, calosim_H5P_DEFAULT())
    }

    /// Appends showers (`batch.cellCount` must match the geometry).
    /// - Precondition: `batch.recordsArrival == recordsArrival` (a batch without directions would
    ///   be written as normal incidence at the centre; one with them would lose them).
    public func append(_ batch: ShowerBatch) throws {
        require(!finished, "ShowerFileWriter.append after finish/abort")
        require(batch.recordsArrival == recordsArrival || batch.count == 0,
                "ShowerFileWriter.append: a batch \(batch.recordsArrival ? "with" : "without") directions and impact points "
                    + "into a file \(recordsArrival ? "that records them" : "that does not")")
        guard batch.cellCount == cellCount else {
            throw CalosimError.mismatch("batch has \(batch.cellCount) cells per shower, the file \(cellCount)")
        }
        let n = batch.count
        if n == 0 { return }
        let start = count
        let ok: Bool = HDF5.locked {
            Self.appendRows(energies, start: start, rows: n, columns: 1, type: calosim_H5T_NATIVE_FLOAT(), batch.incidentEnergiesMeV)
                && Self.appendRows(showers, start: start, rows: n, columns: cellCount, type: calosim_H5T_NATIVE_FLOAT(), batch.cellEnergiesMeV)
                && Self.appendRows(particles, start: start, rows: n, columns: nil, type: calosim_H5T_NATIVE_INT32(),
                                   batch.particles.map { $0?.pdgCode ?? Particle.notRecordedCode })
                && (!recordsArrival
                    || Self.appendRows(thetas, start: start, rows: n, columns: nil, type: calosim_H5T_NATIVE_FLOAT(), batch.incidentThetaRadians)
                    && Self.appendRows(phis, start: start, rows: n, columns: nil, type: calosim_H5T_NATIVE_FLOAT(), batch.incidentPhiRadians)
                    && Self.appendRows(impacts, start: start, rows: n, columns: 2, type: calosim_H5T_NATIVE_FLOAT(), batch.impactPointsMM))
        }
        guard ok else {
            throw CalosimError.badOutput("writing showers \(start)..<\(start + n) to \(target.temporaryURL.path) failed (disk full?)")
        }
        count += n
    }

    private static func appendRows<T>(_ dataset: hid_t, start: Int, rows: Int, columns: Int?, type: hid_t, _ values: [T]) -> Bool {
        let rank: Int32 = columns == nil ? 1 : 2
        var newSize: [hsize_t] = columns.map { [hsize_t(start + rows), hsize_t($0)] } ?? [hsize_t(start + rows)]
        guard H5Dset_extent(dataset, &newSize) >= 0 else { return false }
        let fileSpace = H5Dget_space(dataset)
        defer { H5Sclose(fileSpace) }
        var offset: [hsize_t] = columns == nil ? [hsize_t(start)] : [hsize_t(start), 0]
        var extent: [hsize_t] = columns.map { [hsize_t(rows), hsize_t($0)] } ?? [hsize_t(rows)]
        guard H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &offset, nil, &extent, nil) >= 0 else { return false }
        let memSpace = H5Screate_simple(rank, &extent, nil)
        defer { H5Sclose(memSpace) }
        return values.withUnsafeBytes { buffer in
            H5Dwrite(dataset, type, memSpace, fileSpace, calosim_H5P_DEFAULT(), buffer.baseAddress) >= 0
        }
    }

    private func closeAll() {
        HDF5.locked {
            for id in [energies, showers, particles, thetas, phis, impacts] where id >= 0 { H5Dclose(id) }
            if file >= 0 { H5Fclose(file) }
            energies = -1; showers = -1; particles = -1; thetas = -1; phis = -1; impacts = -1; file = -1
        }
    }

    /// Closes the file and moves it to its final name.
    public func finish() throws {
        require(!finished, "ShowerFileWriter.finish called twice")
        finished = true
        let flushed = HDF5.locked { file >= 0 && H5Fflush(file, H5F_SCOPE_GLOBAL) >= 0 }
        closeAll()
        guard flushed else {
            target.discard()
            throw CalosimError.badOutput("cannot finish \(url.path) (disk full?)")
        }
        try target.commit()
    }

    /// Closes and deletes the unfinished file; nothing is left under the final name.
    public func abort() {
        guard !finished else { return }
        finished = true
        closeAll()
        target.discard()
    }
}
