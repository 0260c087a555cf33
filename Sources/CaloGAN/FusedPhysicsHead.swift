import CaloSupport
import CaloTensor
import Foundation

/// The `physics` head, the response calibration and the scaling to MeV in one pass over each
/// shower, for the bf16 inference path (the fp32 path keeps the tensor ops of
/// `ConditionalGenerator.cellFractions(raw:)`, whose bytes are the reference).
///
/// Per shower, from the MLP's outputs r (cells), a, b (one per layer), as in
/// `ConditionalGenerator`: w = exp(min(relu(r), 30)) - 1, S_l = sum of w over layer l,
/// f = (1 - sigmoid(a)) softmax(b), u = w f_l / (S_l + 1e-6). With a calibration, the shower
/// escapes lambda_g = 1 - sum u, mapped to lambda_c (`ResponseCalibration.calibratedEscape`),
/// and E_cell = u E (1 - lambda_c) / sum u; without, E_cell = u E. Values that are not finite and
/// positive become 0.
struct FusedPhysicsHead: Sendable {
    let layerCells: [Int]
    let cells: Int

    init(layerCells: [Int]) {
        self.layerCells = layerCells
        cells = layerCells.reduce(0, +)
    }

    /// out[rows, cells] (MeV) from raw[rows, stride] for incident energies `incidentMeV`; row i
    /// calibrated by `calibrations[i]` (`calibrations` empty: none, one element: every row).
    func showers(raw: UnsafePointer<Float>, stride: Int, incidentMeV: [Float], calibrations: [ResponseCalibration?],
                 into out: UnsafeMutablePointer<Float>, threads: Int) {
        require(calibrations.count <= 1 || calibrations.count == incidentMeV.count,
                "FusedPhysicsHead: \(calibrations.count) calibrations for \(incidentMeV.count) showers")
        let rows = incidentMeV.count
        let pr = SharedPointer(raw), po = SharedPointer(out)
        let chunk = 256
        Threads.parallelFor((rows + chunk - 1) / chunk, threads: rows >= 2048 ? threads : 1) { c in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: layerCells.count) { scale in
                layerCells.withUnsafeBufferPointer { layerCells in
                    for i in (c * chunk)..<min(rows, (c + 1) * chunk) {
                        let calibration = calibrations.isEmpty ? nil : calibrations[calibrations.count == 1 ? 0 : i]
                        shower(raw: pr.base + i * stride, incidentMeV: incidentMeV[i], calibration: calibration,
                               into: po.base + i * cells, scale: scale.baseAddress!, layerCells: layerCells)
                    }
                }
            }
        }
    }

    private func shower(raw r: UnsafeMutablePointer<Float>, incidentMeV: Float, calibration: ResponseCalibration?,
                        into o: UnsafeMutablePointer<Float>, scale: UnsafeMutablePointer<Float>,
                        layerCells: UnsafeBufferPointer<Int>) {
        let layers = layerCells.count
        // Cell weights into the output row, and their sums per layer.
        var start = 0
        for l in 0..<layers {
            let end = start + layerCells[l]
            var sum16 = SIMD16<Float>(), sum: Float = 0
            var c = start
            while c + 16 <= end {
                let x = UnsafeRawPointer(r + c).loadUnaligned(as: SIMD16<Float>.self)
                let w = VectorMath.exp(x.replacing(with: 0, where: x .< 0).replacing(with: 30, where: x .> 30)) - 1
                UnsafeMutableRawPointer(o + c).storeBytes(of: w, as: SIMD16<Float>.self)
                sum16 += w
                c += 16
            }
            while c < end {
                let w = Foundation.exp(min(max(r[c], 0), 30)) - 1
                o[c] = w
                sum += w
                c += 1
            }
            scale[l] = sum16.sum() + sum
            start = end
        }
        // Escaping fraction and layer shares.
        let a = r[cells]
        let escaping = a >= 0 ? 1 / (1 + Foundation.exp(-a)) : Foundation.exp(a) / (1 + Foundation.exp(a))
        var m = -Float.infinity
        for l in 0..<layers { m = max(m, r[cells + 1 + l]) }
        var shareSum: Float = 0
        for l in 0..<layers { shareSum += Foundation.exp(r[cells + 1 + l] - m) }
        var total: Double = 0
        for l in 0..<layers {
            let fraction = Foundation.exp(r[cells + 1 + l] - m) / shareSum * (1 - escaping)
            let layerSum = scale[l]
            scale[l] = fraction / (layerSum + 1e-6)
            total += Double(scale[l]) * Double(layerSum)
        }
        var e = incidentMeV
        if let calibration, total > 0 {
            let escape = calibration.calibratedEscape(1 - total, incidentMeV: Double(e))
            e = Float(Double(e) * (1 - escape) / total)
        }
        // E_cell = w scale_l E, finite and positive or 0.
        start = 0
        for l in 0..<layers {
            let end = start + layerCells[l], f = scale[l]
            var c = start
            while c + 16 <= end {
                let v = UnsafeRawPointer(o + c).loadUnaligned(as: SIMD16<Float>.self) * f * e
                let keep = (v .> 0) .& (v .< .infinity)
                UnsafeMutableRawPointer(o + c).storeBytes(of: SIMD16<Float>().replacing(with: v, where: keep), as: SIMD16<Float>.self)
                c += 16
            }
            while c < end {
                let v = o[c] * f * e
                o[c] = v.isFinite && v > 0 ? v : 0
                c += 1
            }
            start = end
        }
    }
}
