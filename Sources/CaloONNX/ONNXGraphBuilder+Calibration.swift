import CaloGAN
import Foundation

extension ONNXGraphBuilder {
    /// The energy each shower's cell fractions are multiplied by, [N, 1] float32 MeV: E without a
    /// calibration; with one, E (1 - λ) / Σu as in `TrainedGenerator.generate`, λ the calibrated
    /// escaping fraction of `ResponseCalibration.calibratedEscape` for λ_g = 1 - Σu (E itself
    /// when Σu = 0). Computed in float64 as there.
    ///
    /// The calibration's searches become counts: the table row of x = ln E is lo = #{nodes <= x}
    /// - 1 (clamped), the probability interval of z is lo = #{gen <= z} - 1, which is the index a
    /// binary search over the non-decreasing row finds. Shapes: u [N, cells], energy [N, 1].
    mutating func showerEnergy(fractions u: String, energy: String, calibration: ResponseCalibration?) -> String {
        guard let cal = calibration else { return energy }
        let ud = cast(u, to: .double)
        let positive = node("And", [node("Greater", [ud, constant(doubles: [0], shape: [])]),
                                    node("Not", [node("IsInf", [ud])])])
        let sum = rowSum(node("Where", [positive, ud, constant(doubles: [0], shape: [])]))
        let escape = node("Sub", [constant(doubles: [1], shape: []), sum])
        let ed = cast(energy, to: .double)
        let x = node("Clip", [node("Log", [ed]), constant(doubles: [cal.lnEnergyMinimum], shape: []),
                              constant(doubles: [cal.lnEnergyMaximum], shape: [])])

        // The row pair (a, b) and the weight w of b, as `ResponseCalibration.row`.
        let n = cal.lnEnergyNodes.count, m = cal.probabilities.count
        let nodes = constant(doubles: cal.lnEnergyNodes, shape: [1, n])
        let count = rowSum(cast(node("LessOrEqual", [nodes, x]), to: .int64))
        let a = node("Min", [node("Max", [node("Sub", [count, constant(int64s: [1], shape: [])]), constant(int64s: [0], shape: [])]),
                             constant(int64s: [Int64(n - 1)], shape: [])])
        let b = node("Min", [node("Add", [a, constant(int64s: [1], shape: [])]), constant(int64s: [Int64(n - 1)], shape: [])])
        let flatNodes = constant(doubles: cal.lnEnergyNodes, shape: [n])
        let nodeA = node("Gather", [flatNodes, a]), nodeB = node("Gather", [flatNodes, b])
        let interior = node("And", [node("Greater", [x, constant(doubles: [cal.lnEnergyNodes[0]], shape: [])]),
                                    node("Less", [x, constant(doubles: [cal.lnEnergyNodes[n - 1]], shape: [])])])
        let wInterior = node("Div", [node("Sub", [x, nodeA]), node("Sub", [nodeB, nodeA])])
        let w = node("Where", [interior, wInterior, constant(doubles: [0], shape: [])])
        let oneMinusW = node("Sub", [constant(doubles: [1], shape: []), w])

        // The rows of both tables at x: (1 - w) Q[a] + w Q[b], [N, m].
        func interpolated(_ table: [[Double]]) -> String {
            let t = constant(doubles: table.flatMap { $0 }, shape: [n, m])
            let ra = node("Gather", [t, node("Squeeze", [a, constant(int64s: [1], shape: [1])])], [Self.int("axis", 0)])
            let rb = node("Gather", [t, node("Squeeze", [b, constant(int64s: [1], shape: [1])])], [Self.int("axis", 0)])
            return node("Add", [node("Mul", [oneMinusW, ra]), node("Mul", [w, rb])])
        }
        let gen = interpolated(cal.generatorQuantiles), ref = interpolated(cal.referenceQuantiles)

        let t = node("Sub", [x, constant(doubles: [cal.generatorTrend.centre], shape: [])])
        let lnEscape = node("Log", [node("Add", [node("Max", [escape, constant(doubles: [0], shape: [])]),
                                                 constant(doubles: [ResponseCalibration.escapeOffset], shape: [])])])
        let z = node("Sub", [lnEscape, quadratic(t, coefficients: cal.generatorTrend.coefficients)])

        func column(_ v: String, _ j: Int) -> String { columns(v, j..<(j + 1)) }
        let gen0 = column(gen, 0), genLast = column(gen, m - 1), ref0 = column(ref, 0), refLast = column(ref, m - 1)
        let below = node("LessOrEqual", [z, gen0]), above = node("GreaterOrEqual", [z, genLast])
        let mappedBelow = node("Add", [ref0, node("Sub", [z, gen0])])
        let mappedAbove = node("Add", [refLast, node("Sub", [z, genLast])])
        let countZ = rowSum(cast(node("LessOrEqual", [gen, z]), to: .int64))
        let lo = node("Min", [node("Max", [node("Sub", [countZ, constant(int64s: [1], shape: [])]), constant(int64s: [0], shape: [])]),
                              constant(int64s: [Int64(m - 2)], shape: [])])
        let hi = node("Add", [lo, constant(int64s: [1], shape: [])])
        let g0 = node("GatherElements", [gen, lo], [Self.int("axis", 1)]), g1 = node("GatherElements", [gen, hi], [Self.int("axis", 1)])
        let r0 = node("GatherElements", [ref, lo], [Self.int("axis", 1)]), r1 = node("GatherElements", [ref, hi], [Self.int("axis", 1)])
        let step = node("Where", [node("Greater", [g1, g0]), node("Div", [node("Sub", [z, g0]), node("Sub", [g1, g0])]),
                                  constant(doubles: [0], shape: [])])
        let mappedInterior = node("Add", [r0, node("Mul", [step, node("Sub", [r1, r0])])])
        let mapped = node("Where", [below, mappedBelow, node("Where", [above, mappedAbove, mappedInterior])])

        let tr = node("Sub", [x, constant(doubles: [cal.referenceTrend.centre], shape: [])])
        let lambda = node("Sub", [node("Exp", [node("Add", [mapped, quadratic(tr, coefficients: cal.referenceTrend.coefficients)])]),
                                  constant(doubles: [ResponseCalibration.escapeOffset], shape: [])])
        let clamped = node("Clip", [lambda, constant(doubles: [0], shape: []), constant(doubles: [1 - 1e-9], shape: [])])
        let scaled = node("Div", [node("Mul", [ed, node("Sub", [constant(doubles: [1], shape: []), clamped])]), sum])
        let hasEnergy = node("Greater", [sum, constant(doubles: [0], shape: [])])
        return node("Where", [hasEnergy, cast(scaled, to: .float), energy])
    }

    /// Cells in MeV: u E, with anything not finite and positive set to 0 ([N, cells] float32).
    mutating func showers(fractions u: String, energy e: String, output: String? = nil) -> String {
        let v = node("Mul", [u, e])
        let keep = node("And", [node("Greater", [v, constant([0], shape: [])]), node("Not", [node("IsInf", [v])])])
        return node("Where", [keep, v, constant([0], shape: [])], output: output)
    }
}
