import CaloSupport
import XCTest

final class ControlCharacterTests: XCTestCase {
    func testEscapes() {
        XCTAssertEqual("plain text, 1 GeV".escapingControlCharacters, "plain text, 1 GeV")
        XCTAssertEqual("a\nb\rc\td".escapingControlCharacters, #"a\nb\rc\td"#)
        XCTAssertEqual("x\u{0}y\u{7F}z\u{85}\u{2028}".escapingControlCharacters, #"x\u{0}y\u{7f}z\u{85}\u{2028}"#)
        XCTAssertEqual("é ü 中".escapingControlCharacters, "é ü 中")
    }

    /// A reason quoting a damaged file's text (found by scripts/fuzz: a model.json `format` with a
    /// newline) is printed on one line.
    func testErrorsAreOneLine() {
        let error = CalosimError.badFile(path: "m/model.json", reason: "not a calosim model (format 'c\n')")
        XCTAssertEqual(error.description, #"m/model.json: not a calosim model (format 'c\n')"#)
        XCTAssertEqual(CalosimError.mismatch("a\nb").description, #"a\nb"#)
    }
}
