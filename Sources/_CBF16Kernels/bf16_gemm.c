// bf16 matrix products with fp32 accumulation on AVX512-BF16 (vdpbf16ps). Compiled for that
// target function by function, so the rest of calosim runs on any x86-64; callers check
// calosim_cpu_avx512_bf16() first. Reference: bf16_reference.c.
#include "bf16_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define BF16_TARGET __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,avx512bf16")))
#define TILE_ROWS 6
#define BLOCK_ROWS 48

/// One tile of `rows` (<= 6) rows x 64 columns: the whole k in registers (24 accumulators),
/// then bias, activation and the store. `rows` is a constant where this is inlined.
static inline __attribute__((always_inline)) BF16_TARGET void tile(
    int rows, const uint16_t *x, int lda, const uint16_t *panel, int pairs, const float *bias,
    float slope, uint16_t *out_bf16, float *out_f32, int ldo) {
    __m512 acc[TILE_ROWS][4];
    for (int r = 0; r < TILE_ROWS; r++)
        for (int v = 0; v < 4; v++) acc[r][v] = _mm512_setzero_ps();
    for (int q = 0; q < pairs; q++) {
        const uint16_t *w = panel + (long)q * CALOSIM_BF16_PANEL * 2;
        __m512bh b0 = (__m512bh)_mm512_loadu_si512(w), b1 = (__m512bh)_mm512_loadu_si512(w + 32);
        __m512bh b2 = (__m512bh)_mm512_loadu_si512(w + 64), b3 = (__m512bh)_mm512_loadu_si512(w + 96);
        for (int r = 0; r < TILE_ROWS; r++) {
            if (r >= rows) break;
            int32_t pair;
            __builtin_memcpy(&pair, x + (long)r * lda + 2 * q, 4);
            __m512bh a = (__m512bh)_mm512_set1_epi32(pair);
            acc[r][0] = _mm512_dpbf16_ps(acc[r][0], a, b0);
            acc[r][1] = _mm512_dpbf16_ps(acc[r][1], a, b1);
            acc[r][2] = _mm512_dpbf16_ps(acc[r][2], a, b2);
            acc[r][3] = _mm512_dpbf16_ps(acc[r][3], a, b3);
        }
    }
    const __m512 zero = _mm512_setzero_ps(), s = _mm512_set1_ps(slope);
    for (int r = 0; r < TILE_ROWS; r++) {
        if (r >= rows) break;
        for (int v = 0; v < 4; v++) {
            __m512 y = acc[r][v];
            if (bias) y = _mm512_add_ps(y, _mm512_loadu_ps(bias + 16 * v));
            if (slope >= 0) y = _mm512_mask_mul_ps(y, _mm512_cmp_ps_mask(y, zero, _CMP_LT_OQ), y, s);
            if (out_bf16) _mm256_storeu_si256((__m256i *)(out_bf16 + (long)r * ldo + 16 * v),
                                              (__m256i)_mm512_cvtneps_pbh(y));
            else _mm512_storeu_ps(out_f32 + (long)r * ldo + 16 * v, y);
        }
    }
}

BF16_TARGET
static void tile_rows(int rows, const uint16_t *x, int lda, const uint16_t *panel, int pairs,
                      const float *bias, float slope, uint16_t *out_bf16, float *out_f32, int ldo) {
    switch (rows) {
    case 6: tile(6, x, lda, panel, pairs, bias, slope, out_bf16, out_f32, ldo); break;
    case 5: tile(5, x, lda, panel, pairs, bias, slope, out_bf16, out_f32, ldo); break;
    case 4: tile(4, x, lda, panel, pairs, bias, slope, out_bf16, out_f32, ldo); break;
    case 3: tile(3, x, lda, panel, pairs, bias, slope, out_bf16, out_f32, ldo); break;
    case 2: tile(2, x, lda, panel, pairs, bias, slope, out_bf16, out_f32, ldo); break;
    default: tile(1, x, lda, panel, pairs, bias, slope, out_bf16, out_f32, ldo); break;
    }
}

BF16_TARGET
void calosim_bf16_linear(const uint16_t *x, int lda, int row_begin, int row_end,
                         const uint16_t *packed, int n, int k, const float *bias, float slope,
                         uint16_t *out_bf16, float *out_f32, int ldo) {
    calosim_bf16_linear_panels(x, lda, row_begin, row_end, 0, (n + CALOSIM_BF16_PANEL - 1) / CALOSIM_BF16_PANEL,
                               packed, n, k, bias, slope, out_bf16, out_f32, ldo);
}

BF16_TARGET
void calosim_bf16_linear_panels(const uint16_t *x, int lda, int row_begin, int row_end,
                                int panel_begin, int panel_end, const uint16_t *packed, int n, int k,
                                const float *bias, float slope, uint16_t *out_bf16, float *out_f32, int ldo) {
    int pairs = (k + 1) / 2;
    long panel_size = (long)pairs * CALOSIM_BF16_PANEL * 2;
    // Blocks of 48 rows (at most 96 KB of x) against one panel of W at a time (<= 128 KB for
    // k <= 1024): both stay in L2 while the block's tiles run.
    for (int i0 = row_begin; i0 < row_end; i0 += BLOCK_ROWS) {
        int i1 = i0 + BLOCK_ROWS < row_end ? i0 + BLOCK_ROWS : row_end;
        for (int p = panel_begin; p < panel_end; p++) {
            const float *b = bias ? bias + p * CALOSIM_BF16_PANEL : 0;
            for (int i = i0; i < i1; i += TILE_ROWS) {
                int rows = i1 - i < TILE_ROWS ? i1 - i : TILE_ROWS;
                long o = (long)i * ldo + p * CALOSIM_BF16_PANEL;
                tile_rows(rows, x + (long)i * lda, lda, packed + p * panel_size, pairs, b, slope,
                          out_bf16 ? out_bf16 + o : 0, out_bf16 ? 0 : out_f32 + o, ldo);
            }
        }
    }
}

BF16_TARGET
void calosim_bf16_convert_rows(const float *x, int ldx, int k, int row_begin, int row_end,
                               uint16_t *out, int ldo) {
    for (int i = row_begin; i < row_end; i++) {
        const float *src = x + (long)i * ldx;
        uint16_t *dst = out + (long)i * ldo;
        int j = 0;
        for (; j + 16 <= k; j += 16)
            _mm256_storeu_si256((__m256i *)(dst + j), (__m256i)_mm512_cvtneps_pbh(_mm512_loadu_ps(src + j)));
        if (j < k) {
            __mmask16 m = (__mmask16)((1u << (k - j)) - 1);
            __m256bh v = _mm512_cvtneps_pbh(_mm512_maskz_loadu_ps(m, src + j));
            _mm256_mask_storeu_epi16(dst + j, m, (__m256i)v);
        }
        for (j = k; j < ldo; j++) dst[j] = 0;
    }
}
#else
void calosim_bf16_linear_panels(const uint16_t *x, int lda, int row_begin, int row_end,
                                int panel_begin, int panel_end, const uint16_t *packed, int n, int k,
                                const float *bias, float slope, uint16_t *out_bf16, float *out_f32, int ldo) {
    (void)panel_begin; (void)panel_end;
    calosim_bf16_linear_reference(x, lda, row_begin, row_end, packed, n, k, bias, slope, out_bf16, out_f32, ldo);
}
void calosim_bf16_linear(const uint16_t *x, int lda, int row_begin, int row_end,
                         const uint16_t *packed, int n, int k, const float *bias, float slope,
                         uint16_t *out_bf16, float *out_f32, int ldo) {
    calosim_bf16_linear_reference(x, lda, row_begin, row_end, packed, n, k, bias, slope, out_bf16, out_f32, ldo);
}
void calosim_bf16_convert_rows(const float *x, int ldx, int k, int row_begin, int row_end,
                               uint16_t *out, int ldo) {
    for (int i = row_begin; i < row_end; i++) {
        for (int j = 0; j < k; j++) out[(long)i * ldo + j] = calosim_bf16_from_float(x[(long)i * ldx + j]);
        for (int j = k; j < ldo; j++) out[(long)i * ldo + j] = 0;
    }
}
#endif
