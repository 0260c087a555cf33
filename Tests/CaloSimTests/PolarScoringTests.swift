@testable import CaloSim
import CaloDetector
import CaloSupport
import XCTest

/// Polar (r x alpha) readouts in the transport: the same physics as a Cartesian readout, binned
/// around the mesh axis (the primary's line of flight through its entry point, as Par04's mesh).
final class PolarScoringTests: XCTestCase {
    /// 20 x (1.4 mm W + 0.3 mm Si), 400 x 400 mm, five readout layers of 6.8 mm, scoring `scoring`,
    /// with either `cells` (Cartesian) or `polar` in each layer.
    static func stack(readout: String, scoring: String = "all") -> Geometry {
        let layers = (0..<5).map { i in
            "{ \"zMM\": [\(6.8 * Double(i)), \(6.8 * Double(i + 1))], \"scoring\": \"\(scoring)\", \(readout) }"
        }
        return try! Geometry(json: """
            { "name": "wsi20", "transverse": { "widthMM": 400, "heightMM": 400 },
              "stack": { "period": [ { "material": "W", "thicknessMM": 1.4 },
                                     { "material": "Si", "thicknessMM": 0.3, "active": true } ], "repeat": 20 },
              "layers": [ \(layers.joined(separator: ", ")) ] }
            """)
    }

    /// r edges out to 300 mm (beyond the stack's half diagonal, 283 mm): every deposit is in a cell.
    static let polar = #""polar": { "rEdgesMM": [0, 1, 3, 10, 30, 100, 300], "alphaBins": 8 }"#
    /// 40 x 40 cells of 10 mm: the whole front face.
    static let grid = #""cells": { "rows": 40, "cols": 40, "heightMM": 10, "widthMM": 10 }"#

    /// Same seed, same showers: the polar cells hold, layer by layer, what the rectangular cells
    /// hold (to rounding of the sums), and the ledger closes.
    func testSameShowerAsTheRectangularReadout() throws {
        for scoring in ["all", "active"] {
            let p = try ShowerSimulator(geometry: Self.stack(readout: Self.polar, scoring: scoring))
            let c = try ShowerSimulator(geometry: Self.stack(readout: Self.grid, scoring: scoring))
            XCTAssertEqual(p.geometry.cellCount, 5 * 48)
            var inCells = 0.0, incident = 0.0
            for i in 0..<3 {
                let primary = Primary(particle: .electron, kineticEnergyMeV: 1000)
                let rp = p.simulate(primary, seed: 9, showerIndex: UInt64(i))
                let rc = c.simulate(primary, seed: 9, showerIndex: UInt64(i))
                XCTAssertLessThan(abs(rp.ledgerResidual), 1e-9)
                XCTAssertEqual(rp.depositedPerLayer, rc.depositedPerLayer, "same transport, bit for bit")
                XCTAssertEqual(rp.escaped, rc.escaped)
                XCTAssertEqual(rp.unscored, rc.unscored)
                XCTAssertEqual(rp.overflow, [0, 0, 0, 0, 0])
                XCTAssertEqual(rc.overflow, [0, 0, 0, 0, 0])
                XCTAssertEqual(rp.scored + rp.unscored, rp.deposited, accuracy: 1e-12 * rp.incident)
                for l in 0..<5 {
                    let sp = rp.cells[48 * l..<48 * (l + 1)].reduce(0, +)
                    let sc = rc.cells[1600 * l..<1600 * (l + 1)].reduce(0, +)
                    XCTAssertEqual(sp, sc, accuracy: 1e-12 * rp.incident, "\(scoring) layer \(l)")
                }
                inCells += rp.cells.reduce(0, +)
                incident += rp.incident
            }
            // 8 X0 of tungsten hold 0.74 of 1 GeV, with an rms of 0.10 per shower (2,000 showers): the
            // three together fall below half of their energy about 4 standard deviations out.
            XCTAssertGreaterThan(inCells, scoring == "all" ? 0.5 * incident : 0.01 * incident)
        }
    }

    /// Tilted, off-centre primaries: the ledger still closes and cells + overflow hold every scored deposit.
    func testLedgerClosesForTiltedOffCentrePrimaries() throws {
        let sim = try ShowerSimulator(geometry: Self.stack(readout: #""polar": { "rEdgesMM": [0, 2, 5, 10], "alphaBins": 4 }"#))
        for i in 0..<3 {
            let r = sim.simulate(Primary(particle: .electron, kineticEnergyMeV: 500, xMM: 20, yMM: -10, thetaRadians: 0.4),
                                 seed: 3, showerIndex: UInt64(i))
            XCTAssertLessThan(abs(r.ledgerResidual), 1e-9)
            XCTAssertEqual(r.scored, r.deposited, accuracy: 1e-12 * r.incident)
            XCTAssertGreaterThan(r.overflow.reduce(0, +), 0, "a 10 mm mesh leaves energy outside")
            XCTAssertGreaterThan(r.cells.reduce(0, +), 0)
        }
    }

    /// Single deposits placed by hand: the mesh is centred on the entry point, its axis along the
    /// primary's direction (theta = 0.3 in x-z), depth along the axis choosing the layer.
    func testDepositsAreBinnedAroundTheTiltedAxis() throws {
        let sim = try ShowerSimulator(geometry: Self.stack(readout: #""polar": { "rEdgesMM": [0, 1, 3, 10], "alphaBins": 8 }"#))
        var t = ShowerTransport(simulator: sim, rng: Philox(seed: 1, stream: 0))
        let theta = 0.3, x0 = 20.0, y0 = -10.0
        t.meshX0 = x0; t.meshY0 = y0; t.meshSin = sin(theta); t.meshCos = cos(theta)
        func region(_ z: Double) -> Int { sim.regions.planes.lastIndex { $0 <= z }! }
        // A point at depth d on the axis, offset by (a, b) along the rotated x' = (cos, 0, -sin) and y.
        func deposit(d: Double, a: Double, b: Double, energy: Double) {
            let x = x0 + d * sin(theta) + a * cos(theta), z = d * cos(theta) - a * sin(theta)
            t.deposit(energy, x: x, y: y0 + b, z: z, region: region(z))
        }
        // 8 alpha x 3 r = 24 cells per layer.
        deposit(d: 10, a: 4, b: 0, energy: 1)      // layer 1 (6.8-13.6), r = 4 (bin 2), alpha = 0 (bin 4)
        deposit(d: 10, a: 0, b: 2, energy: 2)      // layer 1, r = 2 (bin 1), alpha = pi/2 (bin 6)
        deposit(d: 20, a: -0.5, b: -0.1, energy: 4) // layer 2, r bin 0, alpha just above -pi (bin 0)
        deposit(d: 20, a: 11, b: 0, energy: 8)     // layer 2, beyond r = 10: its overflow
        XCTAssertEqual(t.tally.cells[24 + 4 * 3 + 2], 1)
        XCTAssertEqual(t.tally.cells[24 + 6 * 3 + 1], 2)
        XCTAssertEqual(t.tally.cells[48 + 0 * 3 + 0], 4)
        XCTAssertEqual(t.tally.overflow[2], 8)
        XCTAssertEqual(t.tally.cells.reduce(0, +), 7)
    }
}
