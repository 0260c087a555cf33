import _CCPUFeatures

/// The vector and matrix units of this CPU that calosim's kernels can use, as CPUID lists them
/// and the operating system enables them (XCR0: the instructions fault where the OS does not
/// save their registers).
public struct MatrixUnits: Sendable, Equatable {
    /// AMX tiles with bf16 products (Intel Sapphire Rapids and later).
    public var amxBF16: Bool
    /// AVX512_BF16: vdpbf16ps, bf16 pair products accumulated in fp32 (Intel Cooper Lake,
    /// Sapphire Rapids; AMD Zen 4).
    public var avx512BF16: Bool
    /// AVX-512 F/BW/DQ/VL.
    public var avx512: Bool
    /// AVX2 with FMA.
    public var avx2: Bool

    public init(amxBF16: Bool, avx512BF16: Bool, avx512: Bool, avx2: Bool) {
        self.amxBF16 = amxBF16
        self.avx512BF16 = avx512BF16
        self.avx512 = avx512
        self.avx2 = avx2
    }

    /// This machine's units.
    public static let detected = MatrixUnits(
        amxBF16: calosim_cpu_amx_bf16() != 0, avx512BF16: calosim_cpu_avx512_bf16() != 0,
        avx512: calosim_cpu_avx512() != 0, avx2: calosim_cpu_avx2() != 0)

    /// The units found, best first, e.g. "AVX512-BF16, AVX-512, AVX2" ("none" when none).
    public var description: String {
        let names = [(amxBF16, "AMX-BF16"), (avx512BF16, "AVX512-BF16"), (avx512, "AVX-512"), (avx2, "AVX2")]
            .filter(\.0).map(\.1)
        return names.isEmpty ? "none" : names.joined(separator: ", ")
    }

    /// True when calosim has a bf16 kernel this CPU can run (AVX512-BF16; every CPU with AMX-BF16
    /// has it too).
    public var runsBF16: Bool { avx512BF16 }
}
