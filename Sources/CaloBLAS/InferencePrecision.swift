import CaloSupport

/// The arithmetic of inference: what `--precision` asks for.
///
/// fp32 is the reference (and training's only precision). bf16 keeps weights and activations
/// in bfloat16 (8 significant bits) and accumulates every product in fp32, on the CPU's bf16
/// units; `auto` takes bf16 where the CPU has such units and fp32 elsewhere.
public enum InferencePrecision: String, CaseIterable, Sendable, Codable {
    case fp32, bf16, auto

    /// The precision that runs on a CPU with `units`: bf16 on a CPU without bf16 units is refused
    /// (never a path the CPU cannot run); `auto` falls back to fp32 there.
    public func resolved(on units: MatrixUnits = .detected) throws(CalosimError) -> ResolvedPrecision {
        switch self {
        case .fp32: return .fp32
        case .auto: return units.runsBF16 ? .bf16 : .fp32
        case .bf16:
            guard units.runsBF16 else {
                throw CalosimError.environment(
                    "--precision bf16 needs a CPU with AVX512-BF16 (this one has: \(units.description)); use --precision fp32 or auto")
            }
            return .bf16
        }
    }
}

/// A precision that runs on this CPU, and the kernel that computes its products.
public enum ResolvedPrecision: String, Sendable, Codable {
    case fp32, bf16

    /// The matrix kernel, e.g. "OpenBLAS sgemm (SkylakeX); AVX-512 fp32 1-4 rows (calosim)",
    /// "AVX512-BF16 vdpbf16ps 6x64 (calosim)" or "oneDNN 2.6.3 matmul (avx512_core_amx)"
    /// (`BF16Kernel.selected`).
    public var kernel: String {
        switch self {
        case .fp32:
            let sgemm = "OpenBLAS sgemm (\(BLAS.coreName ?? "not loaded"))"
            return FewRowLinear.kernelName.map { sgemm + "; " + $0 } ?? sgemm
        case .bf16: return (try? BF16Kernel.selected.get())?.name ?? BF16Linear.kernelName
        }
    }
}
