import CaloSupport
import Foundation

/// Photoelectric absorption with the Sandia (Biggs-Lighthill) cross-sections (docs/physics.md §7).
///
/// A material's coefficients are merged into one piecewise table (as `G4SandiaTable` does):
/// mu(E) = sum_i c_i / E^i per mm, E in keV. Final state as `G4PEEffectFluoModel` without
/// fluorescence: the innermost shell with binding B <= E (approximated by the element's Sandia
/// edges up to its K edge) is ionised, the photo-electron gets E - B and B is deposited locally.
/// The photo-electron direction follows Sauter-Gavrila (`G4SauterGavrilaAngularDistribution`).
final class Photoelectric: Sendable {
    /// Lower interval edges, keV, ascending, and per interval the four coefficients (1/mm keV^i).
    let edges: [Double]
    let coefficients: [Double]
    /// Per element of the material: its rows scaled to 1/mm (for the element choice) and K edge.
    let elementEdges: [[Double]]
    let elementCoefficients: [[Double]]
    let kEdges: [Double]

    /// Builds the merged table; `elements` are (Z, mass fraction) and rho in g/cm^3.
    init(elements: [(z: Int, massFraction: Double)], density: Double) throws {
        var perEdges: [[Double]] = [], perCoef: [[Double]] = [], ks: [Double] = []
        for el in elements {
            guard let data = SandiaData.rows(z: el.z) else {
                throw CalosimError.badInput("no Sandia photoabsorption data for Z = \(el.z)")
            }
            let scale = density * el.massFraction / 10
            perEdges.append(data.rows.map { $0.0 })
            perCoef.append(data.rows.flatMap { [$0.1 * scale, $0.2 * scale, $0.3 * scale, $0.4 * scale] })
            ks.append(data.kEdgeKeV)
        }
        let merged = Array(Set(perEdges.flatMap { $0 })).sorted()
        var coef: [Double] = []
        for e in merged {
            var c = [0.0, 0.0, 0.0, 0.0]
            for j in 0..<perEdges.count {
                guard let row = perEdges[j].lastIndex(where: { $0 <= e }) else { continue }
                for i in 0..<4 { c[i] += perCoef[j][4 * row + i] }
            }
            coef += c
        }
        edges = merged
        coefficients = coef
        elementEdges = perEdges
        elementCoefficients = perCoef
        kEdges = ks
    }

    @inline(__always)
    private static func evaluate(_ c: UnsafeBufferPointer<Double>, _ base: Int, _ eKeV: Double) -> Double {
        let x = 1 / eKeV
        return x * (c[base] + x * (c[base + 1] + x * (c[base + 2] + x * c[base + 3])))
    }

    /// Index of the interval containing E (keV), or -1 below the first edge.
    @inline(__always)
    private static func interval(_ edges: [Double], _ eKeV: Double) -> Int {
        var lo = 0, hi = edges.count - 1
        if eKeV < edges[0] { return -1 }
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if edges[mid] <= eKeV { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Attenuation coefficient, 1/mm, photon energy in MeV.
    func attenuation(photonEnergy e: Double) -> Double {
        let eKeV = e * 1000
        let i = Photoelectric.interval(edges, eKeV)
        if i < 0 { return 0 }
        return max(0, coefficients.withUnsafeBufferPointer { Photoelectric.evaluate($0, 4 * i, eKeV) })
    }

    /// Chooses the absorbing element and returns the binding energy (MeV) deposited locally.
    func sampleBindingEnergy(photonEnergy e: Double, rng: inout Philox) -> Double {
        let eKeV = e * 1000
        var element = 0
        if elementEdges.count > 1 {
            // Two passes, no allocation: total, then the element whose partial sum crosses r.
            var total = 0.0
            for j in 0..<elementEdges.count { total += partialAttenuation(element: j, eKeV: eKeV) }
            var r = rng.uniform() * total
            for j in 0..<elementEdges.count {
                element = j
                r -= partialAttenuation(element: j, eKeV: eKeV)
                if r <= 0 { break }
            }
        }
        let limit = min(eKeV, kEdges[element])
        var binding = 0.0
        for edge in elementEdges[element] where edge <= limit { binding = edge }
        return binding / 1000
    }

    @inline(__always)
    private func partialAttenuation(element j: Int, eKeV: Double) -> Double {
        let i = Photoelectric.interval(elementEdges[j], eKeV)
        if i < 0 { return 0 }
        return max(0, elementCoefficients[j].withUnsafeBufferPointer { Photoelectric.evaluate($0, 4 * i, eKeV) })
    }

    /// Sauter-Gavrila polar angle of the photo-electron (kinetic energy T, MeV); returns cos(theta).
    @inline(__always)
    static func sampleElectronCosTheta(kineticEnergy t: Double, rng: inout Philox) -> Double {
        if t > 100 { return 1 }
        let tau = max(t, 1e-6) / PhysicsConstants.electronMass
        let gamma = 1 + tau
        let beta = (tau * (tau + 2)).squareRoot() / gamma
        let ac = (1 - beta) / beta
        let a1 = 0.5 * beta * gamma * tau * (gamma - 2)
        let a2 = ac + 2
        let gtmax = 2 * (a1 + 1 / ac)
        var tsam = 0.0
        while true {
            let r = rng.uniform()
            tsam = 2 * ac * (2 * r + a2 * r.squareRoot()) / (a2 * a2 - 4 * r)
            let gtr = (2 - tsam) * (a1 + 1 / (ac + tsam))
            if rng.uniform() * gtmax <= gtr { break }
        }
        return min(1, max(-1, 1 - tsam))
    }
}
