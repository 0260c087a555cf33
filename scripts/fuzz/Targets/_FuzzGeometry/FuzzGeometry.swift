import CaloDetector
import Foundation
import _FuzzSupport

/// Fuzz target: the geometry JSON reader (`Geometry(json:)`), input bytes as UTF-8 text.
enum FuzzGeometry {
    static func run(_ data: Data) -> String {
        do {
            let geometry = try Geometry(json: String(decoding: data, as: UTF8.self))
            return "geometry '\(geometry.name)', \(geometry.cellCount) cells, \(geometry.slabs.count) slabs"
        } catch {
            FuzzHarness.expectOneLine(error)
            return "refused: \(error)"
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ bytes: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = FuzzGeometry.run(Data(bytes: bytes, count: size))
    return 0
}
#else
@main
struct Replay {
    static func main() { FuzzHarness.replay(FuzzGeometry.run) }
}
#endif
