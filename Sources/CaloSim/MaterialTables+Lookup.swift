import Foundation

/// Reading the tables back: the step function of the continuous loss, and the inversion of the
/// monotone tables (range, slowing-down integrals) into a grid location or an energy.
extension MaterialTables {
    /// The continuous-loss step limit (Geant4 `G4VEnergyLossProcess` step function, docs/physics.md §12.4):
    /// alpha R + rho (1 - alpha)(2 - rho/R) for R > rho, else R; alpha = 0.2, rho = 1 mm, both scaled
    /// by `stepLimitScale`.
    @inline(__always)
    static func lossStepLimit(range r: Double, configuration: SimulationConfiguration) -> Double {
        let alpha = 0.2 * configuration.stepLimitScale
        let rho = 1.0 * configuration.stepLimitScale
        return r > rho ? alpha * r + rho * (1 - alpha) * (2 - rho / r) : r
    }

    /// Where (grid interval and fraction) a monotone table (range or slowing-down integral) of a
    /// material takes the value v, by inverting it (it is interpolated linearly in ln E); clamped to
    /// the grid. Any other table can then be read at that point without computing the energy.
    @inline(__always)
    static func locate(value v: Double, table: GridTable, material m: Int, below upper: Int)
        -> (index: Int, fraction: Double) {
        let n = table.count
        let base = m &* n
        return table.values.withUnsafeBufferPointer { t in
            let b = bracket(value: v, t, base: base, count: n, below: upper)
            return b.bracketed ? (b.index, fraction(value: v, t, base: base, interval: b.index)) : (b.index, b.fraction)
        }
    }

    /// The path length `range - R(at)` to the point `at` where a monotone table takes the value v
    /// (`at` as `locate(value:table:material:below:)` finds it, R the range table), computed exactly
    /// as from that location, and `at` itself (where the step would end); or nil when it is
    /// certainly not below `limit` (<= range, as every step limit is), found without the
    /// interpolation and its division: with `at` in the interval [i, i + 1] and a fraction in
    /// [0, 1], the interpolated R(at) is at most R[i + 1] to 1e-15 relative, so
    /// range - R[i + 1] >= limit + 1e-12 range implies a result >= limit.
    @inline(__always)
    static func pathLength(toValue v: Double, table: GridTable, rangeTable: GridTable, range: Double,
                           limit: Double, material m: Int, below upper: Int)
        -> (length: Double, at: (index: Int, fraction: Double))? {
        let n = table.count
        let base = m &* n
        let at: (index: Int, fraction: Double)? = table.values.withUnsafeBufferPointer { t in
            let b = bracket(value: v, t, base: base, count: n, below: upper)
            if !b.bracketed { return (b.index, b.fraction) }
            let upperRange = rangeTable.values.withUnsafeBufferPointer { $0[base &+ b.index &+ 1] }
            if range - upperRange >= limit + 1e-12 * range { return nil }
            return (b.index, fraction(value: v, t, base: base, interval: b.index))
        }
        guard let at else { return nil }
        return (range - rangeTable.value(m, at), at)
    }

    /// The search of `locate`: either the final location (off the ends of the table: bracketed
    /// false) or the interval i with t[i] <= v < t[i + 1] (bracketed true, fraction unset).
    @inline(__always)
    fileprivate static func bracket(value v: Double, _ t: UnsafeBufferPointer<Double>, base: Int, count n: Int,
                                below upper: Int) -> (index: Int, fraction: Double, bracketed: Bool) {
        if v <= t[base] { return (0, 0, false) }
        var lo = 0, hi = min(n - 1, upper + 1)
        if v >= t[base &+ hi] { return hi == n - 1 ? (n - 2, 1, false) : (hi, 0, false) }
        // The value is usually a few intervals below `upper`: gallop down from hi (1, 2, 4, ...
        // intervals) to bracket it, then bisect. Invariant t[lo] <= v < t[hi]; in a non-decreasing
        // table exactly one interval satisfies it, so this finds the same one as plain bisection.
        var width = 1
        while hi - lo > width {
            let probe = hi &- width
            if t[base &+ probe] <= v { lo = probe; break }
            hi = probe
            width &<<= 1
        }
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if t[base &+ mid] <= v { lo = mid } else { hi = mid }
        }
        return (lo, 0, true)
    }

    /// Where v lies within the interval i of a table (linear), in [0, 1].
    @inline(__always)
    fileprivate static func fraction(value v: Double, _ t: UnsafeBufferPointer<Double>, base: Int, interval lo: Int) -> Double {
        let v0 = t[base &+ lo]
        let d = t[base &+ lo &+ 1] - v0
        return d > 0 ? (v - v0) / d : 0
    }

    /// The kinetic energy (MeV) at a located grid point.
    @inline(__always)
    static func energy(at loc: (index: Int, fraction: Double), grid: EnergyGrid) -> Double {
        exp(grid.lnMin + (Double(loc.index) + loc.fraction) / grid.inverseStep)
    }

    /// Kinetic energy (MeV) at which a monotone table (range or slowing-down integral) takes the
    /// value r, by inverting it (linear in ln E, as it is interpolated).
    @inline(__always)
    static func energy(fromRange r: Double, table: GridTable, material m: Int, grid: EnergyGrid) -> Double {
        let base = m * grid.count
        let v = table.values
        if r <= v[base] { return grid.energies[0] * r / v[base] }
        var lo = 0, hi = grid.count - 1
        if r >= v[base + hi] { return grid.energies[hi] }
        while hi - lo > 1 {
            let mid = (lo + hi) >> 1
            if v[base + mid] <= r { lo = mid } else { hi = mid }
        }
        let f = (r - v[base + lo]) / (v[base + hi] - v[base + lo])
        return exp(grid.lnMin + (Double(lo) + f) / grid.inverseStep)
    }
}
