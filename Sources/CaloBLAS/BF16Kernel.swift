import CaloSupport
import Foundation
import _CDNNLLoader

/// The kernel that runs bf16 products: calosim's own AVX512-BF16 kernel (`BF16Linear`) or
/// oneDNN's matmul (`OneDNNLinear`), which dispatches to AMX tiles where the CPU has them.
///
/// Chosen once per process: oneDNN where the CPU has AMX-BF16 with the tile state enabled by
/// the OS (CPUID leaf 7 EDX bits 22 and 24, XCR0 bits 17-18) and libdnnl loads, calosim's own
/// kernel elsewhere. `CALOSIM_BF16_KERNEL=onednn|calosim` forces one (tests, benchmarks);
/// forcing oneDNN where it does not load is an error, never a silent fallback.
public enum BF16Kernel: String, CaseIterable, Sendable, Codable {
    case calosim, onednn

    /// The environment variable that forces a kernel.
    public static let environmentVariable = "CALOSIM_BF16_KERNEL"

    /// The kernel for this process (the environment's choice, else by the CPU's units).
    public static let selected: Result<BF16Kernel, CalosimError> = {
        let forced = ProcessInfo.processInfo.environment[environmentVariable]
        return Result { () throws(CalosimError) in try choose(forced: forced, units: .detected) }
    }()

    /// The kernel for `units` when `forced` (the environment variable's value, nil or "" when
    /// unset) is respected: oneDNN only where it loads.
    public static func choose(forced: String?, units: MatrixUnits) throws(CalosimError) -> BF16Kernel {
        if let forced, !forced.isEmpty {
            guard let kernel = BF16Kernel(rawValue: forced.lowercased()) else {
                throw CalosimError.badInput("\(environmentVariable)=\(forced): expected onednn or calosim")
            }
            if kernel == .onednn { try OneDNNLinear.load() }
            return kernel
        }
        return units.amxBF16 && OneDNNLinear.isAvailable ? .onednn : .calosim
    }

    /// What `bench` and `info` print, e.g. "oneDNN 2.6.3 matmul (avx512_core_bf16)".
    public var name: String {
        switch self {
        case .calosim: return BF16Linear.kernelName
        case .onednn: return "oneDNN \(OneDNNLinear.version) matmul (\(OneDNNLinear.instructionSet))"
        }
    }

    /// Why this kernel runs, for `calosim info`.
    public static func reason(units: MatrixUnits = .detected) -> String {
        let forced = ProcessInfo.processInfo.environment[environmentVariable] ?? ""
        if !forced.isEmpty { return "forced by \(environmentVariable)=\(forced)" }
        if !units.amxBF16 { return "no AMX-BF16 tiles: calosim's kernel" }
        return OneDNNLinear.isAvailable ? "AMX-BF16 tiles and oneDNN found"
            : "AMX-BF16 tiles found, oneDNN not loaded (\(OneDNNLinear.loadError)): calosim's kernel"
    }
}
