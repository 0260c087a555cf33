import CaloNN
import Foundation
import _FuzzSupport

/// Fuzz target: the safetensors reader (`SafeTensors.decode`), input bytes as the file.
enum FuzzSafeTensors {
    static func run(_ data: Data) -> String {
        do {
            let (tensors, metadata) = try SafeTensors.decode(data, path: "input.safetensors")
            return "\(tensors.count) tensors (\(tensors.map { "\($0.name)\($0.tensor.shape)" }.joined(separator: " "))), \(metadata.count) metadata keys"
        } catch {
            FuzzHarness.expectOneLine(error)
            return "refused: \(error)"
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = FuzzSafeTensors.run(Data(bytes: bytes, count: size))
    return 0
}
#else
@main
struct Replay {
    static func main() { FuzzHarness.replay(FuzzSafeTensors.run) }
}
#endif
