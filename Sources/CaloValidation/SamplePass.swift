import CaloData
import CaloDetector
import CaloSupport

/// One pass over a sample's cells, chunk by chunk: the `SampleSummary`, every layer's
/// `PowerSpectrum`, and the check that every cell energy is finite. Memory: one chunk of cells
/// plus the per-shower observables, whatever the sample's size.
struct SamplePass {
    var summary: SampleSummary
    /// One per layer, in layer order.
    var powerSpectra: [PowerSpectrum]

    /// Reads `sample` once; `name` ("reference", "generated") names it in errors.
    /// - Throws: `ValidationInputError.badCellEnergy` for the first cell that is not finite, or
    ///   the sample's read error.
    init(_ sample: any ValidationSample, name: String, calculator: ObservableCalculator, rings: [RadialBins],
         threads: Int) throws {
        let geometry = calculator.geometry
        var summary = SampleSummary.Accumulator(count: sample.count, calculator: calculator, rings: rings)
        var spectra = geometry.layers.indices.map {
            PowerSpectrum.Accumulator(geometry: geometry, layerIndex: $0, count: sample.count)
        }
        try sample.forEachChunk { first, chunk in
            if let i = chunk.cellEnergiesMeV.firstIndex(where: { !$0.isFinite }) {
                throw ValidationInputError.badCellEnergy(sample: name, shower: first + i / chunk.cellCount,
                                                         cell: i % chunk.cellCount, valueMeV: chunk.cellEnergiesMeV[i])
            }
            summary.add(chunk, first: first, threads: threads)
            for l in spectra.indices { spectra[l].add(chunk, first: first, threads: threads) }
        }
        self.summary = summary.summary()
        powerSpectra = spectra.map { $0.spectrum() }
    }
}
