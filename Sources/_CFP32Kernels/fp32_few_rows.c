// fp32 products of 1 to 4 rows (inference at batch 1 to 4) on AVX-512 or AVX2 + FMA. The
// weights are packed once in panels of 128 output columns, k rows each, so that a call streams
// them once, contiguously: per q, each row's x[r, q] is broadcast and multiplied into a chunk of
// columns whose sums stay in registers over the whole k. Compiled for those targets function by
// function, so the rest of calosim runs on any x86-64; callers check _CCPUFeatures first.
// Reference: fp32_reference.c (the same order of operations, byte for byte).
#include "fp32_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX512_TARGET __attribute__((target("avx512f")))
#define AVX2_TARGET __attribute__((target("avx2,fma")))
#define PANEL CALOSIM_FP32_PANEL
/// Prefetch distance along the packed panel, floats (two rows of the panel ahead).
#define AHEAD (2 * PANEL)

/// Columns [c0, c0 + 16 V) of panel `w` (k rows of 128) for R rows of x: R x V accumulators of
/// 16 lanes. R and V are constants where this is inlined.
static inline __attribute__((always_inline)) AVX512_TARGET void chunk512(
    int R, int V, const float *x, int lda, const float *w, int k, int c0, int n,
    const float *bias, float slope, float *y, int ldy) {
    __m512 acc[4][8];
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) acc[r][v] = _mm512_setzero_ps();
    const float *row = w + (c0 % PANEL);
    for (int q = 0; q < k; q++, row += PANEL) {
        for (int v = 0; v < V; v++) _mm_prefetch((const char *)(row + AHEAD + 16 * v), _MM_HINT_T0);
        __m512 b[8];
        for (int v = 0; v < V; v++) b[v] = _mm512_loadu_ps(row + 16 * v);
        for (int r = 0; r < R; r++) {
            __m512 a = _mm512_set1_ps(x[(long)r * lda + q]);
            for (int v = 0; v < V; v++) acc[r][v] = _mm512_fmadd_ps(a, b[v], acc[r][v]);
        }
    }
    const __m512 zero = _mm512_setzero_ps(), s = _mm512_set1_ps(slope);
    for (int v = 0; v < V; v++) {
        int c = c0 + 16 * v;
        if (c >= n) break;
        __mmask16 m = n - c >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (n - c)) - 1);
        __m512 bv = bias ? _mm512_maskz_loadu_ps(m, bias + c) : zero;
        for (int r = 0; r < R; r++) {
            __m512 t = acc[r][v];
            if (bias) t = _mm512_add_ps(t, bv);
            if (slope >= 0) t = _mm512_mask_mul_ps(t, _mm512_cmp_ps_mask(t, zero, _CMP_LT_OQ), t, s);
            _mm512_mask_storeu_ps(y + (long)r * ldy + c, m, t);
        }
    }
}

/// One row of x against two whole panels at once (p and p + 1, 16 accumulators): twice the
/// weight streams in flight, which a product of one row, bound by reading the weights, needs.
static inline __attribute__((always_inline)) AVX512_TARGET void two_panels512(
    const float *x, const float *w, int k, int c0, int n, const float *bias, float slope, float *y) {
    __m512 acc[16];
    for (int v = 0; v < 16; v++) acc[v] = _mm512_setzero_ps();
    const float *r0 = w, *r1 = w + (long)k * PANEL;
    for (int q = 0; q < k; q++, r0 += PANEL, r1 += PANEL) {
        for (int v = 0; v < 8; v++) {
            _mm_prefetch((const char *)(r0 + AHEAD + 16 * v), _MM_HINT_T0);
            _mm_prefetch((const char *)(r1 + AHEAD + 16 * v), _MM_HINT_T0);
        }
        __m512 a = _mm512_set1_ps(x[q]);
        for (int v = 0; v < 8; v++) acc[v] = _mm512_fmadd_ps(a, _mm512_loadu_ps(r0 + 16 * v), acc[v]);
        for (int v = 0; v < 8; v++) acc[8 + v] = _mm512_fmadd_ps(a, _mm512_loadu_ps(r1 + 16 * v), acc[8 + v]);
    }
    const __m512 zero = _mm512_setzero_ps(), s = _mm512_set1_ps(slope);
    for (int v = 0; v < 16; v++) {
        int c = c0 + 16 * v;
        if (c >= n) break;
        __mmask16 m = n - c >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (n - c)) - 1);
        __m512 t = acc[v];
        if (bias) t = _mm512_add_ps(t, _mm512_maskz_loadu_ps(m, bias + c));
        if (slope >= 0) t = _mm512_mask_mul_ps(t, _mm512_cmp_ps_mask(t, zero, _CMP_LT_OQ), t, s);
        _mm512_mask_storeu_ps(y + c, m, t);
    }
}

/// One row on AVX-512: pairs of panels, a last odd panel alone.
static AVX512_TARGET void rows512_1(const float *x, int lda, const float *packed, int n, int k,
                                    const float *bias, float slope, float *y, int ldy) {
    (void)lda; (void)ldy;
    int panels = (n + PANEL - 1) / PANEL, p = 0;
    for (; p + 2 <= panels; p += 2)
        two_panels512(x, packed + (long)p * k * PANEL, k, p * PANEL, n, bias, slope, y);
    if (p < panels) chunk512(1, 8, x, 0, packed + (long)p * k * PANEL, k, p * PANEL, n, bias, slope, y, 0);
}

/// The AVX2 chunk: columns [c0, c0 + 8 V), R x V accumulators of 8 lanes.
static inline __attribute__((always_inline)) AVX2_TARGET void chunk256(
    int R, int V, const float *x, int lda, const float *w, int k, int c0, int n,
    const float *bias, float slope, float *y, int ldy) {
    __m256 acc[4][8];
    for (int r = 0; r < R; r++)
        for (int v = 0; v < V; v++) acc[r][v] = _mm256_setzero_ps();
    const float *row = w + (c0 % PANEL);
    for (int q = 0; q < k; q++, row += PANEL) {
        for (int v = 0; v < V; v += 2) _mm_prefetch((const char *)(row + AHEAD + 8 * v), _MM_HINT_T0);
        __m256 b[8];
        for (int v = 0; v < V; v++) b[v] = _mm256_loadu_ps(row + 8 * v);
        for (int r = 0; r < R; r++) {
            __m256 a = _mm256_set1_ps(x[(long)r * lda + q]);
            for (int v = 0; v < V; v++) acc[r][v] = _mm256_fmadd_ps(a, b[v], acc[r][v]);
        }
    }
    float t[8];
    for (int v = 0; v < V; v++) {
        int c = c0 + 8 * v;
        for (int r = 0; r < R; r++) {
            _mm256_storeu_ps(t, acc[r][v]);
            for (int l = 0; l < 8 && c + l < n; l++) {
                float u = bias ? t[l] + bias[c + l] : t[l];
                y[(long)r * ldy + c + l] = (slope >= 0 && u < 0) ? u * slope : u;
            }
        }
    }
}

// Columns per chunk: AVX-512 two panels (256 columns, above) for one row, 128 (V = 8) for two,
// 64 (V = 4) for three or four, at most 16 accumulators; AVX2 64 (V = 8), 32 (V = 4), 16 (V = 2): at most 8 of its 16 registers.
#define ROWS(NAME, CHUNK, R, V, LANES)                                                             \
    static void NAME##_##R(const float *x, int lda, const float *packed, int n, int k,           \
                           const float *bias, float slope, float *y, int ldy) {                   \
        for (int c0 = 0; c0 < n; c0 += (V) * (LANES))                                             \
            CHUNK(R, V, x, lda, packed + (long)(c0 / PANEL) * k * PANEL, k, c0, n, bias, slope, y, ldy); \
    }
#define ROWS512(R, V) AVX512_TARGET ROWS(rows512, chunk512, R, V, 16)
#define ROWS256(R, V) AVX2_TARGET ROWS(rows256, chunk256, R, V, 8)
ROWS512(2, 8)
ROWS512(3, 4)
ROWS512(4, 4)
ROWS256(1, 8)
ROWS256(2, 4)
ROWS256(3, 2)
ROWS256(4, 2)

void calosim_fp32_few_rows_linear(calosim_fp32_isa isa, const float *x, int lda, int rows,
                                  const float *packed, int n, int k, const float *bias,
                                  float slope, float *y, int ldy) {
    if (isa == CALOSIM_FP32_AVX512) {
        switch (rows) {
        case 1: rows512_1(x, lda, packed, n, k, bias, slope, y, ldy); break;
        case 2: rows512_2(x, lda, packed, n, k, bias, slope, y, ldy); break;
        case 3: rows512_3(x, lda, packed, n, k, bias, slope, y, ldy); break;
        default: rows512_4(x, lda, packed, n, k, bias, slope, y, ldy); break;
        }
    } else {
        switch (rows) {
        case 1: rows256_1(x, lda, packed, n, k, bias, slope, y, ldy); break;
        case 2: rows256_2(x, lda, packed, n, k, bias, slope, y, ldy); break;
        case 3: rows256_3(x, lda, packed, n, k, bias, slope, y, ldy); break;
        default: rows256_4(x, lda, packed, n, k, bias, slope, y, ldy); break;
        }
    }
}

#else

#include <stdlib.h>

// Not x86-64: callers never choose these kernels (no AVX2 or AVX-512 to report).
void calosim_fp32_few_rows_linear(calosim_fp32_isa isa, const float *x, int lda, int rows,
                                  const float *packed, int n, int k, const float *bias,
                                  float slope, float *y, int ldy) {
    (void)isa; (void)x; (void)lda; (void)rows; (void)packed; (void)n; (void)k; (void)bias;
    (void)slope; (void)y; (void)ldy;
    abort();
}

#endif
