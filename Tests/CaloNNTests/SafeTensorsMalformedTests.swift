import CaloNN
import CaloSupport
import Foundation
import XCTest

/// Headers that once trapped the reader on integer overflow: each is now a one-line refusal.
final class SafeTensorsMalformedTests: XCTestCase {
    /// A file of one tensor entry `entry` (JSON) and `dataBytes` zero bytes of data.
    private func file(_ entry: String, dataBytes: Int = 0) -> Data {
        var header = Array("{\"a\":\(entry)}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var data = Data()
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header)
        data.append(Data(count: dataBytes))
        return data
    }

    private func refusal(_ data: Data) -> String? {
        do {
            _ = try SafeTensors.decode(data, path: "t.safetensors")
            return nil
        } catch {
            return String(describing: error)
        }
    }

    /// Shape [2^62, 4]: the element count times 4 bytes overflowed Int.
    func testShapeProductOverflowIsRefused() throws {
        let message = try XCTUnwrap(refusal(file(#"{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}"#)))
        XCTAssertTrue(message.contains("has 0 bytes of data"), message)
        XCTAssertFalse(message.contains("\n"))
        let square = try XCTUnwrap(refusal(file(#"{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,16]}"#, dataBytes: 16)))
        XCTAssertTrue(square.contains("has 16 bytes of data"), square)
    }

    /// An end offset of Int.max overflowed the bounds check `start + end <= size`.
    func testHugeDataOffsetIsRefused() throws {
        let message = try XCTUnwrap(refusal(file(#"{"dtype":"F32","shape":[1,1],"data_offsets":[0,9223372036854775807]}"#)))
        XCTAssertTrue(message.contains("lies outside the file"), message)
        // The same layout with a true offset reads.
        let good = try SafeTensors.decode(file(#"{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]}"#, dataBytes: 4), path: "t")
        XCTAssertEqual(good.tensors.first?.tensor.shape, [1, 1])
    }
}
