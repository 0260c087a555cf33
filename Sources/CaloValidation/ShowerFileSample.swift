import CaloData
import CaloDetector
import CaloSupport

/// A shower file as a validation sample: its conditions read once into memory, its cells read
/// `chunkShowers` showers at a time, so that a file larger than memory (CaloChallenge dataset 3:
/// 50,000 x 40,500 cells, 8.1 GB) validates in a bounded amount of memory.
public struct ShowerFileSample: ValidationSample {
    /// The open file.
    public let reader: ShowerFileReader
    public let conditions: [ShowerConditions]
    public let incidentEnergiesMeV: [Float]
    public let particles: [Particle?]
    public let chunkShowers: Int

    /// Showers per chunk by default: 1,024, a multiple of the validation's blocks of 256 and 512
    /// showers (166 MB of cells per chunk for dataset 3's 40,500 cells).
    public static let defaultChunkShowers = 1_024

    /// Reads the conditions of `reader`'s file; the cells come later, chunk by chunk.
    public init(reader: ShowerFileReader, chunkShowers: Int = defaultChunkShowers) throws {
        require(chunkShowers > 0, "ShowerFileSample: chunkShowers must be > 0 (got \(chunkShowers))")
        self.reader = reader
        self.chunkShowers = chunkShowers
        conditions = try reader.readConditions()
        incidentEnergiesMeV = conditions.map(\.incidentEnergyMeV)
        particles = conditions.map(\.particle)
    }

    public var count: Int { reader.count }
    public var cellCount: Int { reader.cellCount }
    public var recordsArrival: Bool { reader.recordsArrival }

    public func forEachChunk(_ body: (_ first: Int, _ chunk: ShowerBatch) throws -> Void) throws {
        for range in reader.batches(size: chunkShowers) { try body(range.lowerBound, try reader.read(range)) }
    }

    public func readShowers(_ range: Range<Int>) throws -> ShowerBatch {
        try reader.read(range)
    }
}
