// The naive reference of calosim_bf16_linear: plain scalar C, the kernel's order of operations.
#include "bf16_kernels.h"

#include <math.h>

/// vdpbf16ps and vcvtneps2bf16 treat denormal inputs as zero and flush denormal results.
static float flush(float x) { return fpclassify(x) == FP_SUBNORMAL ? copysignf(0.0f, x) : x; }

void calosim_bf16_linear_reference(const uint16_t *x, int lda, int row_begin, int row_end,
                                   const uint16_t *packed, int n, int k, const float *bias,
                                   float slope, uint16_t *out_bf16, float *out_f32, int ldo) {
    int panels = (n + CALOSIM_BF16_PANEL - 1) / CALOSIM_BF16_PANEL, pairs = (k + 1) / 2;
    for (int i = row_begin; i < row_end; i++)
        for (int col = 0; col < panels * CALOSIM_BF16_PANEL; col++) {
            int p = col / CALOSIM_BF16_PANEL, j = col % CALOSIM_BF16_PANEL;
            float acc = 0;
            for (int q = 0; q < pairs; q++) {
                const uint16_t *w = packed + (((long)p * pairs + q) * CALOSIM_BF16_PANEL + j) * 2;
                const uint16_t *a = x + (long)i * lda + 2 * q;
                for (int e = 1; e >= 0; e--) {
                    float product = flush(calosim_bf16_to_float(a[e])) * flush(calosim_bf16_to_float(w[e]));
                    acc = flush(acc + flush(product));
                }
            }
            float v = bias ? acc + bias[col] : acc;
            if (slope >= 0 && v < 0) v = v * slope;
            if (out_bf16) out_bf16[(long)i * ldo + col] = calosim_bf16_from_float(flush(v));
            else out_f32[(long)i * ldo + col] = v;
        }
}
