import CaloDetector

/// Energy sums of one layer of one shower, from which every per-layer observable follows.
///
/// Positions are cell centres in mm; energies MeV. Accumulated in Double so that a 10 GeV
/// shower's sums of x^2 E keep their digits.
public struct LayerStatistics: Sendable, Equatable {
    /// Layer energy E_i, MeV.
    public var energyMeV: Double = 0
    /// sum(E x), MeV mm.
    public var sumEX: Double = 0
    /// sum(E x^2), MeV mm^2.
    public var sumEX2: Double = 0
    /// sum(E y), MeV mm.
    public var sumEY: Double = 0
    /// sum(E y^2), MeV mm^2.
    public var sumEY2: Double = 0
    /// Hottest and second-hottest cell energies, MeV.
    public var hottestMeV: Double = 0
    public var secondHottestMeV: Double = 0
    /// Cells above the threshold.
    public var cellsAbove: Int = 0
    /// Cells in the layer.
    public var cellCount: Int = 0

    public init() {}

    /// The sums of one layer's cells: `cells[row * cols + col]` in MeV, centres from `xMM`
    /// (per column) and `yMM` (per row); a cell counts for the sparsity when E > thresholdMeV.
    @inlinable
    public init(cells: UnsafeBufferPointer<Float>, rows: Int, cols: Int, xMM: [Double], yMM: [Double],
                thresholdMeV: Float) {
        cellCount = rows * cols
        var e1 = 0.0, e2 = 0.0
        for r in 0..<rows {
            let y = yMM[r]
            var rowE = 0.0
            for c in 0..<cols {
                let ef = cells[r * cols + c]
                if ef > thresholdMeV { cellsAbove += 1 }
                let e = Double(ef)
                if e > e1 { e2 = e1; e1 = e } else if e > e2 { e2 = e }
                rowE += e
                let x = xMM[c]
                sumEX += e * x
                sumEX2 += e * x * x
            }
            energyMeV += rowE
            sumEY += rowE * y
            sumEY2 += rowE * y * y
        }
        hottestMeV = e1
        secondHottestMeV = e2
    }

    /// The sums of one layer's cells with a centre per cell (`xMM[i]`, `yMM[i]` for cell i, mm):
    /// for polar layers, whose centres (r cos alpha, r sin alpha) do not factor into rows and
    /// columns. The same sums as the CaloChallenge's `HighLevelFeatures` (eta = x, phi = y).
    public init(cells: UnsafeBufferPointer<Float>, cellXMM xMM: [Double], cellYMM yMM: [Double], thresholdMeV: Float) {
        precondition(xMM.count == cells.count && yMM.count == cells.count, "LayerStatistics: one centre per cell")
        cellCount = cells.count
        var e1 = 0.0, e2 = 0.0
        for i in 0..<cells.count {
            let ef = cells[i]
            if ef > thresholdMeV { cellsAbove += 1 }
            let e = Double(ef)
            if e > e1 { e2 = e1; e1 = e } else if e > e2 { e2 = e }
            energyMeV += e
            sumEX += e * xMM[i]
            sumEX2 += e * xMM[i] * xMM[i]
            sumEY += e * yMM[i]
            sumEY2 += e * yMM[i] * yMM[i]
        }
        hottestMeV = e1
        secondHottestMeV = e2
    }

    /// Energy-weighted centroid in x, mm; NaN for an empty layer.
    public var centroidXMM: Double { energyMeV > 0 ? sumEX / energyMeV : .nan }
    /// Energy-weighted centroid in y, mm; NaN for an empty layer.
    public var centroidYMM: Double { energyMeV > 0 ? sumEY / energyMeV : .nan }
    /// Energy-weighted RMS width in x, mm; NaN for an empty layer.
    public var widthXMM: Double {
        guard energyMeV > 0 else { return .nan }
        let c = sumEX / energyMeV
        return max(0, sumEX2 / energyMeV - c * c).squareRoot()
    }
    /// Energy-weighted RMS width in y, mm; NaN for an empty layer.
    public var widthYMM: Double {
        guard energyMeV > 0 else { return .nan }
        let c = sumEY / energyMeV
        return max(0, sumEY2 / energyMeV - c * c).squareRoot()
    }
    /// (E1 - E2) / (E1 + E2) of the two hottest cells; NaN when both are empty.
    public var energyRatio: Double {
        let s = hottestMeV + secondHottestMeV
        return s > 0 ? (hottestMeV - secondHottestMeV) / s : .nan
    }
    /// Fraction of cells above the threshold.
    public var sparsity: Double { cellCount > 0 ? Double(cellsAbove) / Double(cellCount) : .nan }
}
