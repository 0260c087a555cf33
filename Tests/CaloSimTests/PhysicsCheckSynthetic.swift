import CaloDetector
import CaloPhysicsCheck
import CaloSim
import CaloSupport
import Foundation

/// Synthetic shower data with known answers for the physics-check analysis tests.
enum Synthetic {
    /// Regularised lower incomplete gamma P(a, x) by its series (x < a + 1) or continued
    /// fraction (Numerical Recipes 6.2); enough for integrating gamma profiles over layers.
    static func gammaP(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        let gln = log(Foundation.tgamma(a))  // a <= 170 here
        if x < a + 1 {
            var ap = a, sum = 1 / a, del = sum
            for _ in 0..<500 { ap += 1; del *= x / ap; sum += del; if abs(del) < abs(sum) * 1e-15 { break } }
            return sum * exp(-x + a * log(x) - gln)
        }
        var b = x + 1 - a, c = 1 / 1e-300, d = 1 / b, h = d
        for i in 1..<500 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b; if abs(d) < 1e-300 { d = 1e-300 }
            c = b + an / c; if abs(c) < 1e-300 { c = 1e-300 }
            d = 1 / d
            let del = d * c
            h *= del
            if abs(del - 1) < 1e-15 { break }
        }
        return 1 - exp(-x + a * log(x) - gln) * h
    }

    /// Energy per layer of a gamma profile dE/dt = E0 b (bt)^(a-1) e^(-bt)/Gamma(a), integrated
    /// over layers [t_i - h/2, t_i + h/2] of `width` X0 starting at t = 0.
    static func gammaProfile(a: Double, b: Double, energy: Double = 1, layers: Int, width: Double) -> [Double] {
        (0..<layers).map { i in
            energy * (gammaP(a, b * Double(i + 1) * width) - gammaP(a, b * Double(i) * width))
        }
    }

    /// A standard normal deviate (Box-Muller) from Philox.
    static func normal(_ g: inout Philox) -> Double {
        (-2 * log(g.uniform())).squareRoot() * cos(2 * Double.pi * g.uniform())
    }

    /// A Gamma(shape a, rate 1) deviate (Marsaglia & Tsang 2000; a < 1 by the a+1 boost).
    static func gamma(_ a: Double, _ g: inout Philox) -> Double {
        if a < 1 { return gamma(a + 1, &g) * pow(g.uniform(), 1 / a) }
        let d = a - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat { x = normal(&g); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = g.uniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }
}

/// A stand-in for the reference simulator: each shower deposits `points` equal packets at depths
/// drawn from a gamma density with shower-to-shower fluctuating shape, radii from
/// C(r) = r^2/(r^2 + R^2), and a packet lands in an active slab with probability
/// `activeFraction` (else in the passive slab of the same period). Nothing escapes but the
/// packets beyond the stack (counted forward) or outside the sides (lateral). Deterministic in
/// (seed, showerIndex).
struct FakeShowerSource: ShowerSource {
    let geometry: Geometry
    var activeFraction = 0.17
    var points = 3000
    var radiusMM = 20.0
    var x0MM = PhysicsReference.radiationLengthMM

    func simulate(_ primary: Primary, seed: UInt64, showerIndex: UInt64) -> ShowerResult {
        var g = Philox(seed: seed, stream: showerIndex)
        let e = primary.kineticEnergyMeV
        var r = ShowerResult(cellCount: geometry.cellCount, layerCount: geometry.layers.count, incident: e)
        let lnY = PhysicsReference.lnY(energyMeV: e)
        // Shape fluctuates like GFLASH: T and alpha log-normal around the homogeneous means.
        let t = (lnY - 0.858 + (primary.particle == .photon ? 1 : 0)) * exp(0.15 * Synthetic.normal(&g))
        let alpha = (0.21 + 0.5 * lnY) * exp(0.15 * Synthetic.normal(&g))
        let beta = (alpha - 1) / t
        let packet = e / Double(points)
        let periods = geometry.slabs.count / 2
        let period = geometry.depthMM / Double(periods)
        for _ in 0..<points {
            let z = Synthetic.gamma(alpha, &g) / beta * x0MM
            let u = g.uniform()
            let rr = radiusMM * (u / (1 - u)).squareRoot(), phi = 2 * Double.pi * g.uniform()
            let x = rr * cos(phi), y = rr * sin(phi)
            if z >= geometry.depthMM { r.escapedForward += packet; continue }
            if abs(x) > 0.5 * geometry.widthMM || abs(y) > 0.5 * geometry.heightMM { r.escapedLateral += packet; continue }
            // Move the packet into the passive or the active slab of its period.
            let p = (z / period).rounded(.down)
            let active = g.uniform() < activeFraction
            let slab = geometry.slabs[2 * Int(p) + (active ? 1 : 0)]
            let zz = slab.zStartMM + 0.5 * slab.thicknessMM
            guard let l = geometry.layerIndex(zMM: zz) else { continue }
            r.depositedPerLayer[l] += packet
            if slab.isActive { r.activePerLayer[l] += packet }
            let layer = geometry.layers[l]
            guard layer.scoring == .all || slab.isActive else { r.unscored += packet; continue }
            if let (row, col) = layer.cell(xMM: x, yMM: y) {
                r.cells[layer.firstCell + row * layer.cols + col] += packet
            } else {
                r.overflow[l] += packet
            }
        }
        return r
    }
}
