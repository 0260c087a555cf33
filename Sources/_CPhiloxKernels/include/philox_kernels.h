#ifndef CALOSIM_PHILOX_KERNELS_H
#define CALOSIM_PHILOX_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The instruction sets of calosim_philox_blocks16.
typedef enum calosim_philox_isa {
    CALOSIM_PHILOX_AVX2 = 1,   ///< AVX2, four 64-bit lanes (calosim_cpu_avx2)
    CALOSIM_PHILOX_AVX512 = 2  ///< AVX-512 F, eight 64-bit lanes (calosim_cpu_avx512)
} calosim_philox_isa;

/// Sixteen Philox4x32-10 blocks (Salmon et al., SC'11): block j, j = 0 ..< 16, is the bijection
/// of the counter (lo32(draw + j), hi32(draw + j), stream0, stream1) under the key (key0, key1),
/// written to out[4 j ..< 4 j + 4] (64 words). Exactly the words of the scalar definition
/// (`Philox.block` in CaloSupport, the reference the tests compare with). One 32 x 32 -> 64-bit
/// lane multiply per product. Requires the instruction set named by `isa` (callers check
/// _CCPUFeatures first).
void calosim_philox_blocks16(calosim_philox_isa isa, uint64_t draw, uint32_t stream0, uint32_t stream1,
                             uint32_t key0, uint32_t key1, uint32_t *out);

#ifdef __cplusplus
}
#endif

#endif
