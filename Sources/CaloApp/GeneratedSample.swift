import CaloData
import CaloDetector
import CaloGAN
import CaloSupport
import CaloValidation

/// The showers a trained generator makes at a reference sample's conditions, generated chunk by
/// chunk when the validation asks for them: memory is one chunk's cells, whatever the sample's
/// size. The chunks are fixed by the sample (`chunkShowers` from the first shower, a last one of
/// fewer than `GenerateJob.smallestBatch` joining the one before) and each is one `generate`
/// call (shower k from the seed's stream k), so every read, in order or a subset, gets the same
/// bytes for a shower.
struct GeneratedSample: ValidationSample {
    let generator: TrainedGenerator
    /// The conditions the showers are generated at (a shower without a species takes the
    /// model's single one).
    let generationConditions: [ShowerConditions]
    /// The conditions the sample reports: the reference's, species as recorded there.
    let conditions: [ShowerConditions]
    let seed: UInt64
    let recordsArrival: Bool
    let chunkShowers: Int
    let incidentEnergiesMeV: [Float]
    let particles: [Particle?]

    /// Showers of `generator` at `generationConditions`, reported with `conditions` (one each).
    init(generator: TrainedGenerator, generationConditions: [ShowerConditions], conditions: [ShowerConditions],
         seed: UInt64, recordsArrival: Bool, chunkShowers: Int = ShowerFileSample.defaultChunkShowers) {
        require(generationConditions.count == conditions.count && chunkShowers >= GenerateJob.smallestBatch,
                "GeneratedSample: \(generationConditions.count) and \(conditions.count) conditions, chunks of \(chunkShowers)")
        self.generator = generator
        self.generationConditions = generationConditions
        self.conditions = conditions
        self.seed = seed
        self.recordsArrival = recordsArrival
        self.chunkShowers = chunkShowers
        incidentEnergiesMeV = conditions.map(\.incidentEnergyMeV)
        particles = conditions.map(\.particle)
    }

    var count: Int { conditions.count }
    var cellCount: Int { generator.configuration.cellCount }

    /// The fixed chunks, in order: the batches of a generate run with `chunkShowers` per batch.
    private var chunks: some Sequence<Range<Int>> { GenerateJob.batches(count: count, size: chunkShowers) }

    func forEachChunk(_ body: (_ first: Int, _ chunk: ShowerBatch) throws -> Void) throws {
        for chunk in chunks { try body(chunk.lowerBound, generate(chunk)) }
    }

    /// Generates the chunks that overlap `range` and keeps its showers.
    func readShowers(_ range: Range<Int>) throws -> ShowerBatch {
        require(range.lowerBound >= 0 && range.upperBound <= count, "GeneratedSample: showers \(range) of \(count)")
        var out = ShowerBatch(cellCount: cellCount, capacity: range.count, recordsArrival: recordsArrival)
        for chunk in chunks where chunk.overlaps(range) {
            let batch = generate(chunk), kept = chunk.clamped(to: range)
            out.append(contentsOf: batch.slice((kept.lowerBound - chunk.lowerBound)..<(kept.upperBound - chunk.lowerBound)))
        }
        return out
    }

    /// Showers `range` in one call.
    private func generate(_ range: Range<Int>) -> ShowerBatch {
        let cells = generator.generate(conditions: Array(generationConditions[range]), seed: seed, firstIndex: range.lowerBound)
        var batch = ShowerBatch(cellCount: cellCount, capacity: range.count, recordsArrival: recordsArrival)
        for (j, i) in range.enumerated() {
            batch.append(cells: cells[(j * cellCount)..<((j + 1) * cellCount)], conditions: conditions[i])
        }
        return batch
    }
}
