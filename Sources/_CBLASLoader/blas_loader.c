// Run-time loader for OpenBLAS with CPU-feature-based kernel selection. See README.md.
#define _GNU_SOURCE
#include "blas_loader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cpu_features.h"

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int,
                         const float *, int, float, float *, int);
typedef char *(*str_fn)(void);
typedef void (*set_threads_fn)(int);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_status = -1;
static char error_message[1024] = "";
static char library_name[256] = "";
static const char *selected = "";
static int from_user = 0;
static char environment_coretype[64] = "";
static sgemm_fn p_sgemm = 0;
static str_fn p_corename = 0, p_config = 0;

// CBLAS enum values (cblas.h): RowMajor 101, NoTrans 111, Trans 112.
enum { kRowMajor = 101, kNoTrans = 111, kTrans = 112 };

/// Feature levels: 0 none, 1 AVX, 2 AVX2+FMA, 3 AVX-512 F/BW/DQ/VL (cpu_features.h).
static int cpu_level(void) {
    if (calosim_cpu_avx512()) return 3;
    if (calosim_cpu_avx2()) return 2;
    return calosim_cpu_avx() ? 1 : 0;
}

/// The minimum feature level a user-requested core type needs; -1 for names we do not know.
static int level_needed(const char *name) {
    static const struct { const char *name; int level; } table[] = {
        {"skylakex", 3}, {"cooperlake", 3}, {"sapphirerapids", 3},
        {"haswell", 2}, {"zen", 2},
        {"sandybridge", 1},
        {"prescott", 0}, {"core2", 0}, {"penryn", 0}, {"dunnington", 0}, {"nehalem", 0},
        {"atom", 0}, {"opteron", 0}, {"barcelona", 0}, {"bobcat", 0}, {"bulldozer", 1},
        {"piledriver", 1}, {"steamroller", 1}, {"excavator", 1},
    };
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (strcasecmp(name, table[i].name) == 0) return table[i].level;
    return -1;
}

static void choose_coretype(void) {
    int level = cpu_level();
    // OPENBLAS_CORETYPE is OpenBLAS's own knob, often set machine-wide for other programs (a
    // numpy that misdetects the CPU): calosim replaces it with its own choice and remembers it.
    // CALOSIM_OPENBLAS_CORETYPE is the user's choice for calosim, respected when the CPU runs it.
    const char *environment = getenv("OPENBLAS_CORETYPE");
    if (environment && *environment) snprintf(environment_coretype, sizeof environment_coretype, "%s", environment);
    const char *user = getenv("CALOSIM_OPENBLAS_CORETYPE");
    if (user && *user) {
        int need = level_needed(user);
        if (need >= 0 && need <= level) {
            from_user = 1;
            selected = user;
            setenv("OPENBLAS_CORETYPE", selected, 1);
            return;
        }
        // Never let a setting select a kernel this CPU cannot run: override it.
    }
    selected = level >= 3 ? "SkylakeX" : level == 2 ? "Haswell" : level == 1 ? "SandyBridge" : "";
    if (*selected) setenv("OPENBLAS_CORETYPE", selected, 1);
}

static void load_once(void) {
    choose_coretype();
    // calosim splits products into fixed tiles and threads them itself (CaloBLAS.sgemm), so
    // that results do not depend on the thread count; OpenBLAS runs each tile on one thread and
    // starts no thread pool of its own (whose idle threads would spin beside the simulator).
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
    // CALOSIM_OPENBLAS names the one library to load (an OpenBLAS outside the loader's search
    // path, or a test of the error path); otherwise Debian's soname, then the usual fallbacks.
    const char *user_library = getenv("CALOSIM_OPENBLAS");
    const char *defaults[] = {"libopenblas.so.0", "libopenblas.so",
                              "/usr/lib/x86_64-linux-gnu/libopenblas.so.0", "libopenblas.dylib"};
    const char *only[] = {user_library};
    int overridden = user_library && *user_library;
    const char **names = overridden ? only : defaults;
    size_t count = overridden ? 1 : sizeof(defaults) / sizeof(defaults[0]);
    char first_error[256] = "";
    void *handle = 0;
    for (size_t i = 0; i < count && !handle; i++) {
        handle = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
        if (handle) snprintf(library_name, sizeof(library_name), "%s", names[i]);
        else if (i == 0) snprintf(first_error, sizeof(first_error), "%s", dlerror());
    }
    if (!handle) {
        if (overridden)
            snprintf(error_message, sizeof(error_message),
                     "OpenBLAS could not be loaded (CALOSIM_OPENBLAS=%s): %s; point CALOSIM_OPENBLAS at "
                     "libopenblas.so.0 or unset it", user_library, first_error);
        else
            snprintf(error_message, sizeof(error_message),
                     "OpenBLAS could not be loaded (libopenblas.so.0): %s; install libopenblas0 "
                     "(apt-get install libopenblas0) or run scripts/setup.sh", first_error);
        load_status = 1;
        return;
    }
    p_sgemm = (sgemm_fn)dlsym(handle, "cblas_sgemm");
    p_corename = (str_fn)dlsym(handle, "openblas_get_corename");
    p_config = (str_fn)dlsym(handle, "openblas_get_config");
    set_threads_fn set_threads = (set_threads_fn)dlsym(handle, "openblas_set_num_threads");
    if (set_threads) set_threads(1);
    if (!p_sgemm) {
        snprintf(error_message, sizeof(error_message),
                 "OpenBLAS could not be loaded (%s): the library has no cblas_sgemm; install "
                 "libopenblas0 (apt-get install libopenblas0) or run scripts/setup.sh", library_name);
        load_status = 2;
        return;
    }
    Dl_info info;
    if (dladdr((void *)p_sgemm, &info) && info.dli_fname)
        snprintf(library_name, sizeof(library_name), "%s", info.dli_fname);
    load_status = 0;
}

int calosim_blas_load(void) {
    pthread_once(&once, load_once);
    return load_status;
}

const char *calosim_blas_error(void) { calosim_blas_load(); return error_message; }
const char *calosim_blas_library(void) { calosim_blas_load(); return library_name; }
const char *calosim_blas_selected_coretype(void) { calosim_blas_load(); return selected; }
int calosim_blas_coretype_from_user(void) { calosim_blas_load(); return from_user; }
const char *calosim_blas_environment_coretype(void) { calosim_blas_load(); return environment_coretype; }

const char *calosim_blas_corename(void) {
    if (calosim_blas_load() != 0 || !p_corename) return "";
    return p_corename();
}

const char *calosim_blas_config(void) {
    if (calosim_blas_load() != 0 || !p_config) return "";
    return p_config();
}

void calosim_sgemm(int transA, int transB, int m, int n, int k, float alpha,
                   const float *a, int lda, const float *b, int ldb,
                   float beta, float *c, int ldc) {
    p_sgemm(kRowMajor, transA ? kTrans : kNoTrans, transB ? kTrans : kNoTrans, m, n, k,
            alpha, a, lda, b, ldb, beta, c, ldc);
}
