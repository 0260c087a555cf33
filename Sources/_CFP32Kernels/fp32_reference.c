// The contract of calosim_fp32_few_rows_linear in plain scalar C on the unpacked weights, in the
// kernels' order of operations: one fused multiply-add chain per output element over q in
// order, then the bias, then the activation. Also the packing of the weights.
#include <math.h>
#include "fp32_kernels.h"

long calosim_fp32_packed_count(int n, int k) {
    return (long)(n + CALOSIM_FP32_PANEL - 1) / CALOSIM_FP32_PANEL * CALOSIM_FP32_PANEL * k;
}

void calosim_fp32_pack_weights(const float *w, int n, int k, int ldw, float *packed) {
    int panels = (n + CALOSIM_FP32_PANEL - 1) / CALOSIM_FP32_PANEL;
    for (int p = 0; p < panels; p++)
        for (int q = 0; q < k; q++)
            for (int j = 0; j < CALOSIM_FP32_PANEL; j++) {
                int c = p * CALOSIM_FP32_PANEL + j;
                packed[((long)p * k + q) * CALOSIM_FP32_PANEL + j] = c < n ? w[(long)c * ldw + q] : 0.0f;
            }
}

void calosim_fp32_few_rows_linear_reference(const float *x, int lda, int rows, const float *w,
                                            int ldw, int n, int k, const float *bias, float slope,
                                            float *y, int ldy) {
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < n; j++) {
            float s = 0.0f;
            for (int q = 0; q < k; q++) s = fmaf(x[(long)r * lda + q], w[(long)j * ldw + q], s);
            float v = bias ? s + bias[j] : s;
            y[(long)r * ldy + j] = (slope >= 0 && v < 0) ? v * slope : v;
        }
}
