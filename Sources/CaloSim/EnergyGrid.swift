import Foundation

/// The logarithmic kinetic-energy grid every physics table is tabulated on (docs/physics.md §12.1):
/// 100 eV to 10 TeV, 40 points per decade; values are interpolated linearly in ln E.
struct EnergyGrid: Sendable {
    static let minMeV = 1e-4
    static let maxMeV = 1e7
    static let pointsPerDecade = 40

    let count: Int
    let lnMin: Double
    /// Grid points per unit of ln E.
    let inverseStep: Double
    let energies: [Double]

    init() {
        let decades = log10(EnergyGrid.maxMeV / EnergyGrid.minMeV)
        count = Int((decades * Double(EnergyGrid.pointsPerDecade)).rounded()) + 1
        lnMin = log(EnergyGrid.minMeV)
        let step = log(10.0) / Double(EnergyGrid.pointsPerDecade)
        inverseStep = 1 / step
        energies = (0..<count).map { exp(log(EnergyGrid.minMeV) + Double($0) * step) }
    }

    /// Index of the grid interval containing E and the fraction within it (clamped to the grid).
    @inline(__always)
    func locate(_ energyMeV: Double) -> (index: Int, fraction: Double) {
        locate(lnEnergy: log(energyMeV))
    }

    /// The same from ln(E / MeV), for a caller that needs the logarithm too.
    @inline(__always)
    func locate(lnEnergy: Double) -> (index: Int, fraction: Double) {
        let u = (lnEnergy - lnMin) * inverseStep
        if u <= 0 { return (0, 0) }
        let i = Int(u)
        if i >= count - 1 { return (count - 2, 1) }
        return (i, u - Double(i))
    }
}

/// Tables of one quantity for several materials on the common grid, flattened
/// (`values[material * count + i]`).
struct GridTable: Sendable {
    var values: [Double]
    let count: Int

    init(materials: Int, count: Int) {
        values = Array(repeating: 0, count: materials * count)
        self.count = count
    }

    @inline(__always)
    subscript(material: Int, index: Int) -> Double {
        get { values[material &* count &+ index] }
        set { values[material &* count &+ index] = newValue }
    }

    /// Linear interpolation at a located energy. Unchecked reads: `at` must be a location from
    /// `EnergyGrid.locate` or `MaterialTables.locate` (index in 0 ..< count - 1) and `material` a row.
    @inline(__always)
    func value(_ material: Int, _ at: (index: Int, fraction: Double)) -> Double {
        let b = material &* count &+ at.index
        return values.withUnsafeBufferPointer { v in
            let v0 = v[b]
            return v0 + at.fraction * (v[b &+ 1] - v0)
        }
    }
}

/// Gauss-Legendre quadrature, 8 points on [0, 1] (abscissae, weights).
enum GaussLegendre {
    static let x8: [Double] = [0.019855071751231856, 0.10166676129318664, 0.2372337950418355, 0.4082826787521751,
                               0.5917173212478249, 0.7627662049581645, 0.8983332387068134, 0.9801449282487681]
    static let w8: [Double] = [0.05061426814518813, 0.11119051722668724, 0.15685332293894363, 0.18134189168918100,
                               0.18134189168918100, 0.15685332293894363, 0.11119051722668724, 0.05061426814518813]

    /// Integral of f over [a, b] split into n equal pieces.
    static func integrate(_ a: Double, _ b: Double, pieces n: Int, _ f: (Double) -> Double) -> Double {
        if b <= a { return 0 }
        let h = (b - a) / Double(n)
        var sum = 0.0
        for p in 0..<n {
            let lo = a + Double(p) * h
            for k in 0..<8 { sum += w8[k] * f(lo + x8[k] * h) }
        }
        return sum * h
    }
}
