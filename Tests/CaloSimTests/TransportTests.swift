@testable import CaloSim
import CaloDetector
import CaloSupport
import XCTest

/// Transport-level unit tests: the energy ledger, reproducibility, scoring, a straight track's
/// deposit and boundary handling (docs/physics.md §12.4-§12.6).
final class TransportTests: XCTestCase {
    static let testem3 = try! ShowerSimulator(geometry: try! Geometry.resolve("testem3"))

    /// A three-slab test stack, LAr 4 mm | Pb 2 mm | LAr 4 mm, read out as layers [0, 6] and [6, 10] of
    /// 10 x 10 cells of 2 mm.
    static func sandwich(scoring: String = "all") -> Geometry {
        try! Geometry(json: """
        { "name": "sandwich", "transverse": { "widthMM": 1000, "heightMM": 1000 },
          "stack": { "slabs": [ { "material": "LAr", "thicknessMM": 4, "active": true },
                                { "material": "Pb", "thicknessMM": 2 },
                                { "material": "LAr", "thicknessMM": 4, "active": true } ] },
          "layers": [ { "zMM": [0, 6], "scoring": "\(scoring)", "cells": { "rows": 10, "cols": 10, "heightMM": 2, "widthMM": 2 } },
                      { "zMM": [6, 10], "scoring": "\(scoring)", "cells": { "rows": 10, "cols": 10, "heightMM": 2, "widthMM": 2 } } ] }
        """)
    }

    /// The same stack read out one layer per slab (all materials scored).
    static func slabLayers() -> Geometry {
        try! Geometry(json: """
        { "name": "slabs", "transverse": { "widthMM": 1000, "heightMM": 1000 },
          "stack": { "slabs": [ { "material": "LAr", "thicknessMM": 4, "active": true },
                                { "material": "Pb", "thicknessMM": 2 },
                                { "material": "LAr", "thicknessMM": 4, "active": true } ] },
          "layers": [ { "zMM": [0, 4], "scoring": "all", "cells": { "rows": 1, "cols": 1, "heightMM": 1000, "widthMM": 1000 } },
                      { "zMM": [4, 6], "scoring": "all", "cells": { "rows": 1, "cols": 1, "heightMM": 1000, "widthMM": 1000 } },
                      { "zMM": [6, 10], "scoring": "all", "cells": { "rows": 1, "cols": 1, "heightMM": 1000, "widthMM": 1000 } } ] }
        """)
    }

    func testLedgerClosesForEveryParticle() {
        let sim = TransportTests.testem3
        for particle in Particle.allCases {
            for energy in [1.0, 30.0, 2000.0] {
                for i in 0..<3 {
                    let r = sim.simulate(Primary(particle: particle, kineticEnergyMeV: energy, xMM: 3, yMM: -2, thetaRadians: 0.3),
                                         seed: 5, showerIndex: UInt64(i))
                    XCTAssertLessThan(abs(r.ledgerResidual), 1e-9, "\(particle) \(energy) MeV: residual \(r.ledgerResidual)")
                    XCTAssertEqual(r.incident, energy + (particle == .positron ? 2 * PhysicsConstants.electronMass : 0),
                                   accuracy: 1e-12)
                    XCTAssertEqual(r.scored + r.unscored, r.deposited, accuracy: 1e-9 * energy)
                    XCTAssert(r.cells.allSatisfy { $0 >= 0 } && r.escaped >= 0)
                }
            }
        }
    }

    func testSameSeedSameBytesAnyThreadCount() {
        let sim = TransportTests.testem3
        let primary = Primary(particle: .electron, kineticEnergyMeV: 300)
        let serial = (0..<6).map { sim.simulate(primary, seed: 42, showerIndex: UInt64($0)) }
        final class Slots: @unchecked Sendable { var cells = [[Double]](repeating: [], count: 6) }
        let slots = Slots()
        let lock = NSLock()
        Threads.parallelFor(6, threads: 3) { i in
            let r = sim.simulate(primary, seed: 42, showerIndex: UInt64(5 - i))
            lock.lock(); slots.cells[5 - i] = r.cells; lock.unlock()
        }
        for i in 0..<6 {
            XCTAssertEqual(serial[i].cells, slots.cells[i], "shower \(i) differs between serial and threaded runs")
        }
        XCTAssertEqual(sim.simulate(primary, seed: 42, showerIndex: 4).cells, serial[4].cells)
        XCTAssertNotEqual(serial[0].cells, serial[1].cells)
        XCTAssertNotEqual(sim.simulate(primary, seed: 43, showerIndex: 0).cells, serial[0].cells)
    }

    func testScoringModes() throws {
        let all = try ShowerSimulator(geometry: TransportTests.sandwich(scoring: "all"))
        let active = try ShowerSimulator(geometry: TransportTests.sandwich(scoring: "active"))
        let p = Primary(particle: .electron, kineticEnergyMeV: 50)
        let a = all.simulate(p, seed: 1, showerIndex: 0), b = active.simulate(p, seed: 1, showerIndex: 0)
        // Same transport, different scoring: the lead of layer 0 is unscored in `active` mode.
        XCTAssertEqual(a.depositedPerLayer, b.depositedPerLayer)
        XCTAssertEqual(a.activePerLayer, b.activePerLayer)
        XCTAssertEqual(a.unscored, 0)
        XCTAssertEqual(b.unscored, b.depositedPerLayer[0] - b.activePerLayer[0], accuracy: 1e-9)
        XCTAssertGreaterThan(b.unscored, 0)
        XCTAssertEqual(a.scored, a.deposited, accuracy: 1e-9)
        XCTAssertEqual(b.scored, b.depositedActive, accuracy: 1e-9)
        // Cells of a layer plus its overflow hold the layer's scored energy.
        for l in 0..<2 {
            let layer = all.geometry.layers[l]
            let sum = a.cells[layer.firstCell..<(layer.firstCell + layer.cellCount)].reduce(0, +) + a.overflow[l]
            XCTAssertEqual(sum, a.depositedPerLayer[l], accuracy: 1e-9)
        }
    }

    /// Straight tracks and boundaries: 1 GeV electrons (no backscatter, negligible scattering) with a
    /// 1 m range cut (no delta rays; in lead all bremsstrahlung is continuous, in argon photons above
    /// 1.6 MeV escape) lose in each argon slab on average argon's restricted dE/dx times its thickness,
    /// and in the lead what lead's CSDA loss gives. A step or a displacement that crossed a Pb/LAr plane
    /// would move lead-like losses (about 200 MeV/mm here) into the argon.
    func testStraightTrackDepositsStayInTheirMaterial() throws {
        var config = SimulationConfiguration()
        config.productionCutMM = 1000
        let sim = try ShowerSimulator(geometry: TransportTests.slabLayers(), configuration: config)
        let t = 1000.0
        let n = 2000
        var sum = [0.0, 0.0, 0.0], sum2 = [0.0, 0.0, 0.0]
        for i in 0..<n {
            let r = sim.simulate(Primary(particle: .electron, kineticEnergyMeV: t), seed: 3, showerIndex: UInt64(i))
            for l in 0..<3 { sum[l] += r.depositedPerLayer[l]; sum2[l] += r.depositedPerLayer[l] * r.depositedPerLayer[l] }
        }
        func csda(_ l: Int, entry: Double, thickness: Double) -> Double {
            let m = sim.regions.material[l]
            let range = sim.tables.range[0].value(m, sim.tables.grid.locate(entry))
            return entry - MaterialTables.energy(fromRange: range - thickness, table: sim.tables.range[0], material: m,
                                                 grid: sim.tables.grid)
        }
        for (l, entry) in [(0, t), (2, 0.7 * t)] {
            let mean = sum[l] / Double(n), rms = (sum2[l] / Double(n) - mean * mean).squareRoot()
            let expected = csda(l, entry: entry, thickness: 4)
            let pull = abs(mean - expected) * Double(n).squareRoot() / rms
            XCTAssertLessThan(pull, 3, "LAr slab \(l): deposit \(mean) +- \(rms / Double(n).squareRoot()) MeV vs \(expected) MeV")
            XCTAssertGreaterThan(rms, 0.05 * mean, "Landau-like straggling")
        }
        // Lead: between the CSDA loss at 1 GeV entry and at the lowest entry energy (all radiation in
        // the first argon slab subtracted: 4 mm / X0(LAr) of the energy).
        let pbMean = sum[1] / Double(n)
        let lowEntry = t * (1 - 4 / Material.table["LAr"]!.radiationLengthMM) - 2
        XCTAssertLessThan(pbMean, csda(1, entry: t, thickness: 2))
        XCTAssertGreaterThan(pbMean, csda(1, entry: lowEntry, thickness: 2) * 0.99)
    }

    func testCountersAndSecondaries() {
        let r = TransportTests.testem3.simulate(Primary(particle: .photon, kineticEnergyMeV: 500), seed: 9, showerIndex: 0)
        XCTAssertGreaterThan(r.chargedSteps, 0)
        XCTAssertGreaterThan(r.photonSteps, 0)
        XCTAssertGreaterThan(r.secondaryElectrons, 0)
        XCTAssertGreaterThan(r.deposited, 0)
    }
}
