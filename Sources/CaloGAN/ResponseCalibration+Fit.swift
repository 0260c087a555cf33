import CaloSupport
import Foundation

extension ResponseCalibration {
    /// Showers reduced to what the calibration needs: incident energy (MeV) and escaping
    /// fraction λ = 1 - (sum of cells) / E, one entry per shower.
    public struct Sample: Sendable {
        public var incidentMeV: [Double]
        public var escape: [Double]

        public init(incidentMeV: [Double], escape: [Double]) {
            require(incidentMeV.count == escape.count, "one escaping fraction per shower")
            self.incidentMeV = incidentMeV
            self.escape = escape
        }

        /// From row-major cells [count, cellCount] in MeV.
        public init(incidentMeV: [Float], cells: [Float], cellCount: Int) {
            require(cells.count == incidentMeV.count * cellCount, "cells must be [count, cellCount]")
            self.incidentMeV = incidentMeV.map(Double.init)
            escape = incidentMeV.indices.map { i in
                var sum = 0.0
                for c in (i * cellCount)..<((i + 1) * cellCount) { sum += Double(cells[c]) }
                return 1 - sum / Double(incidentMeV[i])
            }
        }

        public var count: Int { incidentMeV.count }
    }

    /// Fits the tables: `rows` equal-count bins of the reference's ln E, `levels` probabilities
    /// spaced evenly in logit between 1/(2 n) and 1 - 1/(2 n), n the smallest bin's count.
    /// Quantiles interpolate linearly between order statistics (Hyndman-Fan type 7).
    public init(reference: Sample, generated: Sample, rows: Int, levels: Int, provenance: Provenance) {
        require(rows >= 1 && levels >= 2, "at least one row and two probabilities")
        require(reference.count >= 2 * rows && generated.count >= 2 * rows, "at least two showers per row")
        let lnRef = reference.incidentMeV.map { Foundation.log($0) }, lnGen = generated.incidentMeV.map { Foundation.log($0) }
        func z(_ escape: Double) -> Double { Foundation.log(max(escape, 0) + Self.escapeOffset) }
        let refTrend = Trend.fit(lnE: lnRef, y: reference.escape.map(z))
        let genTrend = Trend.fit(lnE: lnGen, y: generated.escape.map(z))

        // Equal-count bins of the reference; a generated shower goes to the bin whose range holds its ln E.
        let order = lnRef.indices.sorted { lnRef[$0] < lnRef[$1] }
        let cuts = (1..<rows).map { k -> Double in
            let i = k * order.count / rows
            return 0.5 * (lnRef[order[i - 1]] + lnRef[order[i]])
        }
        func rowOf(_ x: Double) -> Int { cuts.firstIndex(where: { x < $0 }) ?? rows - 1 }
        var refRows = [[Double]](repeating: [], count: rows), genRows = refRows, refLnE = refRows
        for i in lnRef.indices {
            let r = rowOf(lnRef[i])
            refRows[r].append(z(reference.escape[i]) - refTrend(lnRef[i]))
            refLnE[r].append(lnRef[i])
        }
        for i in lnGen.indices { genRows[rowOf(lnGen[i])].append(z(generated.escape[i]) - genTrend(lnGen[i])) }
        // A bin without reference or generated showers gets no row: its neighbours' rows interpolate over it.
        let filled = (0..<rows).filter { !refRows[$0].isEmpty && !genRows[$0].isEmpty }
        require(!filled.isEmpty, "reference and generated energies do not overlap")

        let smallest = filled.map { refRows[$0].count }.min()!
        let pLow = 0.5 / Double(smallest), top = Foundation.log((1 - pLow) / pLow)
        let p = (0..<levels).map { j -> Double in
            let t = -top + 2 * top * Double(j) / Double(levels - 1)
            return 1 / (1 + Foundation.exp(-t))
        }
        // Rows at the bins' median ln E; equal medians (many showers at one energy) keep the first.
        var nodes = [Double](), refTable = [[Double]](), genTable = [[Double]]()
        for r in filled {
            let node = Self.quantiles(refLnE[r], at: [0.5])[0]
            if let last = nodes.last, node <= last { continue }
            nodes.append(node)
            refTable.append(Self.quantiles(refRows[r], at: p))
            genTable.append(Self.quantiles(genRows[r], at: p))
        }
        self.init(lnEnergyNodes: nodes, lnEnergyMinimum: lnRef[order.first!], lnEnergyMaximum: lnRef[order.last!],
                  probabilities: p, referenceTrend: refTrend, generatorTrend: genTrend,
                  referenceQuantiles: refTable, generatorQuantiles: genTable, provenance: provenance)
    }

    /// Type-7 sample quantiles of `values` at probabilities `p` (each in [0, 1]).
    static func quantiles(_ values: [Double], at p: [Double]) -> [Double] {
        let sorted = values.sorted()
        return p.map { Quantile.ofSorted(sorted, $0) }
    }
}
