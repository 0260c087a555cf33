#ifndef CALOSIM_FP32_KERNELS_H
#define CALOSIM_FP32_KERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

// ---- fp32 products of a few rows (inference at batch 1 to 4) ----

/// The instruction sets of calosim_fp32_few_rows_linear.
typedef enum calosim_fp32_isa {
    CALOSIM_FP32_AVX2 = 1,   ///< AVX2 + FMA, 8 lanes (calosim_cpu_avx2)
    CALOSIM_FP32_AVX512 = 2  ///< AVX-512 F, 16 lanes (calosim_cpu_avx512)
} calosim_fp32_isa;

/// Most rows of x one call takes; output columns per packed panel.
enum { CALOSIM_FP32_FEW_ROWS = 4, CALOSIM_FP32_PANEL = 128 };

/// Elements of the packed form of W [n, k]: ceil(n / 128) panels of k rows of 128 floats.
long calosim_fp32_packed_count(int n, int k);

/// Packs W [n, k] (row-major, row ldw: PyTorch's `nn.Linear` layout) into `packed`
/// (calosim_fp32_packed_count elements): panel p, row q, column j holds W[128 p + j, q], zero
/// beyond n. Plain C (any CPU).
void calosim_fp32_pack_weights(const float *w, int n, int k, int ldw, float *packed);

/// y = act(x W^T + b) for `rows` (1 to 4) rows of x [rows, k] (row lda), W packed by
/// calosim_fp32_pack_weights for (n, k), bias [n] or NULL, y [rows, n] (row ldy; only columns
/// below n are written). act: slope < 0 for none, else LeakyReLU: v < 0 ? v slope : v.
/// Each y[r, j] is one fused multiply-add chain s = fma(x[r, q], W[j, q], s) over q = 0, 1, ...,
/// k - 1 from s = 0, then s + b[j], then the activation: the same bytes whatever `rows`, the
/// instruction set or the call's other rows. One thread; the weights are read once per call.
/// Requires the instruction set named by `isa` (callers check _CCPUFeatures first).
void calosim_fp32_few_rows_linear(calosim_fp32_isa isa, const float *x, int lda, int rows,
                                  const float *packed, int n, int k, const float *bias,
                                  float slope, float *y, int ldy);

/// The same contract in plain scalar C on the unpacked W [n, k] (row ldw), any number of rows:
/// the reference the kernels are tested against byte for byte.
void calosim_fp32_few_rows_linear_reference(const float *x, int lda, int rows, const float *w,
                                            int ldw, int n, int k, const float *bias, float slope,
                                            float *y, int ldy);

#ifdef __cplusplus
}
#endif

#endif
