import CaloData
import CaloDetector
import CaloValidation
import _TestSupport
import Foundation

/// Seeded toy showers for tests: a Gaussian blob per layer around (x0, y0) with a lateral
/// width in mm, layer fractions that shift to deeper layers with energy, and a 5% Gaussian
/// fluctuation of the total energy. Not physics, but with every observable well defined.
enum ToyShowers {
    static func make(geometry: Geometry, count: Int, seed: UInt64, energiesGeV: ClosedRange<Float> = 1...100,
                     widthMM: Double = 25, shiftMM: Double = 0, responseScale: Float = 1,
                     fixedEnergyGeV: Float? = nil) -> ShowerBatch {
        var rng = TestRNG(seed: seed)
        let cells = geometry.cellCount
        var energies = [Float](), values = [Float](repeating: 0, count: count * cells)
        func gauss() -> Double {
            let u = max(1e-12, Double(rng.float(0, 1))), v = Double(rng.float(0, 1))
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
        for s in 0..<count {
            let eGeV = fixedEnergyGeV ?? rng.float(energiesGeV.lowerBound, energiesGeV.upperBound)
            let eMeV = eGeV * 1000
            energies.append(eMeV)
            let total = Double(eMeV) * 0.9 * Double(responseScale) * (1 + 0.05 * gauss())
            let depth = min(0.8, 0.2 + 0.1 * log10(Double(eGeV)) + 0.03 * gauss())
            let fractions = [max(0.02, 0.35 - depth * 0.3), 0.55 + 0.05 * gauss(), 0]
            let f2 = max(0.01, 1 - fractions[0] - fractions[1])
            let layerFractions = [fractions[0], fractions[1], f2]
            let x0 = shiftMM + 3 * gauss(), y0 = 3 * gauss()
            for (l, layer) in geometry.layers.enumerated() {
                let el = total * layerFractions[min(l, 2)]
                let w = widthMM * (1 + 0.5 * Double(l)) * (1 + 0.1 * gauss())
                var weights = [Double](), sum = 0.0
                for r in 0..<layer.rows {
                    for c in 0..<layer.cols {
                        let p = layer.cellCentre(row: r, col: c)
                        let dx = (p.xMM - x0) / w, dy = (p.yMM - y0) / w
                        let v = exp(-0.5 * (dx * dx + dy * dy)) * (1 + 0.2 * gauss())
                        let kept = v > 1e-4 ? max(0, v) : 0
                        weights.append(kept)
                        sum += kept
                    }
                }
                guard sum > 0 else { continue }
                for i in 0..<weights.count {
                    values[s * cells + layer.firstCell + i] = Float(el * weights[i] / sum)
                }
            }
        }
        return ShowerBatch(incidentEnergiesMeV: energies, cellEnergiesMeV: values, cellCount: cells)
    }
}
