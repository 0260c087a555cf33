import CaloData
import CaloSupport
import Foundation

/// Builds the two splits of a training set from showers that arrive in chunks in file order,
/// so that a file is never held whole: memory is the training split's cells in network space
/// ((count - held) x cellCount floats, 4 bytes each) plus one chunk. The validation split keeps
/// no cells: the checkpoint selection needs each shower's conditions and total alone.
///
/// The split is a seeded Fisher-Yates shuffle of the shower indices (`StreamDomain.trainingSplit`,
/// key `seed`); the first `held` showers of the shuffled order are the validation split. Each
/// shower is written straight into its place in its split, so any chunking gives the same bytes
/// as one chunk of all showers. Cells in network space: `transform.forward(cell / E_inc)`.
struct TrainingSplitter {
    let cellCount: Int
    let transform: CellTransform
    /// Showers of the validation split.
    let held: Int
    /// The shuffled order: `order[k]` is the file index of the k-th shower of the splits.
    let order: [Int]
    /// `place[i]`: position of file shower i in the shuffled order.
    private let place: [Int]
    private var trainingCells: [Float]
    /// Incident energy and total deposit of each shower, MeV, in shuffled order.
    private var incidentMeV: [Float]
    private var totalMeV: [Float]
    /// Every shower's conditions, in file order.
    private(set) var conditions: [ShowerConditions] = []

    /// Splits `count` showers of `cellCount` cells, holding out `validationFraction` of them
    /// (at least one).
    init(count: Int, cellCount: Int, transform: CellTransform, validationFraction: Float, seed: UInt64) {
        require(count >= 2 && cellCount > 0, "TrainingSplitter: \(count) showers of \(cellCount) cells")
        self.cellCount = cellCount
        self.transform = transform
        var order = Array(0..<count)
        var rng = StreamDomain.trainingSplit.generator(key: seed, index: 0)
        for i in stride(from: order.count - 1, to: 0, by: -1) {
            let j = Int(rng.next() % UInt64(i + 1))
            order.swapAt(i, j)
        }
        self.order = order
        var place = [Int](repeating: 0, count: count)
        for (k, i) in order.enumerated() { place[i] = k }
        self.place = place
        held = min(count - 1, max(1, Int(Float(count) * validationFraction)))
        trainingCells = [Float](repeating: 0, count: (count - held) * cellCount)
        incidentMeV = [Float](repeating: 0, count: count)
        totalMeV = [Float](repeating: 0, count: count)
        conditions.reserveCapacity(count)
    }

    /// Showers received so far.
    var received: Int { conditions.count }

    /// Takes the next showers in file order (values already checked: `TrainingData.checkValues`).
    mutating func add(_ chunk: ShowerBatch, threads: Int) {
        require(chunk.cellCount == cellCount && received + chunk.count <= order.count,
                "TrainingSplitter.add: \(chunk.count) showers of \(chunk.cellCount) cells after \(received) of \(order.count)")
        let first = received, cells = cellCount, held = self.held, transform = self.transform
        place.withUnsafeBufferPointer { p in
            incidentMeV.withUnsafeMutableBufferPointer { e in
                totalMeV.withUnsafeMutableBufferPointer { t in
                    trainingCells.withUnsafeMutableBufferPointer { tr in
                            chunk.cellEnergiesMeV.withUnsafeBufferPointer { source in
                                let places = SharedPointer(p.baseAddress!), src = SharedPointer(source.baseAddress!)
                                let energies = SharedPointer(e.baseAddress!), totals = SharedPointer(t.baseAddress!)
                                let training = SharedPointer(tr.baseAddress!)
                                Threads.parallelFor(chunk.count, threads: threads) { j in
                                    let k = places[first + j]
                                    let energy = chunk.incidentEnergiesMeV[j]
                                    let shower = src.base + j * cells
                                    var total: Float = 0
                                    for c in 0..<cells { total += shower[c] }
                                    if k >= held {
                                        let out = training.base + (k - held) * cells
                                        for c in 0..<cells { out[c] = transform.forward(shower[c] / energy) }
                                    }
                                    energies[k] = energy
                                    totals[k] = total
                                }
                            }
                        }
                    }
                }
            }
        conditions += chunk.conditions
    }

    /// The validation and training splits, once every shower has been added; the conditions
    /// encoded by `encoding`.
    func splits(encoding: ConditionEncoding) -> (validation: TrainingData.Split, training: TrainingData.Split) {
        require(received == order.count, "TrainingSplitter.splits: \(received) of \(order.count) showers added")
        func split(_ range: Range<Int>, cells: [Float]) -> TrainingData.Split {
            TrainingData.Split(cells: cells, condition: encoding.values(order[range].map { conditions[$0] }),
                               conditionWidth: encoding.width, incidentMeV: Array(incidentMeV[range]),
                               totalMeV: Array(totalMeV[range]))
        }
        return (split(0..<held, cells: []), split(held..<order.count, cells: trainingCells))
    }
}
