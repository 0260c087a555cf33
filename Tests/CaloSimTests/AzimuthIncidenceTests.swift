@testable import CaloSim
import CaloDetector
import CaloSupport
import XCTest

/// Primaries with an azimuth: direction (sin theta cos phi, sin theta sin phi, cos theta). The
/// slabs are planes of constant z, so a shower at (theta, phi) is, in distribution, the (theta, 0)
/// shower turned by phi about the normal (up to the far lateral faces); the polar readout turns
/// with it (R_y(-theta) R_z(-phi), as Par04's mesh), the rectangular cells stay.
final class AzimuthIncidenceTests: XCTestCase {
    /// The W/Si stack of `PolarScoringTests` read out as one layer of 1 mm cells over the whole
    /// 400 x 400 mm face, fine enough that a centroid from the cell centres is unbiased at the
    /// tenth of a mm.
    static let fineGrid = try! Geometry(json: """
        { "name": "wsi20-fine", "transverse": { "widthMM": 400, "heightMM": 400 },
          "stack": { "period": [ { "material": "W", "thicknessMM": 1.4 },
                                 { "material": "Si", "thicknessMM": 0.3, "active": true } ], "repeat": 20 },
          "layers": [ { "zMM": [0, 34], "cells": { "rows": 400, "cols": 400, "heightMM": 1, "widthMM": 1 } } ] }
        """)

    /// Pull of the difference of two sample means, |a - b| / sqrt(se_a^2 + se_b^2).
    private func pull(_ a: RunningStatistics, _ b: RunningStatistics) -> Double {
        let se2 = a.variance / Double(a.count) + b.variance / Double(b.count)
        return abs(a.mean - b.mean) / max(se2.squareRoot(), 1e-300)
    }

    func testDirectionIsTheAzimuthalTilt() {
        let tilt = Primary(particle: .electron, kineticEnergyMeV: 100, thetaRadians: 0.3).direction
        XCTAssertEqual(tilt.x, sin(0.3))
        XCTAssertEqual(tilt.y.bitPattern, 0, "phi = 0: the x-z tilt, y a true zero")
        XCTAssertEqual(tilt.z, cos(0.3))
        let theta = 0.7, phi = -2.1
        let u = Primary(particle: .photon, kineticEnergyMeV: 100, thetaRadians: theta, phiRadians: phi).direction
        XCTAssertEqual(u.x * u.x + u.y * u.y + u.z * u.z, 1, accuracy: 1e-15)
        XCTAssertEqual(acos(u.z), theta, accuracy: 1e-14)
        XCTAssertEqual(atan2(u.y, u.x), phi, accuracy: 1e-14)
    }

    /// Deposits placed by hand on the frame of a (theta, phi) primary: axis w = (st cp, st sp, ct),
    /// e1 = (ct cp, ct sp, -st), e2 = (-sp, cp, 0). A point p0 + d w + a e1 + b e2 must land at
    /// depth d and transverse offset (u, v) = (a, b), the frame R_y(-theta) R_z(-phi) gives.
    func testDepositsAreBinnedInTheTurnedFrame() throws {
        let sim = try ShowerSimulator(geometry: PolarScoringTests.stack(readout: #""polar": { "rEdgesMM": [0, 1, 3, 10], "alphaBins": 8 }"#))
        let theta = 0.3, phi = 2.2, x0 = 20.0, y0 = -10.0
        var t = ShowerTransport(simulator: sim, rng: Philox(seed: 1, stream: 0))
        t.meshX0 = x0; t.meshY0 = y0; t.meshSin = sin(theta); t.meshCos = cos(theta)
        t.meshSinPhi = sin(phi); t.meshCosPhi = cos(phi)
        let (st, ct, sp, cp) = (sin(theta), cos(theta), sin(phi), cos(phi))
        func region(_ z: Double) -> Int { sim.regions.planes.lastIndex { $0 <= z }! }
        func deposit(d: Double, a: Double, b: Double, energy: Double) {
            let x = x0 + d * st * cp + a * ct * cp - b * sp
            let y = y0 + d * st * sp + a * ct * sp + b * cp
            let z = d * ct - a * st
            t.deposit(energy, x: x, y: y, z: z, region: region(z))
        }
        // 8 alpha x 3 r = 24 cells per layer; layers of 6.8 mm along the axis.
        // (Offsets keep alpha off the bin edges, where rounding of the turn could tip it.)
        deposit(d: 10, a: 4, b: 0.3, energy: 1)     // layer 1, r = 4.01 (bin 2), alpha = 0.07 (bin 4)
        deposit(d: 10, a: -0.2, b: 2, energy: 2)    // layer 1, r = 2.01 (bin 1), alpha = 1.67 (bin 6)
        deposit(d: 20, a: -0.5, b: -0.1, energy: 4) // layer 2, r bin 0, alpha just above -pi (bin 0)
        deposit(d: 30, a: 0.3, b: -5, energy: 16)   // layer 4, r = 5.01 (bin 2), alpha = -1.51 (bin 2)
        deposit(d: 20, a: 11, b: 0, energy: 8)      // layer 2, beyond r = 10: its overflow
        XCTAssertEqual(t.tally.cells[24 + 4 * 3 + 2], 1)
        XCTAssertEqual(t.tally.cells[24 + 6 * 3 + 1], 2)
        XCTAssertEqual(t.tally.cells[48 + 0 * 3 + 0], 4)
        XCTAssertEqual(t.tally.cells[96 + 2 * 3 + 2], 16)
        XCTAssertEqual(t.tally.overflow[2], 8)
        XCTAssertEqual(t.tally.cells.reduce(0, +), 23)
    }

    /// Every particle at random (theta, phi) and impact: the ledger closes and cells + overflow
    /// hold every scored deposit, in the rectangular and the polar readout.
    func testLedgerClosesAtAnyAzimuth() throws {
        let polar = try ShowerSimulator(geometry: PolarScoringTests.stack(readout: PolarScoringTests.polar))
        let grid = try ShowerSimulator(geometry: PolarScoringTests.stack(readout: PolarScoringTests.grid))
        var rng = Philox(seed: 77, stream: 0)
        for sim in [polar, grid] {
            for (i, particle) in Particle.allCases.enumerated() {
                let p = Primary(particle: particle, kineticEnergyMeV: 300, xMM: 100 * rng.uniform() - 50,
                                yMM: 100 * rng.uniform() - 50, thetaRadians: 1.2 * rng.uniform(),
                                phiRadians: 2 * Double.pi * rng.uniform() - Double.pi)
                let r = sim.simulate(p, seed: 4, showerIndex: UInt64(i))
                XCTAssertLessThan(abs(r.ledgerResidual), 1e-9, "\(particle) \(p): residual \(r.ledgerResidual)")
                XCTAssertEqual(r.scored, r.deposited, accuracy: 1e-12 * r.incident)
                XCTAssertGreaterThan(r.cells.reduce(0, +), 0.3 * r.incident)
            }
        }
    }

    /// The energy-weighted centroid of the deposits (x, y, from the entry point) turns with phi:
    /// showers at phi = 2.0 and -1.0 turned back by -phi have the centroid of showers at phi = 0,
    /// which lies along +x (a tilt in x-z), y consistent with 0. Pulls below 4 (independent samples
    /// of 30 showers of 500 MeV e-, theta = 0.5).
    func testCentroidTurnsWithTheAzimuth() throws {
        let sim = try ShowerSimulator(geometry: Self.fineGrid)
        let layer = sim.geometry.layers[0]
        let n = 30, theta = 0.5
        func centroids(phi: Double, firstIndex: Int) -> (x: RunningStatistics, y: RunningStatistics) {
            var sx = RunningStatistics(), sy = RunningStatistics()
            for i in 0..<n {
                let p = Primary(particle: .electron, kineticEnergyMeV: 500, thetaRadians: theta, phiRadians: phi)
                let r = sim.simulate(p, seed: 21, showerIndex: UInt64(firstIndex + i))
                var e = 0.0, ex = 0.0, ey = 0.0
                for row in 0..<layer.rows {
                    for col in 0..<layer.cols {
                        let c = r.cells[row * layer.cols + col]
                        if c == 0 { continue }
                        let centre = layer.cellCentre(row: row, col: col)
                        e += c; ex += c * centre.xMM; ey += c * centre.yMM
                    }
                }
                let (cx, cy) = (ex / e, ey / e)
                // Turned back by -phi.
                sx.add(cx * cos(phi) + cy * sin(phi))
                sy.add(cy * cos(phi) - cx * sin(phi))
            }
            return (sx, sy)
        }
        let zero = centroids(phi: 0, firstIndex: 0)
        XCTAssertGreaterThan(zero.x.mean, 5 * zero.x.rms / Double(n).squareRoot(), "a tilt in x-z moves the centroid along +x")
        XCTAssertLessThan(abs(zero.y.mean) / (zero.y.rms / Double(n).squareRoot()), 4, "no shift along y at phi = 0: \(zero.y.mean) mm")
        for (k, phi) in [2.0, -1.0].enumerated() {
            let turned = centroids(phi: phi, firstIndex: 1000 * (k + 1))
            XCTAssertLessThan(pull(turned.x, zero.x), 4, "phi \(phi): along the tilt \(turned.x.mean) vs \(zero.x.mean) mm")
            XCTAssertLessThan(pull(turned.y, zero.y), 4, "phi \(phi): across the tilt \(turned.y.mean) vs \(zero.y.mean) mm")
        }
    }

    /// The polar readout follows the full direction, so its cells do not depend on phi in
    /// distribution: mean energy per layer, per alpha bin and per r bin (summed over the rest) of
    /// 40 showers at phi = 0 and 40 at phi = 2.5 agree with pulls below 4 (500 MeV e-, theta = 0.4).
    func testPolarReadoutIsAzimuthInvariant() throws {
        let sim = try ShowerSimulator(geometry: PolarScoringTests.stack(readout: PolarScoringTests.polar))
        let g = sim.geometry, bins = g.layers[0].polar!
        let n = 40
        func sample(phi: Double, firstIndex: Int) -> [RunningStatistics] {
            // Layers, then alpha bins, then r bins.
            var stats = [RunningStatistics](repeating: RunningStatistics(), count: g.layers.count + bins.alphaBins + bins.rBins)
            for i in 0..<n {
                let p = Primary(particle: .electron, kineticEnergyMeV: 500, xMM: 15, yMM: -5, thetaRadians: 0.4, phiRadians: phi)
                let r = sim.simulate(p, seed: 8, showerIndex: UInt64(firstIndex + i))
                var sums = [Double](repeating: 0, count: stats.count)
                for (l, layer) in g.layers.enumerated() {
                    for a in 0..<bins.alphaBins {
                        for k in 0..<bins.rBins {
                            let c = r.cells[layer.firstCell + a * bins.rBins + k]
                            sums[l] += c
                            sums[g.layers.count + a] += c
                            sums[g.layers.count + bins.alphaBins + k] += c
                        }
                    }
                }
                for j in sums.indices { stats[j].add(sums[j]) }
            }
            return stats
        }
        let a = sample(phi: 0, firstIndex: 0), b = sample(phi: 2.5, firstIndex: 5000)
        for j in a.indices where a[j].variance > 0 || b[j].variance > 0 {
            XCTAssertLessThan(pull(a[j], b[j]), 4, "statistic \(j): \(a[j].mean) vs \(b[j].mean) MeV")
        }
        // The statistics are not all empty: most of the energy is in the mesh.
        XCTAssertGreaterThan(a[0..<g.layers.count].map(\.mean).reduce(0, +), 0.5 * 500)
    }
}
