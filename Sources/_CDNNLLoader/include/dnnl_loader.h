#ifndef CALOSIM_DNNL_LOADER_H
#define CALOSIM_DNNL_LOADER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// oneDNN (Debian's libdnnl2 2.6) loaded at run time for bf16 matrix products; see README.md.

/// Loads oneDNN once (thread-safe): the library named by CALOSIM_ONEDNN if set, else
/// libdnnl.so.2. Returns 0 on success, otherwise non-zero and `calosim_dnnl_error()` says why.
int calosim_dnnl_load(void);

/// Why the last load failed, or "" when the library is loaded.
const char *calosim_dnnl_error(void);

/// The path or soname that was loaded ("" when not loaded).
const char *calosim_dnnl_library(void);

/// oneDNN's version, e.g. "2.6.3" ("" when not loaded).
const char *calosim_dnnl_version(void);

/// The best instruction set oneDNN dispatches to on this CPU (`dnnl_get_effective_cpu_isa`):
/// "avx512_core_amx", "avx512_core_bf16", ... ("" when not loaded).
const char *calosim_dnnl_isa(void);

/// One linear layer y = act(x W^T + b) as oneDNN matmuls (bf16 x bf16, fp32 accumulation, bias
/// and LeakyReLU as post-ops), one primitive per row count and output type, made on first use.
typedef struct calosim_dnnl_layer calosim_dnnl_layer;

/// A layer of W [n, k] bf16 (row-major, PyTorch's `nn.Linear` layout, already rounded), `bias`
/// [n] fp32 or NULL, `slope` < 0 for no activation, else LeakyReLU with that slope (0: ReLU).
/// W and bias are copied. The implementation for `reference_rows` rows (bf16 output; brgemm where
/// oneDNN offers it, else its first choice) is taken for every row count and output type that
/// offers it. NULL (with
/// `calosim_dnnl_error()` set) when oneDNN refuses. Requires a successful calosim_dnnl_load.
calosim_dnnl_layer *calosim_dnnl_layer_create(const uint16_t *w, int n, int k, const float *bias, float slope,
                                              int reference_rows);

void calosim_dnnl_layer_destroy(calosim_dnnl_layer *layer);

/// y[rows, n2] = act(x W^T + b) for x bf16 [rows, k2] (row lda >= k2; columns k ..< k2 zero),
/// n2 = n rounded up to 64 and k2 = k rounded up to even (the weights are padded with zeros:
/// columns n ..< n2 come out 0), into bf16 `out_bf16` or, if NULL, fp32 `out_f32` (row
/// ldo >= n2; ldo = n2 and lda = k2 let oneDNN use brgemm). oneDNN runs on `threads` OpenMP
/// threads of the calling thread. Returns 0, or non-zero with `calosim_dnnl_error()` set.
int calosim_dnnl_linear(calosim_dnnl_layer *layer, const uint16_t *x, int lda, int rows,
                        uint16_t *out_bf16, float *out_f32, int ldo, int threads);

/// The implementation oneDNN chose for `rows` rows of this layer (e.g. "brg:avx512_core_bf16"),
/// or "" when it refuses the shape. Makes the primitive if needed.
const char *calosim_dnnl_layer_implementation(calosim_dnnl_layer *layer, int rows, int bf16_out);

#ifdef __cplusplus
}
#endif
#endif
