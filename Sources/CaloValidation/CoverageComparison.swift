import CaloData
import CaloSupport
import Foundation

/// How the validation computes precision, recall, density and coverage.
public struct CoverageOptions: Sendable {
    /// Nearest neighbours of the balls (the CaloChallenge's 5).
    public var k = 5
    /// Showers per sample at most: the reference is split in halves A and B, and A is compared
    /// with B and with as many generated showers. 10,000 per sample (a 20,000-shower reference)
    /// takes ~20 s on two cores for the 504 cells of `calogan`; the cost grows as n² cells. The
    /// validation lowers it further to what `ValidationOptions.showerMemoryBytes` holds.
    public var maxShowersPerSample = 10_000
    /// Energy given to empty (and below-threshold) cells before the log10, MeV (CaloChallenge: 0.1).
    public var emptyCellMeV: Float = 0.1

    public init() {}
}

/// Precision, recall, density and coverage (`PrecisionRecallDensityCoverage`) of the generated
/// showers against the reference, and of the reference against itself, on the CaloChallenge's
/// features: log10 of every cell energy in MeV, cells below the report's cell threshold set to
/// 0.1 MeV first (the CaloChallenge's evaluate.py zeroes voxels below its readout threshold, then
/// sets zeros to 0.1 MeV).
///
/// The reference is split in halves: A (showers 0..<n) is the "real" sample of both comparisons;
/// B (showers n..<2n) is the fake one of the reference-against-itself value, and the generated
/// showers n..<2n (or 0..<n when there are fewer than 2n) that of the model. Both fakes are then
/// the same size against the same real sample, so "coverage at least 0.9 of the reference value"
/// compares like with like; with one shower generated per reference energy the generated
/// showers n..<2n also have B's energies.
public struct CoverageComparison: Sendable, Codable, Equatable {
    public var k: Int
    /// Showers in each of the three samples.
    public var showers: Int
    /// Cells below this energy count as empty, MeV; empty cells enter at `emptyCellMeV`.
    public var cellThresholdMeV: Float
    public var emptyCellMeV: Float
    /// Reference half B against reference half A.
    public var referenceVsReference: PrecisionRecallDensityCoverage
    /// Generated showers against reference half A.
    public var generatedVsReference: PrecisionRecallDensityCoverage
    /// E[coverage] for two samples of one distribution of these sizes (Naeem et al., Lemma 2).
    public var expectedCoverage: Double
    /// Wall time, s.
    public var seconds: Double

    /// Generated coverage over the reference-against-itself coverage.
    public var coverageRatio: Double { generatedVsReference.coverage / referenceVsReference.coverage }

    /// The comparison, or nil when the reference has fewer than 2 (k + 1) showers or the
    /// generated sample fewer than k + 1.
    /// Only the compared showers are read (three ranges of `showers` showers).
    public init?(reference: any ValidationSample, generated: any ValidationSample, cellThresholdMeV: Float,
                 options: CoverageOptions, threads: Int) throws {
        let n = min(reference.count / 2, generated.count, options.maxShowersPerSample)
        guard n > options.k else { return nil }
        let start = Date()
        let generatedRange = generated.count >= 2 * n ? n..<(2 * n) : 0..<n
        func features(_ s: any ValidationSample, _ range: Range<Int>) throws -> PointSet {
            try Self.features(s, range, cellThresholdMeV: cellThresholdMeV, emptyCellMeV: options.emptyCellMeV)
        }
        let a = try features(reference, 0..<n)
        referenceVsReference = PrecisionRecallDensityCoverage(real: a, fake: try features(reference, n..<(2 * n)), k: options.k,
                                                              threads: threads)
        generatedVsReference = PrecisionRecallDensityCoverage(real: a, fake: try features(generated, generatedRange), k: options.k,
                                                              threads: threads)
        k = options.k
        showers = n
        self.cellThresholdMeV = cellThresholdMeV
        emptyCellMeV = options.emptyCellMeV
        expectedCoverage = PrecisionRecallDensityCoverage.expectedCoverage(realCount: n, fakeCount: n, k: options.k)
        seconds = Date().timeIntervalSince(start)
    }

    /// `features(_:_:cellThresholdMeV:emptyCellMeV:)` of a sample's showers `range`, read
    /// `chunkShowers` at a time.
    static func features(_ s: any ValidationSample, _ range: Range<Int>, cellThresholdMeV: Float,
                         emptyCellMeV: Float) throws -> PointSet {
        var values = [Float]()
        values.reserveCapacity(range.count * s.cellCount)
        for start in stride(from: range.lowerBound, to: range.upperBound, by: s.chunkShowers) {
            let piece = start..<min(range.upperBound, start + s.chunkShowers)
            let chunk = try s.readShowers(piece)
            values += features(chunk, 0..<chunk.count, cellThresholdMeV: cellThresholdMeV, emptyCellMeV: emptyCellMeV).values
        }
        return PointSet(values: values, dimension: s.cellCount)
    }

    /// log10(E_cell / MeV) of showers `range`, [range.count, cells]; a cell below
    /// `cellThresholdMeV` (or not above 0) enters as log10(emptyCellMeV).
    public static func features(_ s: ShowerBatch, _ range: Range<Int>, cellThresholdMeV: Float, emptyCellMeV: Float) -> PointSet {
        let cells = s.cellCount, empty = log10(emptyCellMeV)
        var values = [Float](repeating: empty, count: range.count * cells)
        for (row, i) in range.enumerated() {
            for c in 0..<cells {
                let e = s.cellEnergiesMeV[i * cells + c]
                if e > 0 && e >= cellThresholdMeV { values[row * cells + c] = log10(e) }
            }
        }
        return PointSet(values: values, dimension: cells)
    }
}
