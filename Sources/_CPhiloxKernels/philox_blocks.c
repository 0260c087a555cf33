// Philox4x32-10 blocks in SIMD lanes, compiled for AVX-512 or AVX2 function by function, so the
// rest of calosim runs on any x86-64; callers check _CCPUFeatures first. Each 64-bit lane holds one
// block's 32-bit word; vpmuludq multiplies the low halves, 32 x 32 -> 64 bits, which is exactly a
// round's product (high half and low half). Bits above 32 in a lane never reach the low 32 bits
// (the rounds only xor, shift right by 32 and multiply low halves), so no lane is masked until
// the words are packed for output. Several independent groups of lanes run in one loop to hide
// the multiply's latency.
#include "philox_kernels.h"

#define MULT0 0xD2511F53u
#define MULT1 0xCD9E8D57u
#define WEYL0 0x9E3779B9u
#define WEYL1 0xBB67AE85u

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX512_TARGET __attribute__((target("avx512f")))
#define AVX2_TARGET __attribute__((target("avx2")))

/// Two groups of eight blocks (counters draw + 0 ... 7 and draw + 8 ... 15).
static AVX512_TARGET void blocks16_avx512(uint64_t draw, uint32_t s0, uint32_t s1, uint32_t k0, uint32_t k1,
                                          uint32_t *out) {
    const __m512i step = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
    const __m512i m0 = _mm512_set1_epi64(MULT0), m1 = _mm512_set1_epi64(MULT1);
    const __m512i low = _mm512_set1_epi64(0xFFFFFFFFll);
    __m512i c0[2], c1[2], c2[2], c3[2];
    for (int g = 0; g < 2; g++) {
        __m512i d = _mm512_add_epi64(_mm512_set1_epi64((long long)(draw + 8u * (uint64_t)g)), step);
        c0[g] = d;
        c1[g] = _mm512_srli_epi64(d, 32);
        c2[g] = _mm512_set1_epi64(s0);
        c3[g] = _mm512_set1_epi64(s1);
    }
    for (int round = 0; round < 10; round++) {
        if (round > 0) { k0 += WEYL0; k1 += WEYL1; }
        const __m512i key0 = _mm512_set1_epi64(k0), key1 = _mm512_set1_epi64(k1);
        for (int g = 0; g < 2; g++) {
            __m512i p0 = _mm512_mul_epu32(c0[g], m0), p1 = _mm512_mul_epu32(c2[g], m1);
            c0[g] = _mm512_xor_si512(_mm512_xor_si512(_mm512_srli_epi64(p1, 32), c1[g]), key0);
            c1[g] = p1;
            c2[g] = _mm512_xor_si512(_mm512_xor_si512(_mm512_srli_epi64(p0, 32), c3[g]), key1);
            c3[g] = p0;
        }
    }
    // Lane j of w01 is block j's words 0 and 1 (little-endian), of w23 its words 2 and 3.
    const __m512i first = _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11);
    const __m512i second = _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15);
    for (int g = 0; g < 2; g++) {
        __m512i w01 = _mm512_or_si512(_mm512_and_si512(c0[g], low), _mm512_slli_epi64(c1[g], 32));
        __m512i w23 = _mm512_or_si512(_mm512_and_si512(c2[g], low), _mm512_slli_epi64(c3[g], 32));
        _mm512_storeu_si512((void *)(out + 32 * g), _mm512_permutex2var_epi64(w01, first, w23));
        _mm512_storeu_si512((void *)(out + 32 * g + 16), _mm512_permutex2var_epi64(w01, second, w23));
    }
}

/// Four groups of four blocks (counters draw + 4 g ... draw + 4 g + 3).
static AVX2_TARGET void blocks16_avx2(uint64_t draw, uint32_t s0, uint32_t s1, uint32_t k0, uint32_t k1,
                                      uint32_t *out) {
    const __m256i step = _mm256_setr_epi64x(0, 1, 2, 3);
    const __m256i m0 = _mm256_set1_epi64x(MULT0), m1 = _mm256_set1_epi64x(MULT1);
    const __m256i low = _mm256_set1_epi64x(0xFFFFFFFFll);
    __m256i c0[4], c1[4], c2[4], c3[4];
    for (int g = 0; g < 4; g++) {
        __m256i d = _mm256_add_epi64(_mm256_set1_epi64x((long long)(draw + 4u * (uint64_t)g)), step);
        c0[g] = d;
        c1[g] = _mm256_srli_epi64(d, 32);
        c2[g] = _mm256_set1_epi64x(s0);
        c3[g] = _mm256_set1_epi64x(s1);
    }
    for (int round = 0; round < 10; round++) {
        if (round > 0) { k0 += WEYL0; k1 += WEYL1; }
        const __m256i key0 = _mm256_set1_epi64x(k0), key1 = _mm256_set1_epi64x(k1);
        for (int g = 0; g < 4; g++) {
            __m256i p0 = _mm256_mul_epu32(c0[g], m0), p1 = _mm256_mul_epu32(c2[g], m1);
            c0[g] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), c1[g]), key0);
            c1[g] = p1;
            c2[g] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), c3[g]), key1);
            c3[g] = p0;
        }
    }
    for (int g = 0; g < 4; g++) {
        __m256i w01 = _mm256_or_si256(_mm256_and_si256(c0[g], low), _mm256_slli_epi64(c1[g], 32));
        __m256i w23 = _mm256_or_si256(_mm256_and_si256(c2[g], low), _mm256_slli_epi64(c3[g], 32));
        // Within each 128-bit half: (w01, w23) of blocks 0 and 2 (lo), 1 and 3 (hi).
        __m256i lo = _mm256_unpacklo_epi64(w01, w23), hi = _mm256_unpackhi_epi64(w01, w23);
        _mm256_storeu_si256((__m256i *)(out + 16 * g), _mm256_permute2x128_si256(lo, hi, 0x20));
        _mm256_storeu_si256((__m256i *)(out + 16 * g + 8), _mm256_permute2x128_si256(lo, hi, 0x31));
    }
}

void calosim_philox_blocks16(calosim_philox_isa isa, uint64_t draw, uint32_t stream0, uint32_t stream1,
                             uint32_t key0, uint32_t key1, uint32_t *out) {
    if (isa == CALOSIM_PHILOX_AVX512) {
        blocks16_avx512(draw, stream0, stream1, key0, key1, out);
    } else {
        blocks16_avx2(draw, stream0, stream1, key0, key1, out);
    }
}

#else

void calosim_philox_blocks16(calosim_philox_isa isa, uint64_t draw, uint32_t stream0, uint32_t stream1,
                             uint32_t key0, uint32_t key1, uint32_t *out) {
    (void)isa; (void)draw; (void)stream0; (void)stream1; (void)key0; (void)key1; (void)out;
    __builtin_trap(); // only x86-64 CPUs report AVX2 or AVX-512 (_CCPUFeatures)
}

#endif
