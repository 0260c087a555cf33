#ifndef CALOSIM_CPU_FEATURES_H
#define CALOSIM_CPU_FEATURES_H

#ifdef __cplusplus
extern "C" {
#endif

// CPU features from CPUID and the register state the OS saves (XCR0): an instruction whose
// registers the OS does not save faults even when CPUID lists it. One place for every kernel
// choice calosim makes (the OpenBLAS core type, the bf16 kernels, `calosim info`).

/// 1 when the CPU has AVX and the OS saves YMM state.
int calosim_cpu_avx(void);
/// 1 when the CPU has AVX2 and FMA and the OS saves YMM state.
int calosim_cpu_avx2(void);
/// 1 when the CPU has AVX-512 F/BW/DQ/VL and the OS saves ZMM and opmask state.
int calosim_cpu_avx512(void);
/// 1 when, in addition to AVX-512, the CPU has AVX512_BF16 (vdpbf16ps, vcvtneps2bf16).
int calosim_cpu_avx512_bf16(void);
/// 1 when the CPU lists AMX-TILE and AMX-BF16 and the OS enables tile state (XCR0 bits 17, 18).
int calosim_cpu_amx_bf16(void);

#ifdef __cplusplus
}
#endif

#endif
