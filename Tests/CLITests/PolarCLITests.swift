import Foundation
import XCTest
import _TestSupport

/// The command line with CaloChallenge binning XMLs and polar geometries: one-line refusals,
/// nothing written.
final class PolarCLITests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TemporaryFolder.make("calosim-polar-cli")
    }

    override func tearDownWithError() throws {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    private func write(_ text: String, _ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testBinningXMLOnTheCommandLine() throws {
        let good = try write(#"<Bins><Bin pid="11" name="electron"><Layer id="0" r_edges="0,4.65,9.3" n_bin_alpha="4"/></Bin></Bins>"#, "b.xml")
        let unsorted = try write(#"<Bins><Bin pid="11" name="electron"><Layer id="0" r_edges="0,9.3,4.65" n_bin_alpha="4"/></Bin></Bins>"#, "u.xml")
        let alpha = try write(#"<Bins><Bin pid="11" name="electron"><Layer id="0" r_edges="0,1" n_bin_alpha="0"/></Bin></Bins>"#, "a.xml")
        let broken = try write(#"<Bins><Bin pid="11" name="electron"><Layer id="0" r_edges="0,1" n_bin_alpha="1">"#, "x.xml")
        let out = folder.appendingPathComponent("s.h5").path
        let cases: [([String], String)] = [
            (["--geometry", good], "is a readout description without materials"),
            (["--geometry", unsorted], "r_edges edge 2 (4.65 mm) is below edge 1 (9.3 mm): r edges must increase"),
            (["--geometry", alpha], "n_bin_alpha must be a whole number >= 1 (got \"0\")"),
            (["--geometry", broken], "does not parse as XML"),
            (["--geometry", "wsi", "--readout-threshold"], "geometry 'wsi' defines no readout threshold"),
        ]
        for (args, message) in cases {
            let r = try CLI.run(["simulate", "--out", out, "--quiet", "--energy", "10", "--n", "2"] + args)
            XCTAssertNotEqual(r.status, 0, "\(args) succeeded")
            XCTAssertTrue(r.stderr.contains(message), "\(args): '\(r.stderr)' lacks '\(message)'")
            XCTAssertEqual(r.stderr.split(separator: "\n").count, 1, "\(args): not one line:\n\(r.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
