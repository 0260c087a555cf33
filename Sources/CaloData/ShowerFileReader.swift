import CaloDetector
import CaloSupport
import Foundation
import _CHDF5

/// Reads a shower file (calosim's or a CaloChallenge file) and checks its layout.
///
/// Accepts `incident_energies` as [N, 1] or [N]; `particle` (PDG codes) is optional: absent or
/// 0, a shower's species is not recorded; any other code must be e-, e+ or gamma. The arrival,
/// `incident_theta` and `incident_phi` ([N] or [N, 1], radians) with `impact_point` ([N, 2], mm),
/// is optional too, all three or none (format version 2; older and CaloChallenge files have
/// none: `recordsArrival` false); every value is checked when the file is opened (finite, theta
/// in [0, pi/2), phi in [-pi, pi]).
/// Geometry: from the file's `geometry` attribute; a file without one (a CaloChallenge file)
/// needs `expectedGeometry`, whose cell count it must match.
///
/// Sendable: its properties never change after the open, and every HDF5 call runs under
/// `HDF5.locked`, so readers may be shared across threads.
public final class ShowerFileReader: @unchecked Sendable {
    public let url: URL
    public let count: Int
    public let cellCount: Int
    public let geometry: Geometry
    public let metadata: ShowerFileMetadata
    private let file: HDF5.Handle
    private let energies: HDF5.Handle
    private let showers: HDF5.Handle
    private let particles: HDF5.Handle?
    /// `incident_theta`, `incident_phi`, `impact_point`; nil when the file does not record them.
    private let arrival: (theta: HDF5.Handle, phi: HDF5.Handle, impact: HDF5.Handle)?

    /// True when the file records each shower's direction and impact point.
    public var recordsArrival: Bool { arrival != nil }

    /// Opens `url`.
    /// - Throws: `CalosimError.badFile` for a missing, truncated or malformed file (naming what
    ///   is wrong), `.mismatch` when the file's geometry differs from `expectedGeometry`.
    public init(url: URL, expectedGeometry: Geometry? = nil) throws {
        self.url = url
        let path = url.path
        func bad(_ reason: String) -> CalosimError { .badFile(path: path, reason: reason) }
        guard FileManager.default.fileExists(atPath: path) else { throw bad("no such file") }
        let opened: (hid_t, Bool) = HDF5.locked {
            (H5Fopen(path, calosim_H5F_ACC_RDONLY(), calosim_H5P_DEFAULT()), H5Fis_hdf5(path) > 0)
        }
        guard opened.0 >= 0 else {
            throw bad(opened.1 ? "cannot open the HDF5 file (truncated or corrupt?)" : "not an HDF5 file (or truncated before its header)")
        }
        file = HDF5.Handle(opened.0, close: H5Fclose)
        let fid = opened.0
        func open(_ name: String, required: Bool) throws -> HDF5.Handle? {
            let id: hid_t = HDF5.locked {
                H5Lexists(fid, name, calosim_H5P_DEFAULT()) > 0 ? H5Dopen2(fid, name, calosim_H5P_DEFAULT()) : -1
            }
            if id < 0 {
                if required { throw bad("missing dataset '\(name)'") }
                return nil
            }
            return HDF5.Handle(id, close: H5Dclose)
        }
        let energySet = try open("incident_energies", required: true)!
        let showerSet = try open("showers", required: true)!
        let particleSet = try open("particle", required: false)
        let arrivalSets = try Self.arrivalNames.map { try open($0, required: false) }
        energies = energySet
        showers = showerSet
        particles = particleSet
        let showerDims = HDF5.locked { HDF5.dimensions(showerSet.id) }
        let energyDims = HDF5.locked { HDF5.dimensions(energySet.id) }
        guard showerDims.count == 2, showerDims[0] >= 0, showerDims[1] > 0 else {
            throw bad("dataset 'showers' has shape \(showerDims), expected [N, cells]")
        }
        count = showerDims[0]
        cellCount = showerDims[1]
        try Self.checkStorage(showerSet.id, count: count, cellCount: cellCount, path: path)
        guard energyDims == [count, 1] || energyDims == [count] else {
            throw bad("dataset 'incident_energies' has shape \(energyDims), expected [\(count), 1] to match 'showers' \(showerDims)")
        }
        if let p = particleSet {
            let dims = HDF5.locked { HDF5.dimensions(p.id) }
            guard dims == [count] || dims == [count, 1] else {
                throw bad("dataset 'particle' has shape \(dims), expected [\(count)]")
            }
        }

        // Attributes.
        let version = HDF5.locked { HDF5.readIntAttribute(fid, name: "format_version") }
        if let v = version, v > Int64(ShowerFileMetadata.currentFormatVersion) {
            throw bad("format version \(v) is newer than this calosim reads (\(ShowerFileMetadata.currentFormatVersion)); update calosim")
        }
        let attrs: [String: String] = HDF5.locked {
            var result: [String: String] = [:]
            for name in HDF5.attributeNames(fid) where name != "format_version" {
                if let v = HDF5.readStringAttribute(fid, name: name) { result[name] = v }
            }
            return result
        }
        let resolved: Geometry
        if let json = attrs["geometry"] {
            do {
                resolved = try Geometry(json: json)
            } catch {
                throw bad("its geometry attribute is invalid: \(error)")
            }
            if let expected = expectedGeometry, expected.json != json, !expected.sameReadout(as: resolved) {
                throw CalosimError.mismatch(
                    "\(path) was made in geometry '\(resolved.name)' (\(resolved.cellCount) cells), not '\(expected.name)' (\(expected.cellCount) cells)")
            }
        } else if let expected = expectedGeometry {
            resolved = expected
        } else {
            throw bad("has no geometry attribute (not a calosim file); name the geometry with --geometry")
        }
        guard resolved.cellCount == cellCount else {
            throw CalosimError.mismatch("\(path) has \(cellCount) cells per shower, geometry '\(resolved.name)' has \(resolved.cellCount)")
        }
        try Self.checkEnergyUnits(energySet.id, showers: showerSet.id, count: count, cellCount: cellCount, path: path)
        arrival = try Self.checkArrival(arrivalSets, count: count, path: path)
        geometry = resolved
        var extra = attrs
        for key in ["geometry", "producer", "seed", "command_line"] { extra[key] = nil }
        metadata = ShowerFileMetadata(
            geometryJSON: attrs["geometry"] ?? resolved.json, producer: attrs["producer"] ?? "unknown",
            seed: attrs["seed"].flatMap { UInt64($0) } ?? 0, commandLine: attrs["command_line"] ?? "",
            extra: extra, formatVersion: Int(version ?? 0))
    }

    /// Reads showers `range` (clamped to the file).
    public func read(_ range: Range<Int>) throws -> ShowerBatch {
        let c = try readColumns(range, cells: true)
        return ShowerBatch(incidentEnergiesMeV: c.energies, cellEnergiesMeV: c.cells, particles: c.particles,
                           arrival: c.arrival, cellCount: cellCount)
    }

    /// The conditions of showers `range` (clamped to the file; nil: every shower): energy,
    /// species, direction, impact point, without the cells: a few numbers per shower, whatever
    /// the file's size.
    public func readConditions(_ range: Range<Int>? = nil) throws -> [ShowerConditions] {
        let c = try readColumns(range ?? 0..<count, cells: false)
        return c.energies.indices.map { i in
            ShowerConditions(particle: c.particles[i], incidentEnergyMeV: c.energies[i],
                             thetaRadians: c.arrival?.theta[i] ?? 0, phiRadians: c.arrival?.phi[i] ?? 0,
                             impactXMM: c.arrival?.impactMM[2 * i] ?? 0, impactYMM: c.arrival?.impactMM[2 * i + 1] ?? 0)
        }
    }

    /// The columns of showers `range` (clamped to the file); the cells only when `cells` (else empty).
    private func readColumns(_ range: Range<Int>, cells: Bool) throws
        -> (energies: [Float], cells: [Float], particles: [Particle?], arrival: (theta: [Float], phi: [Float], impactMM: [Float])?) {
        let lo = max(0, range.lowerBound), hi = min(count, range.upperBound)
        let n = max(0, hi - lo)
        var e = [Float](repeating: 0, count: n)
        var s = [Float](repeating: 0, count: cells ? n * cellCount : 0)
        var p = [Int32](repeating: 0, count: n)
        var theta = [Float](repeating: 0, count: n), phi = theta, impact = [Float](repeating: 0, count: 2 * n)
        if n == 0 { return ([], [], [], arrival.map { _ in ([], [], []) }) }
        let ok: Bool = HDF5.locked {
            var good = Self.readRows(energies.id, start: lo, rows: n, type: calosim_H5T_NATIVE_FLOAT(), into: &e)
            if cells { good = good && Self.readRows(showers.id, start: lo, rows: n, type: calosim_H5T_NATIVE_FLOAT(), into: &s) }
            if let particles { good = good && Self.readRows(particles.id, start: lo, rows: n, type: calosim_H5T_NATIVE_INT32(), into: &p) }
            if let arrival {
                good = good && Self.readRows(arrival.theta.id, start: lo, rows: n, type: calosim_H5T_NATIVE_FLOAT(), into: &theta)
                    && Self.readRows(arrival.phi.id, start: lo, rows: n, type: calosim_H5T_NATIVE_FLOAT(), into: &phi)
                    && Self.readRows(arrival.impact.id, start: lo, rows: n, type: calosim_H5T_NATIVE_FLOAT(), into: &impact)
            }
            return good
        }
        guard ok else {
            throw CalosimError.badFile(path: url.path, reason: "cannot read showers \(lo)..<\(hi) (truncated or corrupt file?)")
        }
        let species = try p.indices.map { i -> Particle? in
            do {
                return try Particle(recordedCode: p[i])
            } catch {
                throw CalosimError.badFile(path: url.path, reason: "shower \(lo + i): \(error)")
            }
        }
        return (e, s, species, arrival == nil ? nil : (theta, phi, impact))
    }

    /// Reads every shower.
    public func readAll() throws -> ShowerBatch { try read(0..<count) }

    /// Batches of at most `size` showers, in order (for training and validation passes).
    public func batches(size: Int) -> some Sequence<Range<Int>> {
        require(size > 0, "batches(size:) needs size > 0")
        return stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }

    /// Refuses a `showers` dataset whose declared values cannot be in the file: more than
    /// deflate's largest compression ratio (1032:1; 1100 here) allows from the bytes it stores,
    /// which cannot exceed the file's size, plus 1 MiB (small datasets never written, as in
    /// tests). Such a file is damaged, or was never written in full; reading it would allocate
    /// for values that do not exist.
    private static func checkStorage(_ dataset: hid_t, count: Int, cellCount: Int, path: String) throws {
        let stored = HDF5.locked { H5Dget_storage_size(dataset) }
        let fileSize = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int).map(UInt64.init) ?? 0
        let (values, overflow) = count.multipliedReportingOverflow(by: cellCount)
        let available = 1100 * min(UInt64(stored), fileSize) + (1 << 20)
        guard !overflow, values <= Int.max / 4, UInt64(values) * 4 <= available else {
            throw CalosimError.badFile(path: path, reason:
                "dataset 'showers' declares \(count) x \(cellCount) values but stores only \(stored) bytes (truncated, damaged or never written in full)")
        }
    }

    /// Incident energies below this are refused as GeV in a file that must hold MeV, MeV.
    public static let smallestIncidentEnergyMeV: Float = 0.1

    /// The largest median of (sum of cells) / (incident energy) over the first showers that a
    /// file in MeV can have; GeV energies with MeV cells give about 1000.
    public static let largestResponse: Float = 100

    /// Refuses a file whose incident energies are in GeV: calosim and the CaloChallenge store MeV.
    /// Two signs: a positive incident energy below 100 keV, or cells that hold on median more
    /// than `largestResponse` times the incident energy over the first 100 showers (a 1 GeV to
    /// 1 TeV file in GeV holds 1 to 1000 with MeV cells).
    private static func checkEnergyUnits(_ energies: hid_t, showers: hid_t, count: Int, cellCount: Int, path: String) throws {
        guard count > 0 else { return }
        var values = [Float](repeating: 0, count: count)
        let ok = HDF5.locked { readRows(energies, start: 0, rows: count, type: calosim_H5T_NATIVE_FLOAT(), into: &values) }
        guard ok else { throw CalosimError.badFile(path: path, reason: "cannot read 'incident_energies' (truncated or corrupt file?)") }
        if let i = values.firstIndex(where: { $0 > 0 && $0 < smallestIncidentEnergyMeV }) {
            let largest = values.filter(\.isFinite).max() ?? values[i]
            throw CalosimError.badFile(path: path, reason:
                "incident energy of shower \(i) is \(values[i]) MeV (largest \(largest) MeV), below 100 keV: the energies look like GeV; incident_energies must be in MeV")
        }
        let n = min(count, 100)
        var cells = [Float](repeating: 0, count: n * cellCount)
        guard HDF5.locked({ readRows(showers, start: 0, rows: n, type: calosim_H5T_NATIVE_FLOAT(), into: &cells) }) else {
            throw CalosimError.badFile(path: path, reason: "cannot read showers 0..<\(n) (truncated or corrupt file?)")
        }
        var ratios: [Float] = []
        for i in 0..<n where values[i] > 0 && values[i].isFinite {
            let r = cells[i * cellCount..<(i + 1) * cellCount].reduce(0, +) / values[i]
            if r.isFinite { ratios.append(r) }
        }
        guard !ratios.isEmpty else { return }
        ratios.sort()
        let median = ratios[ratios.count / 2]
        if median > largestResponse {
            throw CalosimError.badFile(path: path, reason:
                "the cells hold on median \(median) times the incident energy over the first \(ratios.count) showers: the incident energies look like GeV; incident_energies must be in MeV")
        }
    }

    static func readRows<T>(_ dataset: hid_t, start: Int, rows: Int, type: hid_t, into values: inout [T]) -> Bool {
        let dims = HDF5.dimensions(dataset)
        let fileSpace = H5Dget_space(dataset)
        defer { H5Sclose(fileSpace) }
        var offset = [hsize_t](repeating: 0, count: dims.count)
        offset[0] = hsize_t(start)
        var extent = dims.map { hsize_t($0) }
        extent[0] = hsize_t(rows)
        guard H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &offset, nil, &extent, nil) >= 0 else { return false }
        let memSpace = H5Screate_simple(Int32(extent.count), &extent, nil)
        defer { H5Sclose(memSpace) }
        return values.withUnsafeMutableBytes { buffer in
            H5Dread(dataset, type, memSpace, fileSpace, calosim_H5P_DEFAULT(), buffer.baseAddress) >= 0
        }
    }
}
