import CaloExamples
import Foundation
import XCTest
import _TestSupport

/// The image GAN: its quick mode runs end to end (a few steps of a narrow class-conditional DCGAN,
/// judged by the quick shapes CNN), and the committed full-size report meets the example's claims.
final class DCGANExampleTests: XCTestCase {
    func testQuickDCGAN() throws {
        let folder = try TemporaryFolder.make("dcgan")
        defer { try? FileManager.default.removeItem(at: folder) }
        let example = try XCTUnwrap(LectureExamples.named("dcgan"))
        let report = try example.run(ExampleOptions(seed: 1, quick: true, threads: 2, outputDirectory: folder)) { _ in }
        // The discriminator learns to separate real from generated images within the quick run:
        // its loss falls below the chance value 2 ln 2 = 1.386.
        XCTAssertLessThan(try XCTUnwrap(report["finalDiscriminatorLoss"]), 2 * log(2.0))
        // Its classifier learns the three classes of the real images: cross-entropy below ln 3.
        XCTAssertLessThan(try XCTUnwrap(report["finalClassLoss"]), log(3.0))
        let agreement = try XCTUnwrap(report["askedClassAgreement"])
        XCTAssertTrue((0...1).contains(agreement), "agreement \(agreement)")
        let shares = try ["circleShare", "squareShare", "triangleShare"].map { try XCTUnwrap(report[$0]) }
        XCTAssertEqual(shares.reduce(0, +), 1, accuracy: 1e-9)
        XCTAssertEqual(report.files.filter { $0.hasPrefix("samples-step-") }.count, 3, "grids at 12 %, 40 %, 100 % of the steps")
        for file in report.files {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }
    }
}
