#ifndef CALOSIM_BLAS_LOADER_H
#define CALOSIM_BLAS_LOADER_H

#ifdef __cplusplus
extern "C" {
#endif

/// Loads OpenBLAS once (thread-safe): the library named by CALOSIM_OPENBLAS if set, else
/// libopenblas.so.0. Returns 0 on success, otherwise a non-zero code and
/// `calosim_blas_error()` says why.
int calosim_blas_load(void);

/// A message explaining the last load failure, or "" when the library is loaded.
const char *calosim_blas_error(void);

/// The kernel OpenBLAS runs (its own `openblas_get_corename`), or "" when not loaded.
const char *calosim_blas_corename(void);

/// The OpenBLAS configuration string (`openblas_get_config`), or "" when not loaded.
const char *calosim_blas_config(void);

/// The path or soname that was loaded.
const char *calosim_blas_library(void);

/// The core type calosim selected from CPU features ("SkylakeX", "Haswell", ...), or "" if none.
const char *calosim_blas_selected_coretype(void);

/// 1 when CALOSIM_OPENBLAS_CORETYPE chose the core type (the CPU can run it), else 0.
int calosim_blas_coretype_from_user(void);

/// The OPENBLAS_CORETYPE the environment had before calosim set its own ("" if none).
const char *calosim_blas_environment_coretype(void);

/// Row-major single-precision GEMM: C = alpha op(A) op(B) + beta C.
/// transA/transB: 0 = no transpose, 1 = transpose. Requires a successful load.
void calosim_sgemm(int transA, int transB, int m, int n, int k, float alpha,
                   const float *a, int lda, const float *b, int ldb,
                   float beta, float *c, int ldc);


#ifdef __cplusplus
}
#endif
#endif
