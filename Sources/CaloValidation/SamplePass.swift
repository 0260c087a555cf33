import CaloData
import CaloDetector
import CaloSupport

/// One pass over a sample's cells, chunk by chunk: the `SampleSummary`, every layer's
/// `PowerSpectrum`, and the check that every cell energy is finite. Memory: one chunk of cells
/// plus the per-shower observables and the cell spectra, whatever the sample's size.
enum SamplePass {
    /// Reads `sample` once; `name` ("reference", "generated") names it in errors. The power
    /// spectra come one per layer, in layer order.
    /// - Throws: `ValidationInputError.badCellEnergy` for the first cell that is not finite, or
    ///   the sample's read error.
    static func read(_ sample: any ValidationSample, name: String, calculator: ObservableCalculator, rings: [RadialBins],
                     threads: Int) throws -> (summary: SampleSummary, powerSpectra: [PowerSpectrum]) {
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
        return (summary.summary(), spectra.map { $0.spectrum() })
    }
}
