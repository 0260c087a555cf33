import CaloDetector
import CaloSupport
import Foundation

/// Concatenates shower files of one geometry into one file (`calosim merge`).
///
/// Shards of one seeded run (`simulate --first-shower`) are put in shower order and must be
/// contiguous; the result is then identical, shower for shower, to a single run. Files of
/// different seeds may be merged too (the seeds are recorded). The showers' directions and impact
/// points are carried when every input records them; inputs that differ in this are refused (the
/// merged file would either lose them or claim normal incidence for showers that never said).
public enum ShowerFileMerger {
    /// Merges `inputs` into `output`, streaming `batchSize` showers at a time. Returns the count.
    @discardableResult
    public static func merge(_ inputs: [URL], into output: URL, overwrite: Bool, commandLine: String,
                             batchSize: Int = 4096) throws -> Int {
        guard inputs.count >= 2 else { throw CalosimError.badInput("merge needs at least two input files") }
        var readers = try inputs.map { try ShowerFileReader(url: $0) }
        let geometry = readers[0].geometry
        for r in readers.dropFirst() where !r.geometry.sameReadout(as: geometry) {
            throw CalosimError.mismatch("\(r.url.path) was made in geometry '\(r.geometry.name)' (\(r.cellCount) cells), "
                + "\(readers[0].url.path) in '\(geometry.name)' (\(geometry.cellCount) cells)")
        }
        if let with = readers.first(where: \.recordsArrival), let without = readers.first(where: { !$0.recordsArrival }) {
            throw CalosimError.mismatch("\(with.url.path) records each shower's direction and impact point, \(without.url.path) "
                + "does not (an older or foreign file); merge files of one kind")
        }
        let seeds = Set(readers.map(\.metadata.seed))
        var extra = readers[0].metadata.extra
        extra["merged_from"] = readers.map { $0.url.lastPathComponent }.joined(separator: ",")
        let firsts = readers.map { $0.metadata.extra["first_shower"].flatMap(Int.init) }
        if seeds.count == 1, firsts.allSatisfy({ $0 != nil }) {
            let order = readers.indices.sorted { firsts[$0]! < firsts[$1]! }
            readers = order.map { readers[$0] }
            let starts = order.map { firsts[$0]! }
            var next = starts[0]
            for (r, first) in zip(readers, starts) {
                guard first == next else {
                    throw CalosimError.mismatch("shards of seed \(seeds.first!) \(first < next ? "overlap" : "leave a gap"): "
                        + "\(r.url.path) starts at shower \(first), expected \(next)")
                }
                next = first + r.count
            }
            extra["first_shower"] = readers[0].metadata.extra["first_shower"]
        } else {
            extra["first_shower"] = nil
            if seeds.count > 1 { extra["merged_seeds"] = readers.map { String($0.metadata.seed) }.joined(separator: ",") }
        }
        let metadata = ShowerFileMetadata(geometryJSON: readers[0].metadata.geometryJSON, producer: readers[0].metadata.producer,
                                          seed: seeds.count == 1 ? seeds.first! : 0, commandLine: commandLine, extra: extra)
        let writer = try ShowerFileWriter(url: output, geometry: geometry, metadata: metadata, overwrite: overwrite,
                                          recordsArrival: readers[0].recordsArrival)
        var total = 0
        do {
            for r in readers {
                for range in r.batches(size: batchSize) {
                    try writer.append(try r.read(range))
                }
                total += r.count
            }
            try writer.finish()
        } catch {
            writer.abort()
            throw error
        }
        return total
    }
}
