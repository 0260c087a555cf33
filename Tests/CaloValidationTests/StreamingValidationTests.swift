import CaloData
import CaloDetector
@testable import CaloValidation
import Foundation
import XCTest

/// The validation of files read chunk by chunk gives the very report of the same showers in
/// memory: every number of metrics.json but the wall times.
final class StreamingValidationTests: XCTestCase {
    var geometry: Geometry!
    var folder: URL!

    override func setUpWithError() throws {
        geometry = try Geometry.resolve("calogan")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("calosim-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// Toy showers of alternating e- and photons at thetas up to 0.4 rad (so that the species
    /// separation and the slices run too), written to a file.
    func writeSample(count: Int, seed: UInt64, name: String) throws -> URL {
        let toy = ToyShowers.make(geometry: geometry, count: count, seed: seed)
        let theta = (0..<count).map { Float(($0 * 37 + Int(seed)) % 100) * 0.004 }
        let batch = ShowerBatch(incidentEnergiesMeV: toy.incidentEnergiesMeV, cellEnergiesMeV: toy.cellEnergiesMeV,
                                particles: (0..<count).map { $0 % 2 == 0 ? .electron : .photon },
                                arrival: (theta, theta.map { $0 - 0.2 }, theta.flatMap { [$0 * 10, -$0 * 5] }),
                                cellCount: toy.cellCount)
        let url = folder.appendingPathComponent(name)
        let writer = try ShowerFileWriter(url: url, geometry: geometry, metadata: ShowerFileMetadata(
            geometryJSON: geometry.json, producer: "toy", seed: seed, commandLine: "test"), recordsArrival: true)
        try writer.append(batch)
        try writer.finish()
        return url
    }

    func options() -> ValidationOptions {
        var o = ValidationOptions()
        var c = ClassifierOptions()
        c.hiddenUnits = [16]
        c.epochs = 2
        c.batchSize = 64
        o.classifier = c
        o.threads = 2
        return o
    }

    /// The report as JSON without its wall times (`seconds`, `computeSeconds`).
    func numbers(_ report: ValidationReport) throws -> Any {
        func strip(_ v: Any) -> Any {
            if let d = v as? [String: Any] {
                return d.filter { $0.key != "seconds" && $0.key != "computeSeconds" }.mapValues(strip)
            }
            if let a = v as? [Any] { return a.map(strip) }
            return v
        }
        return strip(try JSONSerialization.jsonObject(with: try ReportWriter.json(report)))
    }

    /// The first place where two JSON values differ, nil when they are equal.
    func difference(_ a: Any, _ b: Any, at path: String = "") -> String? {
        if let x = a as? [String: Any], let y = b as? [String: Any] {
            if Set(x.keys) != Set(y.keys) { return "\(path): keys \(x.keys.sorted()) vs \(y.keys.sorted())" }
            for key in x.keys.sorted() { if let d = difference(x[key]!, y[key]!, at: path + "." + key) { return d } }
            return nil
        }
        if let x = a as? [Any], let y = b as? [Any] {
            if x.count != y.count { return "\(path): \(x.count) vs \(y.count) entries" }
            for i in x.indices { if let d = difference(x[i], y[i], at: "\(path)[\(i)]") { return d } }
            return nil
        }
        // Leaves: numbers print with the digits that round-trip, so equal text is equal value.
        return String(describing: a) == String(describing: b) ? nil : "\(path): \(a) vs \(b)"
    }

    func testChunkedFilesGiveTheReportInMemory() throws {
        let ref = try ShowerFileReader(url: try writeSample(count: 600, seed: 41, name: "ref.h5"))
        let gen = try ShowerFileReader(url: try writeSample(count: 520, seed: 42, name: "gen.h5"))
        let provenance = Provenance(reference: "ref.h5", generated: "gen.h5")
        func run(_ o: ValidationOptions, chunk: Int?) throws -> ValidationReport {
            let reference: any ValidationSample, generated: any ValidationSample
            if let chunk {
                reference = try ShowerFileSample(reader: ref, chunkShowers: chunk)
                generated = try ShowerFileSample(reader: gen, chunkShowers: chunk)
            } else {
                reference = try ref.readAll()
                generated = try gen.readAll()
            }
            return try Validator.run(ValidationInput(geometry: geometry, reference: reference, generated: generated,
                                                     provenance: provenance), options: o)
        }
        let inMemory = try run(options(), chunk: nil)
        XCTAssertEqual(inMemory.classifiers.count, 2)
        XCTAssertNotNil(inMemory.speciesSeparation)
        XCTAssertNotNil(inMemory.slices)
        XCTAssertEqual(inMemory.coverage?.showers, 300)
        // 7 showers a chunk: blocks of the reductions and the classifier's chosen showers cut by chunk boundaries.
        for chunk in [7, 256] {
            XCTAssertNil(difference(try numbers(inMemory), try numbers(try run(options(), chunk: chunk))), "chunks of \(chunk)")
        }

        // A budget for 100 showers per classifier class (66 per coverage set) caps both tests alike.
        var capped = options()
        capped.showerMemoryBytes = 100 * 2 * 4 * geometry.cellCount
        XCTAssertEqual(capped.coverage(cellCount: geometry.cellCount)?.maxShowersPerSample, 66)
        let small = try run(capped, chunk: nil)
        XCTAssertEqual(small.classifiers.map(\.testCount), [30, 30])
        XCTAssertEqual(small.coverage?.showers, 66)
        XCTAssertNil(difference(try numbers(small), try numbers(try run(capped, chunk: 7))), "capped, chunks of 7")
    }
}
