import CaloDetector
import Foundation
import XCTest

final class GeometryErrorTests: XCTestCase {
    /// A valid two-layer geometry whose pieces the tests below break one at a time.
    private func json(material: String = "Pb", thickness: String = "2", layer1Start: String = "3",
                      rows: String = "2", cellHeight: String = "10", scoring: String = "\"all\"",
                      extra: String = "") -> String {
        """
        { "name": "t", \(extra)
          "transverse": { "widthMM": 100, "heightMM": 100 },
          "stack": { "period": [ { "material": "\(material)", "thicknessMM": \(thickness) },
                                 { "material": "LAr", "thicknessMM": 4, "active": true } ], "repeat": 2 },
          "layers": [ { "zMM": [0, \(layer1Start)], "cells": { "rows": 1, "cols": 1, "heightMM": 10, "widthMM": 10 } },
                      { "zMM": [\(layer1Start), 12], "scoring": \(scoring),
                        "cells": { "rows": \(rows), "cols": 3, "heightMM": \(cellHeight), "widthMM": 10 } } ] }
        """
    }

    private func expectError(_ text: String, path: String, contains fragment: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        do {
            let g = try Geometry(json: text)
            XCTFail("loaded \(g.name) although it is invalid", file: file, line: line)
        } catch let error as GeometryError {
            XCTAssertEqual(error.path, path, "\(error)", file: file, line: line)
            XCTAssertTrue(error.message.contains(fragment), "'\(error.message)' lacks '\(fragment)'", file: file, line: line)
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
        }
    }

    func testValidBaseLoads() throws {
        let g = try Geometry(json: json())
        XCTAssertEqual(g.cellCount, 7)
        XCTAssertEqual(g.depthMM, 12)
    }

    func testEachKindOfBadFile() {
        expectError(json(material: "Unobtainium"), path: "stack.period[0].material", contains: "unknown material 'Unobtainium'")
        expectError(json(thickness: "0"), path: "stack.period[0].thicknessMM", contains: "must be > 0")
        expectError(json(thickness: "-1"), path: "stack.period[0].thicknessMM", contains: "must be > 0")
        expectError(json(rows: "0"), path: "layers[1].cells.rows", contains: "must be > 0")
        expectError(json(rows: "1.5"), path: "layers[1].cells.rows", contains: "whole number")
        expectError(json(rows: "20"), path: "layers[1].cells", contains: "do not fit the transverse height")
        expectError(json(cellHeight: "\"ten\""), path: "layers[1].cells.heightMM", contains: "must be a number")
        expectError(json(scoring: "\"some\""), path: "layers[1].scoring", contains: "\"all\" or \"active\"")
        expectError(json(extra: "\"transverse\": 1,"), path: "transverse", contains: "must be an object")
    }

    func testLayersMustTileTheStack() {
        // Gap and overlap between layers.
        let gap = json().replacingOccurrences(of: "\"zMM\": [3, 12]", with: "\"zMM\": [4, 12]")
        expectError(gap, path: "layers[1].zMM[0]", contains: "leaves a gap after layers[0]")
        let overlap = json().replacingOccurrences(of: "\"zMM\": [3, 12]", with: "\"zMM\": [2, 12]")
        expectError(overlap, path: "layers[1].zMM[0]", contains: "overlaps layers[0]")
        let short = json().replacingOccurrences(of: "\"zMM\": [3, 12]", with: "\"zMM\": [3, 10]")
        expectError(short, path: "layers[1].zMM[1]", contains: "must cover it")
        let deep = json().replacingOccurrences(of: "\"zMM\": [3, 12]", with: "\"zMM\": [3, 13]")
        expectError(deep, path: "layers[1].zMM[1]", contains: "behind the stack")
        let late = json().replacingOccurrences(of: "\"zMM\": [0, 3]", with: "\"zMM\": [1, 3]")
        expectError(late, path: "layers[0].zMM[0]", contains: "must be 0")
    }

    func testMissingAndMalformed() {
        expectError("{ \"name\": \"x\" }", path: "transverse", contains: "is missing")
        expectError("[1, 2]", path: "", contains: "must be an object")
        expectError("{ not json", path: "", contains: "not valid JSON")
        let noLayers = json().replacingOccurrences(of: "\"layers\"", with: "\"cells\"")
        expectError(noLayers, path: "", contains: "needs 'layers' or 'readout'")
    }

    func testCustomCompound() throws {
        let text = json(material: "Mix", extra: """
            "materials": { "Mix": { "densityGPerCm3": 8.28, "atoms": { "Pb": 1, "W": 1, "O": 4 } } },
            """)
        let g = try Geometry(json: text)
        XCTAssertEqual(g.slabs[0].material.radiationLengthMM, Material.table["PbWO4"]!.radiationLengthMM, accuracy: 1e-9)
        let badElement = json(material: "Mix", extra: """
            "materials": { "Mix": { "densityGPerCm3": 8.28, "atoms": { "Xx": 1 } } },
            """)
        expectError(badElement, path: "materials.Mix.atoms.Xx", contains: "unknown element 'Xx'")
    }

    func testFileErrorsNameTheFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("calosim-bad-\(getpid()).json")
        try json(rows: "0").write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        XCTAssertThrowsError(try Geometry.resolve(url.path)) { error in
            XCTAssertEqual("\(error)", "geometry \(url.path): layers[1].cells.rows must be > 0 (got 0)")
        }
        XCTAssertThrowsError(try Geometry.resolve("no-such-geometry")) { error in
            XCTAssertTrue("\(error)".contains("unknown geometry 'no-such-geometry'"))
        }
        XCTAssertThrowsError(try Geometry.resolve("/nonexistent/g.json")) { error in
            XCTAssertTrue("\(error)".contains("cannot read"))
        }
    }
}
