import CaloDetector
import Foundation
import XCTest

/// Malformed geometries that once exhausted memory or trapped (found by scripts/fuzz): each is now
/// a one-line `GeometryError`.
final class GeometryLimitTests: XCTestCase {
    private func geometry(repeatCount: String = "2", layers: String) -> String {
        """
        { "name": "t", "transverse": { "widthMM": 100, "heightMM": 100 },
          "stack": { "period": [ { "material": "Pb", "thicknessMM": 2 }, { "material": "LAr", "thicknessMM": 4 } ],
                     "repeat": \(repeatCount) },
          "layers": [ \(layers) ] }
        """
    }

    private func layer(_ z0: Double, _ z1: Double, rows: String = "1", cols: String = "1", size: String = "10") -> String {
        "{ \"zMM\": [\(z0), \(z1)], \"cells\": { \"rows\": \(rows), \"cols\": \(cols), \"heightMM\": \(size), \"widthMM\": \(size) } }"
    }

    private func refusal(_ text: String) -> GeometryError? {
        do {
            _ = try Geometry(json: text)
            return nil
        } catch {
            return error as? GeometryError
        }
    }

    /// `repeat` 999999999 asked for two billion slabs (about 100 GB) before any other check.
    func testRepeatCountIsBounded() throws {
        let error = try XCTUnwrap(refusal(geometry(repeatCount: "999999999", layers: layer(0, 5_999_999_994))))
        XCTAssertEqual(error.path, "stack")
        XCTAssertTrue(error.message.contains("at most \(Geometry.maximumSlabs)"), error.message)
        XCTAssertFalse(error.description.contains("\n"))
        // The largest allowed stack still loads.
        let n = Geometry.maximumSlabs / 2
        XCTAssertEqual(try Geometry(json: geometry(repeatCount: "\(n)", layers: layer(0, Double(6 * n)))).slabs.count, 2 * n)
    }

    /// 24 layers of 999999999 x 999999999 cells of 1e-300 mm overflowed the cell count (a trap).
    func testCellCountIsBounded() throws {
        let layers = (0..<12).map { layer(Double($0), Double($0 + 1), rows: "999999999", cols: "999999999", size: "1e-300") }
        let error = try XCTUnwrap(refusal(geometry(layers: layers.joined(separator: ","))))
        XCTAssertEqual(error.path, "layers[0].cells")
        XCTAssertTrue(error.message.contains("above \(Geometry.maximumCells) cells"), error.message)
        // The sum over layers counts: two layers of 3000 x 2000 cells are one too many.
        let two = [layer(0, 6, rows: "3000", cols: "2000", size: "0.01"), layer(6, 12, rows: "3000", cols: "2000", size: "0.01")]
        XCTAssertEqual(try XCTUnwrap(refusal(geometry(layers: two.joined(separator: ",")))).path, "layers[1].cells")
        XCTAssertEqual(try Geometry(json: geometry(layers: two[0] + "," + layer(6, 12))).cellCount, 6_000_001)
    }

    /// A material name with a newline is quoted in the message; the message stays one line.
    func testQuotedNamesStayOnOneLine() throws {
        let text = geometry(layers: layer(0, 12)).replacingOccurrences(of: "\"Pb\"", with: "\"P\\nb\"")
        let error = try XCTUnwrap(refusal(text))
        XCTAssertTrue(error.message.contains("unknown material 'P\nb'"), error.message)
        XCTAssertFalse(error.description.contains("\n"), error.description)
        XCTAssertTrue(error.description.contains(#"unknown material 'P\nb'"#), error.description)
    }
}
