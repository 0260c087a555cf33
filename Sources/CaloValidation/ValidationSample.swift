import CaloData
import CaloDetector
import CaloSupport

/// One sample of showers to validate, whether held in memory or read from a file chunk by chunk:
/// the per-shower conditions in memory, the cells in consecutive chunks or as a chosen subset.
///
/// The validation never needs every cell of a sample at once: the observables, mean images, ring
/// sums, cell spectra and power spectra accumulate chunk by chunk (`SamplePass`), with sums that
/// do not depend on the chunk size; the classifier and the coverage read a subset of showers whose
/// size `ValidationOptions.showerMemoryBytes` caps.
///
/// Shapes: `incidentEnergiesMeV`, `particles` and `conditions` [count]; every chunk and subset a
/// `ShowerBatch` of `cellCount` cells per shower (MeV).
public protocol ValidationSample: Sendable {
    /// Number of showers.
    var count: Int { get }
    /// Cells per shower.
    var cellCount: Int { get }
    /// True where the sample records each shower's direction and impact point.
    var recordsArrival: Bool { get }
    /// Energy of each shower's incident particle, MeV.
    var incidentEnergiesMeV: [Float] { get }
    /// Species of each shower's incident particle; nil where not recorded.
    var particles: [Particle?] { get }
    /// Each shower's conditions, in order.
    var conditions: [ShowerConditions] { get }
    /// Showers read at once by `forEachChunk` and `readShowers(at:)`.
    var chunkShowers: Int { get }
    /// Calls `body(first, chunk)` for consecutive chunks that cover the sample in order, `first`
    /// the index of the chunk's first shower.
    func forEachChunk(_ body: (_ first: Int, _ chunk: ShowerBatch) throws -> Void) throws
    /// The showers `range` as a batch.
    func readShowers(_ range: Range<Int>) throws -> ShowerBatch
}

extension ValidationSample {
    /// The showers `indices` (each in 0..<count, in any order, repeats allowed) as one batch in
    /// that order, read in chunks of `chunkShowers` that hold one of them (in index order).
    public func readShowers(at indices: [Int]) throws -> ShowerBatch {
        require(indices.allSatisfy { (0..<count).contains($0) }, "readShowers(at:): an index outside 0..<\(count)")
        let order = indices.indices.sorted { indices[$0] < indices[$1] }
        // Rows of the result, filled chunk by chunk; assembled in the asked order at the end.
        var rows = [Float](repeating: 0, count: indices.count * cellCount)
        var k = 0
        while k < order.count {
            let start = indices[order[k]] / chunkShowers * chunkShowers
            let chunk = try readShowers(start..<min(count, start + chunkShowers))
            while k < order.count, indices[order[k]] < start + chunk.count {
                let row = order[k], source = (indices[row] - start) * cellCount
                rows.replaceSubrange(row * cellCount..<(row + 1) * cellCount,
                                     with: chunk.cellEnergiesMeV[source..<source + cellCount])
                k += 1
            }
        }
        let all = conditions
        let picked = indices.map { all[$0] }
        let arrival = recordsArrival
            ? (picked.map(\.thetaRadians), picked.map(\.phiRadians), picked.flatMap { [$0.impactXMM, $0.impactYMM] }) : nil
        return ShowerBatch(incidentEnergiesMeV: picked.map(\.incidentEnergyMeV), cellEnergiesMeV: rows,
                           particles: picked.map(\.particle), arrival: arrival, cellCount: cellCount)
    }
}

/// A batch in memory is a sample of one chunk.
extension ShowerBatch: ValidationSample {
    public var chunkShowers: Int { Swift.max(count, 1) }

    public func forEachChunk(_ body: (_ first: Int, _ chunk: ShowerBatch) throws -> Void) throws {
        try body(0, self)
    }

    public func readShowers(_ range: Range<Int>) throws -> ShowerBatch {
        range == 0..<count ? self : slice(range)
    }
}
