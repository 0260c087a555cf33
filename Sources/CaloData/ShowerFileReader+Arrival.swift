import CaloSupport
import _CHDF5

extension ShowerFileReader {
    /// The arrival datasets, in the order `checkArrival` takes them.
    static let arrivalNames = ["incident_theta", "incident_phi", "impact_point"]

    /// Showers checked per read when the arrival is validated (bounds the memory for any N).
    static let arrivalCheckRows = 65_536

    /// The arrival datasets of a file, checked: all three or none, `incident_theta` and
    /// `incident_phi` of shape [N] or [N, 1], `impact_point` [N, 2], every theta a float in
    /// [0, pi/2), every phi in [-pi, pi] (`ShowerConditions`), every impact coordinate finite.
    /// - Throws: `CalosimError.badFile` naming the dataset, and the first bad shower and value.
    static func checkArrival(_ sets: [HDF5.Handle?], count: Int, path: String) throws
        -> (theta: HDF5.Handle, phi: HDF5.Handle, impact: HDF5.Handle)? {
        func bad(_ reason: String) -> CalosimError { .badFile(path: path, reason: reason) }
        let present = zip(arrivalNames, sets).filter { $0.1 != nil }.map(\.0)
        if present.isEmpty { return nil }
        guard present.count == arrivalNames.count, let theta = sets[0], let phi = sets[1], let impact = sets[2] else {
            let missing = arrivalNames.filter { !present.contains($0) }
            throw bad("has \(present.map { "'\($0)'" }.joined(separator: ", ")) but not \(missing.map { "'\($0)'" }.joined(separator: ", ")): "
                + "a shower's direction and impact point are recorded together")
        }
        for (name, set, shapes) in [("incident_theta", theta, [[count], [count, 1]]), ("incident_phi", phi, [[count], [count, 1]]),
                                    ("impact_point", impact, [[count, 2]])] {
            let dims = HDF5.locked { HDF5.dimensions(set.id) }
            guard shapes.contains(dims) else {
                throw bad("dataset '\(name)' has shape \(dims), expected \(shapes[0]) to match 'showers' [\(count), cells]")
            }
        }
        var start = 0
        while start < count {
            let n = min(arrivalCheckRows, count - start)
            var t = [Float](repeating: 0, count: n), p = t, xy = [Float](repeating: 0, count: 2 * n)
            let ok = HDF5.locked {
                readRows(theta.id, start: start, rows: n, type: calosim_H5T_NATIVE_FLOAT(), into: &t)
                    && readRows(phi.id, start: start, rows: n, type: calosim_H5T_NATIVE_FLOAT(), into: &p)
                    && readRows(impact.id, start: start, rows: n, type: calosim_H5T_NATIVE_FLOAT(), into: &xy)
            }
            guard ok else { throw bad("cannot read the arrival of showers \(start)..<\(start + n) (truncated or corrupt file?)") }
            if let i = t.firstIndex(where: { !ShowerConditions.thetaRangeRadians.contains($0) }) {
                throw bad("incident_theta of shower \(start + i) is \(t[i]) rad; the polar angle to the normal must be in [0, pi/2)")
            }
            if let i = p.firstIndex(where: { !ShowerConditions.phiRangeRadians.contains($0) }) {
                throw bad("incident_phi of shower \(start + i) is \(p[i]) rad; the azimuth must be in [-pi, pi]")
            }
            if let i = xy.firstIndex(where: { !$0.isFinite }) {
                throw bad("impact_point of shower \(start + i / 2) is (\(xy[i / 2 * 2]), \(xy[i / 2 * 2 + 1])) mm; it must be finite")
            }
            start += n
        }
        return (theta, phi, impact)
    }
}
