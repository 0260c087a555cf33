import _CCPUFeatures
import _CPhiloxKernels

/// Where `Philox` computes its blocks: in AVX-512 or AVX2 lanes (`_CPhiloxKernels`) or in Swift's
/// portable SIMD types (`Philox.blocks4`). All give the same words; only the speed differs.
public enum PhiloxKernel: String, Sendable, CaseIterable {
    case avx512, avx2, portable

    /// The fastest kernel this CPU (and the OS's saved register state) can run; read once.
    public static let best: PhiloxKernel = available.first!

    /// The kernels this CPU can run, fastest first (`portable` always).
    public static var available: [PhiloxKernel] {
        var kernels: [PhiloxKernel] = []
        #if arch(x86_64)
        if calosim_cpu_avx512() != 0 { kernels.append(.avx512) }
        if calosim_cpu_avx2() != 0 { kernels.append(.avx2) }
        #endif
        kernels.append(.portable)
        return kernels
    }
}
