import Foundation

/// A plot axis: a data range, linear or logarithmic, with "nice" ticks.
public struct Axis: Sendable, Equatable {
    public var lo: Double
    public var hi: Double
    public var isLogarithmic: Bool
    /// Label with unit, "E_tot [MeV]".
    public var label: String

    /// A tick label: plain text, or a power of ten drawn as 10 with a raised exponent.
    public enum TickLabel: Sendable, Equatable {
        case plain(String)
        case powerOfTen(Int)
    }

    public init(lo: Double, hi: Double, isLogarithmic: Bool = false, label: String) {
        var lo = lo, hi = hi
        if isLogarithmic {
            if !(lo > 0) { lo = hi > 0 ? hi * 1e-3 : 1e-3 }
            if !(hi > lo) { hi = lo * 10 }
        } else if !(hi > lo) {
            let pad = Swift.max(Swift.abs(lo) * 0.1, 1e-9)
            lo -= pad
            hi += pad
        }
        self.lo = lo
        self.hi = hi
        self.isLogarithmic = isLogarithmic
        self.label = label
    }

    /// Position of `value` along the axis, 0 at `lo` and 1 at `hi` (may be outside 0...1).
    public func fraction(_ value: Double) -> Double {
        if isLogarithmic {
            guard value > 0 else { return -.infinity }
            return (log10(value) - log10(lo)) / (log10(hi) - log10(lo))
        }
        return (value - lo) / (hi - lo)
    }

    /// Major ticks with labels, inside [lo, hi].
    public func majorTicks(target: Int = 5) -> [(value: Double, label: TickLabel)] {
        if isLogarithmic {
            let a = Int(floor(log10(lo) + 1e-9)), b = Int(ceil(log10(hi) - 1e-9))
            let every = Swift.max(1, (b - a + target) / (target + 1))
            var ticks = [(Double, TickLabel)]()
            var k = a
            while k <= b {
                let v = pow(10, Double(k))
                if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) { ticks.append((v, Self.decadeLabel(k))) }
                k += every
            }
            if ticks.count < 3 {
                // Two decades or less: label 1, 2 and 5 times powers of ten.
                var fine = [(Double, TickLabel)]()
                for k in (a - 1)...b {
                    for m in [1.0, 2, 5] {
                        let v = m * pow(10, Double(k))
                        if v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9) {
                            fine.append((v, .plain(Self.format(v, decimals: Swift.max(0, -k)))))
                        }
                    }
                }
                return fine.count >= 2 ? fine : linearTicks(target: target)
            }
            return ticks
        }
        return linearTicks(target: target)
    }

    private func linearTicks(target: Int) -> [(value: Double, label: TickLabel)] {
        let step = Self.niceStep((hi - lo) / Double(target))
        let decimals = Swift.max(0, -Int(floor(log10(step) + 1e-9)))
        var ticks = [(Double, TickLabel)]()
        var v = ceil(lo / step - 1e-9) * step
        while v <= hi + step * 1e-9 {
            let shown = Swift.abs(v) < step * 1e-9 ? 0 : v
            ticks.append((shown, .plain(Self.format(shown, decimals: decimals))))
            v += step
        }
        return ticks
    }

    /// Minor tick positions.
    public func minorTicks(target: Int = 5) -> [Double] {
        if isLogarithmic {
            let a = Int(floor(log10(lo))), b = Int(ceil(log10(hi)))
            guard b - a <= 12 else { return [] }
            var out = [Double]()
            for k in a...b {
                for m in 2...9 {
                    let v = Double(m) * pow(10, Double(k))
                    if v > lo && v < hi { out.append(v) }
                }
            }
            return out
        }
        let step = Self.niceStep((hi - lo) / Double(target))
        let mantissa = step / pow(10, floor(log10(step)))
        let minor = step / (Swift.abs(mantissa - 2) < 0.01 ? 4 : 5)
        var out = [Double]()
        var v = ceil(lo / minor - 1e-9) * minor
        while v <= hi {
            out.append(v)
            v += minor
        }
        return out
    }

    static func decadeLabel(_ k: Int) -> TickLabel {
        switch k {
        case 0: return .plain("1")
        case 1: return .plain("10")
        case -1: return .plain("0.1")
        default: return .powerOfTen(k)
        }
    }

    /// 1, 2 or 5 times a power of ten, at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let p = pow(10, floor(log10(raw)))
        let m = raw / p
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p
    }

    static func format(_ v: Double, decimals: Int) -> String {
        if Swift.abs(v) >= 1e6 { return String(format: "%.0e", v) }
        return String(format: "%.\(Swift.min(decimals, 6))f", v)
    }
}
