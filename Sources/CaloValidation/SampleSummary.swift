import CaloData
import CaloDetector
import CaloSupport

/// Everything the report needs from one sample's cells, accumulated chunk by chunk in blocks of
/// `blockSize` showers (`BlockReduction`, so the same sums for any chunk size): the observables
/// of every shower, the mean image, radial-profile sums and cell spectra.
struct SampleSummary: Sendable {
    /// Observable values, `[observable][shower]`, in `ObservableCalculator.observables` order.
    var values: [[Float]]
    /// Mean energy per cell over showers, MeV.
    var meanImage: [Double]
    /// Per layer, per ring: sum over showers of the ring energy and of its square (MeV, MeV^2).
    var ringSum: [[Double]]
    var ringSum2: [[Double]]
    /// Per layer, the energies of the cells above the threshold, MeV, from the first
    /// `ValidationReport.cellSpectrumShowerLimit` showers.
    var cellSpectra: [[Float]]
    var count: Int

    /// Showers per block of the reduction.
    static let blockSize = 256

    /// The summary of a batch in memory (one chunk).
    init(sample: ShowerBatch, calculator: ObservableCalculator, rings: [RadialBins], threads: Int) {
        var a = Accumulator(count: sample.count, calculator: calculator, rings: rings)
        a.add(sample, first: 0, threads: threads)
        self = a.summary()
    }

    fileprivate struct Partial: Sendable {
        var imageSum: [Double]
        var ringSum: [[Double]]
        var ringSum2: [[Double]]
        var spectra: [[Float]]
    }

    /// The summary of a sample whose showers arrive in consecutive chunks.
    struct Accumulator {
        let calculator: ObservableCalculator
        let rings: [RadialBins]
        let count: Int
        private var flat: [Float]  // [shower][observable]
        private var reduction: BlockReduction<Partial>
        private var total: Partial

        init(count: Int, calculator: ObservableCalculator, rings: [RadialBins]) {
            self.calculator = calculator
            self.rings = rings
            self.count = count
            flat = [Float](repeating: .nan, count: count * calculator.observables.count)
            reduction = BlockReduction(count: count, blockSize: SampleSummary.blockSize)
            total = Self.emptyPartial(cells: calculator.geometry.cellCount, rings: rings)
        }

        fileprivate static func emptyPartial(cells: Int, rings: [RadialBins]) -> Partial {
            Partial(imageSum: Array(repeating: 0, count: cells),
                    ringSum: rings.map { Array(repeating: 0, count: $0.ringCount) },
                    ringSum2: rings.map { Array(repeating: 0, count: $0.ringCount) },
                    spectra: Array(repeating: [], count: rings.count))
        }

        /// Adds `chunk`, the showers `first..<first + chunk.count` of the sample.
        mutating func add(_ chunk: ShowerBatch, first: Int, threads: Int) {
            let geometry = calculator.geometry, calculator = self.calculator, rings = self.rings
            let cells = chunk.cellCount, k = calculator.observables.count
            require(cells == geometry.cellCount, "SampleSummary: \(cells) cells vs geometry \(geometry.cellCount)")
            guard chunk.count > 0 else { return }
            let threshold = calculator.cellThresholdMeV
            let energies = chunk.incidentEnergiesMeV
            var total = self.total
            flat.withUnsafeMutableBufferPointer { out in
                let shared = SharedPointer(out.baseAddress!)
                chunk.cellEnergiesMeV.withUnsafeBufferPointer { all in
                    guard let base = all.baseAddress else { return }
                    let source = SharedPointer(base)
                    reduction.add(first..<first + chunk.count, threads: threads,
                                  make: { Self.emptyPartial(cells: cells, rings: rings) },
                                  fill: { p, range in
                        var ring = rings.map { Array(repeating: 0.0, count: $0.ringCount) }
                        for s in range {
                            let shower = UnsafeBufferPointer(start: source.base + (s - first) * cells, count: cells)
                            calculator.evaluate(shower, incidentEnergyMeV: energies[s - first],
                                                into: UnsafeMutableBufferPointer(start: shared.base + s * k, count: k))
                            for c in 0..<cells { p.imageSum[c] += Double(shower[c]) }
                            for (l, layer) in geometry.layers.enumerated() {
                                for r in 0..<ring[l].count { ring[l][r] = 0 }
                                for c in 0..<layer.cellCount {
                                    let e = shower[layer.firstCell + c]
                                    ring[l][rings[l].ringOfCell[c]] += Double(e)
                                    if e > threshold && s < ValidationReport.cellSpectrumShowerLimit { p.spectra[l].append(e) }
                                }
                                for r in 0..<ring[l].count {
                                    p.ringSum[l][r] += ring[l][r]
                                    p.ringSum2[l][r] += ring[l][r] * ring[l][r]
                                }
                            }
                        }
                    }, combine: { p in
                        for c in 0..<cells { total.imageSum[c] += p.imageSum[c] }
                        for l in 0..<rings.count {
                            for r in 0..<rings[l].ringCount {
                                total.ringSum[l][r] += p.ringSum[l][r]
                                total.ringSum2[l][r] += p.ringSum2[l][r]
                            }
                            total.spectra[l].append(contentsOf: p.spectra[l])
                        }
                    })
                }
            }
            self.total = total
        }

        /// The summary, once every shower is added.
        func summary() -> SampleSummary {
            require(reduction.next == count, "SampleSummary: \(reduction.next) of \(count) showers added")
            let n = count, k = calculator.observables.count
            let values = (0..<k).map { o in (0..<n).map { flat[$0 * k + o] } }
            let meanImage = n > 0 ? total.imageSum.map { $0 / Double(n) } : total.imageSum
            return SampleSummary(values: values, meanImage: meanImage, ringSum: total.ringSum, ringSum2: total.ringSum2,
                                 cellSpectra: total.spectra, count: n)
        }
    }

    private init(values: [[Float]], meanImage: [Double], ringSum: [[Double]], ringSum2: [[Double]],
                 cellSpectra: [[Float]], count: Int) {
        self.values = values
        self.meanImage = meanImage
        self.ringSum = ringSum
        self.ringSum2 = ringSum2
        self.cellSpectra = cellSpectra
        self.count = count
    }
}
