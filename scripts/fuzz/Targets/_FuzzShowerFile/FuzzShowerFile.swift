import CaloData
import Foundation
import _FuzzSupport

/// Fuzz target: the HDF5 shower reader (`ShowerFileReader`), input bytes as the file (written to
/// a file in /dev/shm, then opened and read in full, as training and validation do).
enum FuzzShowerFile {
    static func run(_ data: Data) -> String {
        let url = FuzzHarness.scratchFile("input.h5", data)
        do {
            let reader = try ShowerFileReader(url: url)
            let batch = try reader.readAll()
            return "\(batch.count) showers of \(reader.cellCount) cells, geometry '\(reader.geometry.name)'"
        } catch {
            FuzzHarness.expectOneLine(error)
            return "refused: \(error)"
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = FuzzShowerFile.run(Data(bytes: bytes, count: size))
    return 0
}
#else
@main
struct Replay {
    static func main() { FuzzHarness.replay(FuzzShowerFile.run) }
}
#endif
