import CaloData
import CaloDetector
import CaloSupport

/// Everything the report needs from one sample, computed in one parallel pass over its showers:
/// the observables of every shower, the mean image, radial-profile sums and cell spectra.
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

    private struct Partial: Sendable {
        var imageSum: [Double]
        var ringSum: [[Double]]
        var ringSum2: [[Double]]
        var spectra: [[Float]]
    }

    init(sample: ShowerBatch, calculator: ObservableCalculator, rings: [RadialBins], threads: Int) {
        let geometry = calculator.geometry
        let n = sample.count, cells = sample.cellCount, k = calculator.observables.count
        var flat = [Float](repeating: .nan, count: n * k)  // [shower][observable]
        let threshold = calculator.cellThresholdMeV
        let partials: [Partial] = flat.withUnsafeMutableBufferPointer { out in
            let shared = SharedPointer(out.baseAddress!)
            return sample.cellEnergiesMeV.withUnsafeBufferPointer { all in
                let source = SharedPointer(all.baseAddress!)
                return ParallelChunks.map(count: n, size: 256, threads: threads) { range in
                    var p = Partial(imageSum: Array(repeating: 0, count: cells),
                                    ringSum: rings.map { Array(repeating: 0, count: $0.ringCount) },
                                    ringSum2: rings.map { Array(repeating: 0, count: $0.ringCount) },
                                    spectra: Array(repeating: [], count: geometry.layers.count))
                    var ring = rings.map { Array(repeating: 0.0, count: $0.ringCount) }
                    for s in range {
                        let shower = UnsafeBufferPointer(start: source.base + s * cells, count: cells)
                        calculator.evaluate(shower, incidentEnergyMeV: sample.incidentEnergiesMeV[s],
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
                    return p
                }
            }
        }
        values = (0..<k).map { o in (0..<n).map { flat[$0 * k + o] } }
        meanImage = Array(repeating: 0, count: cells)
        ringSum = rings.map { Array(repeating: 0, count: $0.ringCount) }
        ringSum2 = ringSum
        cellSpectra = Array(repeating: [], count: geometry.layers.count)
        for p in partials {
            for c in 0..<cells { meanImage[c] += p.imageSum[c] }
            for l in 0..<rings.count {
                for r in 0..<rings[l].ringCount {
                    ringSum[l][r] += p.ringSum[l][r]
                    ringSum2[l][r] += p.ringSum2[l][r]
                }
                cellSpectra[l].append(contentsOf: p.spectra[l])
            }
        }
        if n > 0 { meanImage = meanImage.map { $0 / Double(n) } }
        count = n
    }
}
