// bf16 conversion and weight packing: plain C, any CPU.
#include "bf16_kernels.h"

#include <string.h>

uint16_t calosim_bf16_from_float(float x) {
    uint32_t u;
    memcpy(&u, &x, 4);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40);  // quiet NaN
    u += 0x7fffu + ((u >> 16) & 1);  // round to nearest, ties to even
    return (uint16_t)(u >> 16);
}

float calosim_bf16_to_float(uint16_t x) {
    uint32_t u = (uint32_t)x << 16;
    float f;
    memcpy(&f, &u, 4);
    return f;
}

long calosim_bf16_packed_count(int n, int k) {
    long panels = (n + CALOSIM_BF16_PANEL - 1) / CALOSIM_BF16_PANEL, pairs = (k + 1) / 2;
    return panels * pairs * CALOSIM_BF16_PANEL * 2;
}

void calosim_bf16_pack_weights(const float *w, int n, int k, int ldw, uint16_t *packed) {
    int panels = (n + CALOSIM_BF16_PANEL - 1) / CALOSIM_BF16_PANEL, pairs = (k + 1) / 2;
    for (int p = 0; p < panels; p++)
        for (int q = 0; q < pairs; q++)
            for (int j = 0; j < CALOSIM_BF16_PANEL; j++) {
                int col = p * CALOSIM_BF16_PANEL + j;
                uint16_t *dst = packed + (((long)p * pairs + q) * CALOSIM_BF16_PANEL + j) * 2;
                for (int e = 0; e < 2; e++) {
                    int kk = 2 * q + e;
                    dst[e] = col < n && kk < k ? calosim_bf16_from_float(w[(long)col * ldw + kk]) : 0;
                }
            }
}
