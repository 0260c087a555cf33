#ifndef CALOSIM_BF16_KERNELS_H
#define CALOSIM_BF16_KERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- bf16 matrix products with fp32 accumulation (AVX512-BF16) ----

/// Output columns per packed weight panel.
enum { CALOSIM_BF16_PANEL = 64 };

/// Elements of the packed form of a weight matrix W [n, k] (fp32, row-major, PyTorch's
/// `nn.Linear` layout): ceil(n / 64) panels of k2 / 2 column pairs, k2 = k rounded up to even.
long calosim_bf16_packed_count(int n, int k);

/// Packs W [n, k] (row ldw) as bf16 (round to nearest even) into `packed`
/// (calosim_bf16_packed_count elements): panel p, pair q, column j holds
/// (W[64 p + j, 2 q], W[64 p + j, 2 q + 1]), zero beyond n or k. Plain C (any CPU).
void calosim_bf16_pack_weights(const float *w, int n, int k, int ldw, uint16_t *packed);

/// fp32 -> bf16, round to nearest even (NaN stays NaN). Plain C (any CPU).
uint16_t calosim_bf16_from_float(float x);
/// bf16 -> fp32 (exact).
float calosim_bf16_to_float(uint16_t x);

/// Converts rows [row_begin, row_end) of x [rows, k] (row ldx, fp32) into bf16 rows of ldo
/// elements (ldo >= k, even), zero-filling columns k..<ldo. Requires AVX512-BF16.
void calosim_bf16_convert_rows(const float *x, int ldx, int k, int row_begin, int row_end,
                               uint16_t *out, int ldo);

/// y = act(x W^T + b) for rows [row_begin, row_end) of x, with x bf16 [m, k2] (row lda >= k2,
/// even; columns k..<k2 zero), W packed by calosim_bf16_pack_weights for (n, k), and `bias`
/// fp32 with one value per output column up to n rounded up to 64 (zero beyond n), or NULL.
/// act: slope < 0 for none, else LeakyReLU with that slope (0 = ReLU).
/// Every output column up to n rounded up to 64 is written (the padding columns compute
/// act(0) = 0): bf16 into out_bf16 (row ldo) or, if out_bf16 is NULL, fp32 into out_f32.
/// Each output element is the fp32 sum over pairs q = 0, 1, ... in that order of
/// x[2q+1] W[2q+1] then x[2q] W[2q] (vdpbf16ps), whatever the row range: results do not depend
/// on how rows are split. Requires AVX512-BF16 (calosim_cpu_avx512_bf16).
void calosim_bf16_linear(const uint16_t *x, int lda, int row_begin, int row_end,
                         const uint16_t *packed, int n, int k, const float *bias, float slope,
                         uint16_t *out_bf16, float *out_f32, int ldo);

/// calosim_bf16_linear for the output panels [panel_begin, panel_end) only (columns
/// 64 panel_begin ..< 64 panel_end): small batches split the columns over threads instead of
/// the rows. Each element is computed exactly as by calosim_bf16_linear.
void calosim_bf16_linear_panels(const uint16_t *x, int lda, int row_begin, int row_end,
                                int panel_begin, int panel_end, const uint16_t *packed, int n, int k,
                                const float *bias, float slope, uint16_t *out_bf16, float *out_f32, int ldo);

/// The same contract as calosim_bf16_linear in plain scalar C, the same order of operations
/// (denormals flushed to zero as vdpbf16ps does): the reference the kernel is tested against.
void calosim_bf16_linear_reference(const uint16_t *x, int lda, int row_begin, int row_end,
                                   const uint16_t *packed, int n, int k, const float *bias,
                                   float slope, uint16_t *out_bf16, float *out_f32, int ldo);

#ifdef __cplusplus
}
#endif
#endif
