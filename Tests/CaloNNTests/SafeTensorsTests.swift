import CaloNN
import CaloSupport
import CaloTensor
import Foundation
import XCTest
import _TestSupport

final class SafeTensorsTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = try TemporaryFolder.make("calonn")
    }

    override func tearDown() { try? FileManager.default.removeItem(at: folder) }

    /// The bytes, checked by hand: u64 LE header length, JSON header padded to 8, LE float data.
    func testByteLayout() throws {
        let data = SafeTensors.encode([("a", Tensor(shape: [2], scalars: [1, -2])), ("b.c", Tensor(shape: [1, 1], scalars: [0.5]))],
                                      metadata: ["format": "test"])
        let n = Int(data.prefix(8).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
        XCTAssertEqual(n % 8, 0)
        let header = String(decoding: data[8..<(8 + n)], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        XCTAssertEqual(header, #"{"__metadata__":{"format":"test"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
                       + #""b.c":{"dtype":"F32","shape":[1,1],"data_offsets":[8,12]}}"#)
        XCTAssertEqual(Array(data[(8 + n)...]), [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x3F])
        let back = try SafeTensors.decode(data, path: "mem")
        XCTAssertEqual(back.tensors.map(\.name), ["a", "b.c"])
        XCTAssertEqual(back.tensors[1].tensor.shape, [1, 1])
        XCTAssertEqual(back.tensors[0].tensor.scalars, [1, -2])
        XCTAssertEqual(back.metadata, ["format": "test"])
        let url = folder.appendingPathComponent("layout.safetensors")
        try data.write(to: url)
        XCTAssertEqual(try SafeTensors.readMetadata(from: url), ["format": "test"], "header-only read")
    }

    func testCorruptFilesAreRefused() {
        XCTAssertThrowsError(try SafeTensors.decode(Data([1, 2, 3]), path: "x")) {
            XCTAssertTrue("\($0)".contains("not a valid safetensors file"), "\($0)")
        }
        var bad = SafeTensors.encode([("a", Tensor(shape: [4], repeating: 1))])
        bad.removeLast(4)
        XCTAssertThrowsError(try SafeTensors.decode(bad, path: "x")) { XCTAssertTrue("\($0)".contains("outside the file"), "\($0)") }
    }

    /// A parameter file round trip restores every parameter; PyTorch names.
    func testParameterFileRoundTrip() throws {
        let config = MLPConfig(sizes: [5, 7, 3], hiddenActivation: .leakyReLU(slope: 0.2), outputActivation: .relu)
        let model = Sequential.mlp(config, seed: 1)
        XCTAssertEqual(model.namedParameters.map(\.name), ["0.weight", "0.bias", "2.weight", "2.bias"])
        let url = try writeParameters(of: model)
        let loaded = Sequential.mlp(config, seed: 0)
        try ParameterFile.loadParameters(into: loaded, from: url)
        for (a, b) in zip(model.namedParameters, loaded.namedParameters) {
            XCTAssertEqual(a.name, b.name)
            XCTAssertEqual(a.parameter.value.scalars, b.parameter.value.scalars)
        }
        let x = Tensor(shape: [2, 5], scalars: (0..<10).map { Float($0) / 10 })
        XCTAssertEqual(model(x).scalars, loaded(x).scalars)
    }

    /// `model`'s parameters as `calosim train` writes them, in the test folder.
    private func writeParameters(of model: Sequential) throws -> URL {
        let url = folder.appendingPathComponent("model.safetensors")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try SafeTensors.write(model.namedParameters.map { ($0.name, $0.parameter.value) },
                              metadata: ["format": ParameterFile.format, "version": String(ParameterFile.version)], to: url)
        return url
    }

    func testMismatchIsRefusedWithAClearMessage() throws {
        let model = Sequential.mlp(MLPConfig(sizes: [5, 7, 3]), seed: 1)
        let url = try writeParameters(of: model)
        let wider = Sequential.mlp(MLPConfig(sizes: [5, 8, 3]), seed: 1)
        XCTAssertThrowsError(try ParameterFile.loadParameters(into: wider, from: url)) {
            XCTAssertEqual("\($0)", "\(url.path): parameter '0.weight' has shape [7, 5], the model expects [8, 5]")
        }
        let deeper = Sequential.mlp(MLPConfig(sizes: [5, 7, 7, 3]), seed: 1)
        XCTAssertThrowsError(try ParameterFile.loadParameters(into: deeper, from: url)) {
            XCTAssertTrue("\($0)".contains("missing: 4.weight, 4.bias"), "\($0)")
        }
    }
}
