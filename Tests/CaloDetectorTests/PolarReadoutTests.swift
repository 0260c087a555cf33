import CaloDetector
import Foundation
import XCTest

/// Polar (r x alpha) readout layers and the CaloChallenge binning XML.
///
/// The XML texts are rebuilt here from the numbers of CaloChallenge/homepage `code/`
/// (binning_dataset_2.xml: 45 layers, r edges 0..41.85 mm in 9 bins of 4.65 mm, 16 alpha bins;
/// binning_dataset_3.xml: 18 bins of 2.325 mm, 50 alpha bins; binning_dataset_1_photons.xml:
/// the 24 layers below), which carry no licence to copy the files themselves.
final class PolarReadoutTests: XCTestCase {
    static func uniformXML(layers: Int, rBins: Int, widthMM: Double, alpha: Int) -> String {
        let edges = (0...rBins).map { i -> String in
            let v = Double(i) * widthMM
            return v == v.rounded() ? String(Int(v)) : "\(v)"
        }.joined(separator: ",")
        let body = (0..<layers).map { "      <Layer id=\"\($0)\" r_edges=\"\(edges)\" n_bin_alpha=\"\(alpha)\" />" }
        return "<Bins>\n   <Bin pid=\"11\" name=\"electron\">\n" + body.joined(separator: "\n") + "\n   </Bin>\n</Bins>\n"
    }

    static let dataset1Photons = """
        <Bins>
           <Bin pid="22" etaMin="0" etaMax="130" name="photon">
              <Layer id="0" r_edges="0,5,10,30,50,100,200,400,600" n_bin_alpha="1" />
              <Layer id="1" r_edges="0,2,4,6,8,10,12,15,20,30,40,50,70,90,120,150,200" n_bin_alpha="10"/>
              <Layer id="2" r_edges="0,2,5,10,15,20,25,30,40,50,60,80,100,130,160,200,250,300,350,400" n_bin_alpha="10"/>
              <Layer id="3" r_edges="0,50,100,200,400,600" n_bin_alpha="1" />
        \((4...11).map { "      <Layer id=\"\($0)\" r_edges=\"0\" n_bin_alpha=\"1\" />" }.joined(separator: "\n"))
              <Layer id="12" r_edges="0,100,200,400,1000,2000" n_bin_alpha="1" />
        \((13...23).map { "      <Layer id=\"\($0)\" r_edges=\"0\" n_bin_alpha=\"1\" />" }.joined(separator: "\n"))
           </Bin>
        </Bins>
        """

    func testDatasetVoxelCountsAsTheCaloChallenge() throws {
        let ds2 = try BinningXML(data: Data(Self.uniformXML(layers: 45, rBins: 9, widthMM: 4.65, alpha: 16).utf8))
        XCTAssertEqual(ds2.layers.count, 45)
        XCTAssertEqual(ds2.voxelCount, 6480)
        XCTAssertEqual(ds2.particle, "electron")
        XCTAssertEqual(ds2.pid, 11)
        let ds3 = try BinningXML(data: Data(Self.uniformXML(layers: 45, rBins: 18, widthMM: 2.325, alpha: 50).utf8))
        XCTAssertEqual(ds3.voxelCount, 40500)
        let ds1 = try BinningXML(data: Data(Self.dataset1Photons.utf8))
        XCTAssertEqual(ds1.layers.count, 24)
        XCTAssertEqual(ds1.voxelCount, 368)
        XCTAssertEqual(ds1.layers[4].cellCount, 0, "r_edges=\"0\" has no voxels")
    }

    func testGeometryFromXMLHasTheCellOrderOfTheFiles() throws {
        let g = try Geometry(binningXML: Data(Self.dataset1Photons.utf8), name: "ds1")
        XCTAssertTrue(g.isReadoutOnly)
        XCTAssertEqual(g.cellCount, 368)
        XCTAssertEqual(g.layers.count, 24)
        // Layer offsets as XMLHandler's bin_edges: 0, 8, 168, 358, 363 (x8), 368 ...
        XCTAssertEqual(g.layers.map(\.firstCell).prefix(5), [0, 8, 168, 358, 363])
        XCTAssertEqual(g.layers[12].firstCell, 363)
        // Layer 1: 10 alpha x 16 r; cell 17 is alpha bin 1, r bin 1 (r fastest).
        let l1 = g.layers[1]
        XCTAssertEqual(l1.rows, 10)
        XCTAssertEqual(l1.cols, 16)
        XCTAssertEqual(g.locate(cell: 8 + 17).row, 1)
        XCTAssertEqual(g.locate(cell: 8 + 17).col, 1)
        // Centre of (alpha 1, r 1): r = 3 mm, alpha = -pi + 1.5 * 2pi / 10, as XMLHandler's eta/phi.
        let c = l1.cellCentre(row: 1, col: 1)
        let alpha = -Double.pi + 1.5 * 2 * Double.pi / 10
        XCTAssertEqual(c.xMM, 3 * cos(alpha), accuracy: 1e-12)
        XCTAssertEqual(c.yMM, 3 * sin(alpha), accuracy: 1e-12)
        // One alpha bin: the centre sits at alpha = 0 (x = r, y = 0).
        XCTAssertEqual(g.layers[0].cellCentre(row: 0, col: 2).xMM, 20, accuracy: 1e-12)
        XCTAssertEqual(g.layers[0].cellCentre(row: 0, col: 2).yMM, 0, accuracy: 1e-12)
        // The stored JSON reads back as the same readout.
        XCTAssertTrue(try Geometry(json: g.json).sameReadout(as: g))
    }

    func testPointsGoToTheirBinsAndOutsideToOverflow() throws {
        let bins = PolarBins(rEdgesMM: [1, 2, 4], alphaBins: 4)
        XCTAssertNil(bins.cell(u: 0.5, v: 0), "inside the first edge")
        XCTAssertNil(bins.cell(u: 4, v: 0), "the last edge is outside")
        XCTAssertEqual(bins.cell(u: 1.5, v: 0.01)!.r, 0)
        XCTAssertEqual(bins.cell(u: 1.5, v: 0.01)!.alpha, 2, "alpha just above 0 is bin 2 of [-pi, pi] in 4")
        XCTAssertEqual(bins.cell(u: -3, v: -0.01)!.alpha, 0, "alpha just above -pi")
        XCTAssertEqual(bins.cell(u: -3, v: 0)!.alpha, 3, "alpha = pi goes to the last bin")
        XCTAssertEqual(bins.cell(u: 0, v: 3)!.r, 1)
        XCTAssertEqual(bins.areaMM2(r: 1), 0.5 * (16 - 4) * Double.pi / 2, accuracy: 1e-12)
    }

    func testBadXMLGivesOneLineErrorsNamingTheValue() {
        func message(_ text: String, particle: String? = nil) -> String {
            do {
                _ = try BinningXML(data: Data(text.utf8), particle: particle)
                return "no error"
            } catch { return "\(error)" }
        }
        let unsorted = message(#"<Bins><Bin name="e"><Layer id="0" r_edges="0,5,3" n_bin_alpha="2"/></Bin></Bins>"#)
        XCTAssertTrue(unsorted.contains("edge 2 (3.0 mm) is below edge 1 (5.0 mm)"), unsorted)
        XCTAssertTrue(unsorted.contains("Layer 0 id=\"0\" r_edges"), unsorted)
        let repeated = message(#"<Bins><Bin name="e"><Layer id="0" r_edges="0,5,5" n_bin_alpha="2"/></Bin></Bins>"#)
        XCTAssertTrue(repeated.contains("repeats edge 1"), repeated)
        let alpha = message(#"<Bins><Bin name="e"><Layer id="7" r_edges="0,5" n_bin_alpha="0"/></Bin></Bins>"#)
        XCTAssertTrue(alpha.contains("n_bin_alpha must be a whole number >= 1 (got \"0\")"), alpha)
        let notNumber = message(#"<Bins><Bin name="e"><Layer id="0" r_edges="0,x" n_bin_alpha="1"/></Bin></Bins>"#)
        XCTAssertTrue(notNumber.contains("entry 1 'x'"), notNumber)
        let broken = message(#"<Bins><Bin name="e"><Layer id="0" r_edges="0,1" n_bin_alpha="1"></Bins>"#)
        XCTAssertTrue(broken.contains("does not parse as XML"), broken)
        let particle = message(Self.dataset1Photons, particle: "pion")
        XCTAssertTrue(particle.contains("no <Bin> for particle 'pion' (it has: photon)"), particle)
        for m in [unsorted, alpha, notNumber, broken, particle] { XCTAssertFalse(m.contains("\n"), m) }
    }

    /// A geometry JSON takes its readout from a binning XML and adds the materials; the layer
    /// count must match the stack.
    func testJSONReadoutFromBinningXML() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("polar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.uniformXML(layers: 4, rBins: 3, widthMM: 4.65, alpha: 16).write(
            to: dir.appendingPathComponent("b.xml"), atomically: true, encoding: .utf8)
        func geometry(repeatCount: Int) -> String {
            """
            { "name": "wsi4", "transverse": { "widthMM": 200, "heightMM": 200 },
              "stack": { "period": [ { "material": "W", "thicknessMM": 1.4 },
                                     { "material": "Si", "thicknessMM": 0.3, "active": true } ], "repeat": \(repeatCount) },
              "readout": { "binningXML": "b.xml", "layerThicknessMM": 3.4, "scoring": "active" } }
            """
        }
        let url = dir.appendingPathComponent("g.json")
        try geometry(repeatCount: 8).write(to: url, atomically: true, encoding: .utf8)
        let g = try Geometry.load(file: url)
        XCTAssertEqual(g.layers.count, 4)
        XCTAssertEqual(g.cellCount, 4 * 48)
        XCTAssertEqual(g.layers[3].zEndMM, 13.6, accuracy: 1e-9)
        XCTAssertEqual(g.layers[2].scoring, .active)
        // The stored JSON stands alone (no XML reference) and reads back as the same detector.
        XCTAssertFalse(g.json.contains("binningXML"))
        XCTAssertTrue(try Geometry(json: g.json).sameReadout(as: g))

        try geometry(repeatCount: 10).write(to: url, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Geometry.load(file: url)) { error in
            XCTAssertTrue("\(error)".contains("readout.layerThicknessMM the binning XML has 4 layers, but the stack (17"), "\(error)")
        }
    }

    /// The shipped Par04 geometries: the W/Si stack, 45 readout layers of 3.4 mm, and the bins of
    /// the CaloChallenge's binning XMLs (the same doubles as the XML text "0,4.65,...,41.85").
    func testShippedPar04Geometries() throws {
        let ds2 = try Geometry.resolve("par04-ds2"), ds3 = try Geometry.resolve("par04-ds3")
        let text2 = "<Bins><Bin pid=\"11\" name=\"electron\">" + (0..<45).map {
            "<Layer id=\"\($0)\" r_edges=\"0,4.65,9.3,13.95,18.6,23.25,27.9,32.55,37.2,41.85\" n_bin_alpha=\"16\" />"
        }.joined() + "</Bin></Bins>"
        let xml2 = try BinningXML(data: Data(text2.utf8))
        XCTAssertEqual(ds2.layers.map(\.polar), xml2.layers.map { Optional($0) })
        // The XML's readout-only geometry has the same cells: files of one read in the other.
        let xmlGeometry = try Geometry(binningXML: Data(text2.utf8), name: "binning_dataset_2")
        XCTAssertTrue(xmlGeometry.sameReadout(as: ds2) && ds2.sameReadout(as: xmlGeometry))
        XCTAssertFalse(try Geometry(json: xmlGeometry.json).sameReadout(as: ds3))
        for (g, cells, alpha, rBins, width) in [(ds2, 6480, 16, 9, 4.65), (ds3, 40500, 50, 18, 2.325)] {
            XCTAssertEqual(g.cellCount, cells)
            XCTAssertEqual(g.slabs.count, 180)
            XCTAssertEqual(g.depthMM, 153, accuracy: 1e-9)
            XCTAssertEqual(g.layers.count, 45)
            XCTAssertTrue(g.layers.allSatisfy { abs($0.zEndMM - $0.zStartMM - 3.4) < 1e-9 && $0.scoring == .active })
            let bins = try XCTUnwrap(g.layers[7].polar)
            XCTAssertEqual(bins.alphaBins, alpha)
            XCTAssertEqual(bins.rBins, rBins)
            XCTAssertEqual(bins.outerRadiusMM, Double(rBins) * width, accuracy: 1e-9)
            XCTAssertEqual(g.storedEnergy.samplingFraction, 0.033)
            XCTAssertEqual(g.storedEnergy.readoutThresholdMeV!, 0.5e-3 / 0.033, accuracy: 1e-15)
            XCTAssertEqual(g.storedEnergy.stored(0.033, applyThreshold: true), 1)
            XCTAssertEqual(g.storedEnergy.stored(0.0004, applyThreshold: true), 0, "0.4 keV in Si: below 0.5 keV")
            XCTAssertEqual(g.storedEnergy.stored(0.0004, applyThreshold: false), Float(0.0004 / 0.033))
        }
    }

    func testPolarLayerJSONErrors() {
        func error(_ polar: String) -> String {
            let text = """
                { "name": "p", "transverse": { "widthMM": 100, "heightMM": 100 },
                  "stack": { "slabs": [ { "material": "Si", "thicknessMM": 1 } ] },
                  "layers": [ { "zMM": [0, 1], "polar": \(polar) } ] }
                """
            do { _ = try Geometry(json: text); return "no error" } catch { return "\(error)" }
        }
        XCTAssertTrue(error(#"{ "rEdgesMM": [0, 2, 1], "alphaBins": 3 }"#).contains("layers[0].polar.rEdgesMM[2] edge 2 (1.0 mm) is not above edge 1 (2.0 mm)"))
        XCTAssertTrue(error(#"{ "rEdgesMM": [0, 2], "alphaBins": 0 }"#).contains("layers[0].polar.alphaBins must be >= 1"))
        XCTAssertTrue(error(#"{ "rEdgesMM": [-1, 2], "alphaBins": 2 }"#).contains("layers[0].polar.rEdgesMM[0] first edge -1.0 mm is negative"))
        XCTAssertEqual(error(#"{ "rEdgesMM": [0], "alphaBins": 1 }"#), "no error", "a layer without cells is allowed")
    }
}
