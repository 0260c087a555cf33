import _CFFTW
import CaloData
import CaloDetector
import CaloSupport
import Foundation

/// Radially averaged spatial power spectrum of a layer's cell image, averaged over showers.
///
/// Each shower's layer image is normalised to unit layer energy (so the spectrum measures shape,
/// not energy), transformed with FFTW (single-precision real-to-complex 2-D DFT) and |F(k)|^2
/// is averaged in rings of spatial frequency f = sqrt(fx^2 + fy^2), fx = kx / (cols * cell
/// width), fy = ky / (rows * cell height), in cycles per mm. Chequerboard or stripe artefacts of
/// a generator show up as excess power at high frequency that the observables can miss.
public struct PowerSpectrum: Sendable, Codable {
    /// Centre of each ring in spatial frequency, cycles/mm (rings that no coefficient reaches are left out).
    public var frequencyPerMM: [Double]
    /// Mean power per ring (dimensionless: the image is normalised to unit sum).
    public var power: [Double]
    /// Statistical error of the mean power per ring.
    public var powerError: [Double]
    /// Showers with energy in the layer.
    public var showers: Int

    /// FFTW plan creation is not thread-safe; every plan is made under this lock.
    private static let planLock = NSLock()

    /// The spectrum of layer `layerIndex` of `sample` (showers with an empty layer are skipped).
    /// A polar layer has no spectrum (its (alpha, r) grid is not a spatial image): no rings, 0 showers.
    public init(sample: ShowerBatch, geometry: Geometry, layerIndex: Int, threads: Int) {
        var a = Accumulator(geometry: geometry, layerIndex: layerIndex, count: sample.count)
        a.add(sample, first: 0, threads: threads)
        self = a.spectrum()
    }

    init(frequencyPerMM: [Double], power: [Double], powerError: [Double], showers: Int) {
        self.frequencyPerMM = frequencyPerMM
        self.power = power
        self.powerError = powerError
        self.showers = showers
    }

    /// Showers per block of the reduction.
    static let blockSize = 512

    struct Partial: Sendable { var sum: [Double]; var sum2: [Double]; var count: Int }

    /// The spectrum of one layer of a sample whose showers arrive in consecutive chunks, in
    /// blocks of `blockSize` showers (`BlockReduction`: the same sums for any chunk size).
    struct Accumulator {
        let layerIndex: Int
        let cellCount: Int
        /// nil for a layer without a spectrum (polar, or no cells).
        private let grid: Grid?
        private var reduction: BlockReduction<Partial>
        private var total: Partial

        /// Rings of spatial frequency of a Cartesian layer.
        struct Grid: Sendable {
            var rows: Int, cols: Int, first: Int
            var step: Double
            var rings: Int
            /// Ring of each output coefficient (ky over all rows, kx over 0...cols/2).
            var ringOfCoefficient: [Int]
            /// Each coefficient with 0 < kx < cols/2 (or cols odd) stands for itself and its mirror image.
            var weights: [Double]
            var ringSize: [Double]
        }

        init(geometry: Geometry, layerIndex: Int, count: Int) {
            self.layerIndex = layerIndex
            cellCount = geometry.cellCount
            reduction = BlockReduction(count: count, blockSize: PowerSpectrum.blockSize)
            let layer = geometry.layers[layerIndex]
            guard layer.polar == nil, layer.cellCount > 0 else {
                grid = nil
                total = Partial(sum: [], sum2: [], count: 0)
                return
            }
            let rows = layer.rows, cols = layer.cols, half = cols / 2 + 1
            let fy = 1 / (Double(rows) * layer.cellHeightMM), fx = 1 / (Double(cols) * layer.cellWidthMM)
            let step = min(fx, fy)
            var ringOf = [Int](repeating: 0, count: rows * half)
            var maxRing = 0
            for r in 0..<rows {
                let ky = Double(r <= rows / 2 ? r : r - rows) * fy
                for c in 0..<half {
                    let f = (ky * ky + Double(c) * fx * Double(c) * fx).squareRoot()
                    let ring = Int((f / step).rounded())
                    ringOf[r * half + c] = ring
                    maxRing = max(maxRing, ring)
                }
            }
            let rings = maxRing + 1
            var multiplicity = [Double](repeating: 1, count: rows * half)
            for r in 0..<rows {
                for c in 0..<half where c > 0 && !(cols % 2 == 0 && c == cols / 2) { multiplicity[r * half + c] = 2 }
            }
            var ringWeight = [Double](repeating: 0, count: rings)
            for i in 0..<rows * half { ringWeight[ringOf[i]] += multiplicity[i] }
            grid = Grid(rows: rows, cols: cols, first: layer.firstCell, step: step, rings: rings,
                        ringOfCoefficient: ringOf, weights: multiplicity, ringSize: ringWeight)
            total = Partial(sum: Array(repeating: 0, count: rings), sum2: Array(repeating: 0, count: rings), count: 0)
        }

        /// Adds `chunk`, the showers `first..<first + chunk.count` of the sample.
        mutating func add(_ chunk: ShowerBatch, first: Int, threads: Int) {
            require(chunk.cellCount == cellCount, "PowerSpectrum: \(chunk.cellCount) cells vs geometry \(cellCount)")
            guard let g = grid, chunk.count > 0 else { return }
            let cellCount = self.cellCount
            let rows = g.rows, cols = g.cols, half = cols / 2 + 1, rings = g.rings
            var total = self.total
            chunk.cellEnergiesMeV.withUnsafeBufferPointer { all in
                let source = SharedPointer(all.baseAddress!)
                reduction.add(first..<first + chunk.count, threads: threads,
                              make: { Partial(sum: Array(repeating: 0, count: rings), sum2: Array(repeating: 0, count: rings), count: 0) },
                              fill: { p, range in
                    let input = fftwf_alloc_real(rows * cols)!
                    let output = fftwf_alloc_complex(rows * half)!
                    PowerSpectrum.planLock.lock()
                    let plan = fftwf_plan_dft_r2c_2d(Int32(rows), Int32(cols), input, output, UInt32(FFTW_ESTIMATE))
                    PowerSpectrum.planLock.unlock()
                    var ringPower = [Double](repeating: 0, count: rings)
                    for s in range {
                        let cells = source.base + (s - first) * cellCount + g.first
                        var total: Float = 0
                        for i in 0..<rows * cols { total += cells[i] }
                        guard total > 0 else { continue }
                        for i in 0..<rows * cols { input[i] = cells[i] / total }
                        fftwf_execute(plan)
                        for i in 0..<rings { ringPower[i] = 0 }
                        for i in 0..<rows * half {
                            let re = Double(output[i].0), im = Double(output[i].1)
                            ringPower[g.ringOfCoefficient[i]] += g.weights[i] * (re * re + im * im)
                        }
                        for i in 0..<rings where g.ringSize[i] > 0 {
                            let v = ringPower[i] / g.ringSize[i]
                            p.sum[i] += v
                            p.sum2[i] += v * v
                        }
                        p.count += 1
                    }
                    PowerSpectrum.planLock.lock()
                    fftwf_destroy_plan(plan)
                    PowerSpectrum.planLock.unlock()
                    fftwf_free(input)
                    fftwf_free(output)
                }, combine: { p in
                    for i in 0..<rings { total.sum[i] += p.sum[i]; total.sum2[i] += p.sum2[i] }
                    total.count += p.count
                })
            }
            self.total = total
        }

        /// The spectrum, once every shower is added.
        func spectrum() -> PowerSpectrum {
            require(grid == nil || reduction.next == reduction.count,
                    "PowerSpectrum: \(reduction.next) of \(reduction.count) showers added")
            guard let g = grid else { return PowerSpectrum(frequencyPerMM: [], power: [], powerError: [], showers: 0) }
            let n = total.count
            let count = Double(max(n, 1))
            var power = [Double](), powerError = [Double](), frequency = [Double]()
            for i in 0..<g.rings where g.ringSize[i] > 0 {
                let variance = PowerSums.variance(sum: total.sum[i], sumOfSquares: total.sum2[i], count: count)
                power.append(total.sum[i] / count)
                powerError.append(PowerSums.errorOfMean(variance: variance, count: Double(n)))
                frequency.append(Double(i) * g.step)
            }
            return PowerSpectrum(frequencyPerMM: frequency, power: power, powerError: powerError, showers: n)
        }
    }
}

/// Power spectra of one layer for both samples.
public struct PowerSpectrumComparison: Sendable, Codable {
    public var layer: Int
    public var reference: PowerSpectrum
    public var generated: PowerSpectrum
    /// Largest |log10(generated / reference)| over rings, in decades: 0.05 is a 12% excess.
    public var maxLog10Deviation: Double

    public init(layer: Int, reference: PowerSpectrum, generated: PowerSpectrum) {
        self.layer = layer
        self.reference = reference
        self.generated = generated
        var worst = 0.0
        for i in 0..<min(reference.power.count, generated.power.count)
        where reference.power[i] > 0 && generated.power[i] > 0 {
            worst = max(worst, abs(log10(generated.power[i] / reference.power[i])))
        }
        maxLog10Deviation = worst
    }
}
