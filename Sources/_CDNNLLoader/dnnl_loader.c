// Run-time loader for oneDNN and the bf16 linear layers calosim runs on it. See README.md.
#define _GNU_SOURCE
#include "dnnl_loader.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if __has_include(<oneapi/dnnl/dnnl.h>)
#include <oneapi/dnnl/dnnl.h>
#define CALOSIM_HAVE_DNNL_HEADERS 1
#else
#define CALOSIM_HAVE_DNNL_HEADERS 0
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int load_status = -1;
static char load_error[1024] = "";
static __thread char call_error[512] = "";
static char library_name[256] = "";
static char version_text[32] = "";
static const char *isa_name = "";

const char *calosim_dnnl_error(void) { return load_status != 0 ? load_error : call_error; }
const char *calosim_dnnl_library(void) { return load_status == 0 ? library_name : ""; }
const char *calosim_dnnl_version(void) { return load_status == 0 ? version_text : ""; }
const char *calosim_dnnl_isa(void) { return load_status == 0 ? isa_name : ""; }

#if CALOSIM_HAVE_DNNL_HEADERS

// The functions calosim calls, typed by the header this file was compiled against.
#define DNNL_FUNCTIONS(X) \
    X(dnnl_version) X(dnnl_get_effective_cpu_isa) X(dnnl_engine_create) X(dnnl_stream_create) \
    X(dnnl_stream_destroy) X(dnnl_stream_wait) X(dnnl_memory_desc_init_by_strides) X(dnnl_memory_desc_init_by_tag) \
    X(dnnl_memory_desc_equal) X(dnnl_memory_desc_get_size) X(dnnl_matmul_desc_init) \
    X(dnnl_primitive_attr_create) X(dnnl_primitive_attr_destroy) X(dnnl_primitive_attr_set_post_ops) X(dnnl_primitive_attr_set_scratchpad_mode) \
    X(dnnl_post_ops_create) X(dnnl_post_ops_destroy) X(dnnl_post_ops_append_eltwise) \
    X(dnnl_primitive_desc_create) X(dnnl_primitive_desc_destroy) X(dnnl_primitive_desc_query) \
    X(dnnl_primitive_desc_query_md) X(dnnl_reorder_primitive_desc_create) X(dnnl_primitive_create) \
    X(dnnl_primitive_destroy) X(dnnl_primitive_execute) X(dnnl_memory_create) X(dnnl_memory_destroy) X(dnnl_memory_get_memory_desc) \
    X(dnnl_primitive_desc_iterator_create) X(dnnl_primitive_desc_iterator_next) X(dnnl_primitive_desc_iterator_fetch) \
    X(dnnl_primitive_desc_iterator_destroy)

#define DECLARE(f) static __typeof__(&f) p_##f = 0;
DNNL_FUNCTIONS(DECLARE)
typedef void (*omp_set_fn)(int);
static omp_set_fn p_omp_set_num_threads = 0;
static dnnl_engine_t engine = 0;

static const char *isa_text(dnnl_cpu_isa_t isa) {
    switch (isa) {
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core: return "avx512_core";
    case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni";
    case dnnl_cpu_isa_avx2: return "avx2";
    case dnnl_cpu_isa_avx: return "avx";
    case dnnl_cpu_isa_sse41: return "sse41";
    default: return "other";
    }
}

static void load_once(void) {
    const char *user = getenv("CALOSIM_ONEDNN");
    const char *name = user && *user ? user : "libdnnl.so.2";
    void *handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(load_error, sizeof load_error, "could not load oneDNN (%s: %s); install Debian's libdnnl2 (apt-get install libdnnl2)%s",
                 name, dlerror(), user && *user ? " or correct CALOSIM_ONEDNN" : "");
        return;
    }
#define RESOLVE(f) \
    if (!(p_##f = (__typeof__(&f))dlsym(handle, #f))) { \
        snprintf(load_error, sizeof load_error, "%s has no %s: calosim needs oneDNN 2.x (Debian's libdnnl2)", name, #f); \
        return; \
    }
    DNNL_FUNCTIONS(RESOLVE)
    const dnnl_version_t *v = p_dnnl_version();
    if (v->major != DNNL_VERSION_MAJOR) {
        snprintf(load_error, sizeof load_error, "%s is oneDNN %d.%d.%d; calosim was built against the %d.x interface (Debian's libdnnl2)",
                 name, v->major, v->minor, v->patch, DNNL_VERSION_MAJOR);
        return;
    }
    // oneDNN threads through OpenMP (Debian builds it with libgomp): the thread count of a
    // product is the calling thread's OpenMP setting.
    p_omp_set_num_threads = (omp_set_fn)dlsym(handle, "omp_set_num_threads");
    if (p_dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success) {
        snprintf(load_error, sizeof load_error, "oneDNN (%s) could not create a CPU engine", name);
        return;
    }
    snprintf(version_text, sizeof version_text, "%d.%d.%d", v->major, v->minor, v->patch);
    snprintf(library_name, sizeof library_name, "%s", name);
    isa_name = isa_text(p_dnnl_get_effective_cpu_isa());
    load_status = 0;
}

int calosim_dnnl_load(void) {
    pthread_once(&once, load_once);
    return load_status;
}

/// One matmul primitive for a row count, strides and output type, with its weights in the
/// layout the primitive asked for.
typedef struct {
    int rows, lda, ldo, bf16_out;
    dnnl_primitive_t primitive;
    dnnl_memory_t weights;
    int owns_weights;      // 0 when sharing another entry's reordered weights
    void *weights_buffer;  // owned when the primitive's layout is not the plain one
    const char *implementation;
    dnnl_memory_desc_t scratchpad;  // the caller's per-call scratch memory (empty: none)
    size_t scratchpad_bytes;
} entry_t;

enum { kEntries = 64 };

struct calosim_dnnl_layer {
    int n, k;  // padded: n to a multiple of 64, k to even (zero weights and bias there)
    float slope;
    char preferred[64];  // the implementation (name or its start) taken for every row count that has it
    uint16_t *w;  // [n, k] bf16
    float *bias;  // [n] or NULL
    pthread_mutex_t lock;
    int count;
    entry_t entries[kEntries];
};

#define CHECK(call, what) \
    if ((status = (call)) != dnnl_success) { \
        snprintf(call_error, sizeof call_error, "oneDNN: %s failed (status %d) for %d x %d weights, %d rows", what, (int)status, layer->n, layer->k, rows); \
        goto fail; \
    }

static void destroy_entry(entry_t *e) {
    if (e->primitive) p_dnnl_primitive_destroy(e->primitive);
    if (e->weights && e->owns_weights) p_dnnl_memory_destroy(e->weights);
    free(e->weights_buffer);
    memset(e, 0, sizeof *e);
}

/// Makes the primitive for (rows, lda, ldo, bf16_out) and reorders W into its layout.
static int make_entry(calosim_dnnl_layer *layer, int rows, int lda, int ldo, int bf16_out, entry_t *e) {
    dnnl_status_t status;
    memset(e, 0, sizeof *e);
    e->rows = rows; e->lda = lda; e->ldo = ldo; e->bf16_out = bf16_out;
    dnnl_memory_desc_t src, wplain, wany, bias, dst;
    dnnl_dims_t sdims = {rows, layer->k}, sstr = {lda, 1};
    dnnl_dims_t wdims = {layer->k, layer->n}, wstr = {1, layer->k};  // W^T [k, n] read from W [n, k]
    dnnl_dims_t bdims = {1, layer->n}, bstr = {layer->n, 1};
    dnnl_dims_t ddims = {rows, layer->n}, dstr = {ldo, 1};
    dnnl_matmul_desc_t desc;
    dnnl_primitive_attr_t attr = 0;
    dnnl_post_ops_t ops = 0;
    dnnl_primitive_desc_t pd = 0, rpd = 0;
    dnnl_primitive_t reorder = 0;
    dnnl_memory_t wsrc = 0;
    dnnl_stream_t stream = 0;
    CHECK(p_dnnl_memory_desc_init_by_strides(&src, 2, sdims, dnnl_bf16, sstr), "source descriptor");
    CHECK(p_dnnl_memory_desc_init_by_strides(&wplain, 2, wdims, dnnl_bf16, wstr), "weights descriptor");
    CHECK(p_dnnl_memory_desc_init_by_tag(&wany, 2, wdims, dnnl_bf16, dnnl_format_tag_any), "weights descriptor");
    CHECK(p_dnnl_memory_desc_init_by_strides(&bias, 2, bdims, dnnl_f32, bstr), "bias descriptor");
    CHECK(p_dnnl_memory_desc_init_by_strides(&dst, 2, ddims, bf16_out ? dnnl_bf16 : dnnl_f32, dstr), "output descriptor");
    CHECK(p_dnnl_matmul_desc_init(&desc, &src, &wany, layer->bias ? &bias : NULL, &dst), "matmul descriptor");
    CHECK(p_dnnl_primitive_attr_create(&attr), "attributes");
    // Scratch memory per call: the library's own is shared between primitives (Debian's build
    // has no DNNL_ENABLE_CONCURRENT_EXEC), and calls on several threads at once overwrote one
    // another's fp32 accumulators.
    CHECK(p_dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "scratchpad mode");
    if (layer->slope >= 0) {
        CHECK(p_dnnl_post_ops_create(&ops), "post-ops");
        // dnnl_eltwise_relu with alpha: x > 0 ? x : alpha x, the LeakyReLU of the own kernel.
        CHECK(p_dnnl_post_ops_append_eltwise(ops, 1.0f, dnnl_eltwise_relu, layer->slope, 0.0f), "LeakyReLU post-op");
        CHECK(p_dnnl_primitive_attr_set_post_ops(attr, ops), "post-ops");
    }
    // The layer's preferred implementation (the name's start) where oneDNN offers it, else its
    // first candidate: one implementation for all row counts sums each row alike (by default a
    // 1-row product of k = 1024 goes to gemm:jit, which sums in another order than for 2 rows).
    dnnl_primitive_desc_iterator_t it = 0;
    CHECK(p_dnnl_primitive_desc_iterator_create(&it, &desc, attr, engine, NULL), "matmul");
    do {
        dnnl_primitive_desc_t candidate = p_dnnl_primitive_desc_iterator_fetch(it);
        const char *name = "";
        p_dnnl_primitive_desc_query(candidate, dnnl_query_impl_info_str, 0, &name);
        int preferred = strncmp(name, layer->preferred, strlen(layer->preferred)) == 0;
        if (!pd || preferred) {
            if (pd) p_dnnl_primitive_desc_destroy(pd);
            pd = candidate;
            if (preferred) break;
        } else {
            p_dnnl_primitive_desc_destroy(candidate);
        }
    } while (p_dnnl_primitive_desc_iterator_next(it) == dnnl_success);
    p_dnnl_primitive_desc_iterator_destroy(it);
    if (!pd) {
        snprintf(call_error, sizeof call_error, "oneDNN has no bf16 matmul for %d x %d weights, %d rows", layer->n, layer->k, rows);
        status = dnnl_unimplemented;
        goto fail;
    }
    p_dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &e->implementation);
    e->scratchpad = *p_dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
    e->scratchpad_bytes = p_dnnl_memory_desc_get_size(&e->scratchpad);
    CHECK(p_dnnl_primitive_create(&e->primitive, pd), "matmul primitive");
    const dnnl_memory_desc_t *wmd = p_dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
    for (int i = 0; i < layer->count && !e->weights; i++) {
        const dnnl_memory_desc_t *other = NULL;
        if (p_dnnl_memory_get_memory_desc(layer->entries[i].weights, &other) == dnnl_success && p_dnnl_memory_desc_equal(wmd, other))
            e->weights = layer->entries[i].weights;  // the same layout: share (entries live as long as the layer)
    }
    if (!e->weights && p_dnnl_memory_desc_equal(wmd, &wplain)) {
        e->owns_weights = 1;
        CHECK(p_dnnl_memory_create(&e->weights, &wplain, engine, layer->w), "weights memory");
    } else if (!e->weights) {
        e->owns_weights = 1;
        e->weights_buffer = aligned_alloc(64, (p_dnnl_memory_desc_get_size(wmd) + 63) / 64 * 64);
        CHECK(p_dnnl_memory_create(&e->weights, wmd, engine, e->weights_buffer), "weights memory");
        CHECK(p_dnnl_memory_create(&wsrc, &wplain, engine, layer->w), "weights memory");
        CHECK(p_dnnl_reorder_primitive_desc_create(&rpd, &wplain, engine, wmd, engine, NULL), "weights reorder");
        CHECK(p_dnnl_primitive_create(&reorder, rpd), "weights reorder");
        CHECK(p_dnnl_stream_create(&stream, engine, dnnl_stream_default_flags), "stream");
        dnnl_exec_arg_t args[2] = {{DNNL_ARG_FROM, wsrc}, {DNNL_ARG_TO, e->weights}};
        // The reorder keeps the library's shared scratch memory: one at a time.
        static pthread_mutex_t reorder_lock = PTHREAD_MUTEX_INITIALIZER;
        pthread_mutex_lock(&reorder_lock);
        status = p_dnnl_primitive_execute(reorder, stream, 2, args);
        if (status == dnnl_success) status = p_dnnl_stream_wait(stream);
        pthread_mutex_unlock(&reorder_lock);
        CHECK(status, "weights reorder");
    }
    status = dnnl_success;
fail:
    // The implementation string belongs to pd: copied below before pd goes.
    if (stream) p_dnnl_stream_destroy(stream);
    if (reorder) p_dnnl_primitive_destroy(reorder);
    if (rpd) p_dnnl_primitive_desc_destroy(rpd);
    if (wsrc) p_dnnl_memory_destroy(wsrc);
    if (ops) p_dnnl_post_ops_destroy(ops);
    if (attr) p_dnnl_primitive_attr_destroy(attr);
    if (status != dnnl_success) {
        if (pd) p_dnnl_primitive_desc_destroy(pd);
        destroy_entry(e);
        return -1;
    }
    e->implementation = e->implementation ? strdup(e->implementation) : strdup("");
    p_dnnl_primitive_desc_destroy(pd);
    return 0;
}

calosim_dnnl_layer *calosim_dnnl_layer_create(const uint16_t *w, int n, int k, const float *bias, float slope,
                                              int reference_rows) {
    if (calosim_dnnl_load() != 0) return NULL;
    // Padded to the widths of the activation buffers: oneDNN 2.6 offers brgemm only for dense
    // rows (row stride = width), and the padding columns then compute act(0) = 0 themselves.
    int np = (n + 63) / 64 * 64, kp = (k + 1) / 2 * 2;
    calosim_dnnl_layer *layer = calloc(1, sizeof *layer);
    layer->n = np; layer->k = kp; layer->slope = slope;
    layer->w = aligned_alloc(64, ((size_t)np * kp * 2 + 63) / 64 * 64);
    memset(layer->w, 0, (size_t)np * kp * 2);
    for (int j = 0; j < n; j++) memcpy(layer->w + (size_t)j * kp, w + (size_t)j * k, (size_t)k * 2);
    if (bias) {
        layer->bias = calloc((size_t)np, sizeof(float));
        memcpy(layer->bias, bias, (size_t)n * sizeof(float));
    }
    pthread_mutex_init(&layer->lock, NULL);
    // The bulk of the rows picks the layer's implementation: brgemm ("brg:avx512_core_amx",
    // "brg:avx512_core_bf16", oneDNN's matmul kernels of these ISAs) where offered, else the first.
    snprintf(layer->preferred, sizeof layer->preferred, "brg:");
    entry_t *bulk = &layer->entries[0];
    if (make_entry(layer, reference_rows, kp, np, 1, bulk) != 0) {
        calosim_dnnl_layer_destroy(layer);
        return NULL;
    }
    layer->count = 1;
    snprintf(layer->preferred, sizeof layer->preferred, "%s", bulk->implementation);
    return layer;
}

void calosim_dnnl_layer_destroy(calosim_dnnl_layer *layer) {
    if (!layer) return;
    for (int i = 0; i < layer->count; i++) {
        free((void *)layer->entries[i].implementation);
        destroy_entry(&layer->entries[i]);
    }
    pthread_mutex_destroy(&layer->lock);
    free(layer->w);
    free(layer->bias);
    free(layer);
}

/// The cached entry for the shape, made if missing; when the cache is full, `spare` is made
/// and returned (the caller destroys it).
static entry_t *find_entry(calosim_dnnl_layer *layer, int rows, int lda, int ldo, int bf16_out, entry_t *spare) {
    pthread_mutex_lock(&layer->lock);
    entry_t *found = NULL;
    for (int i = 0; i < layer->count && !found; i++) {
        entry_t *e = &layer->entries[i];
        if (e->rows == rows && e->lda == lda && e->ldo == ldo && e->bf16_out == bf16_out) found = e;
    }
    if (!found) {
        entry_t *slot = layer->count < kEntries ? &layer->entries[layer->count] : spare;
        if (make_entry(layer, rows, lda, ldo, bf16_out, slot) == 0) {
            if (slot != spare) layer->count++;
            found = slot;
        }
    }
    pthread_mutex_unlock(&layer->lock);
    return found;
}

int calosim_dnnl_linear(calosim_dnnl_layer *layer, const uint16_t *x, int lda, int rows,
                        uint16_t *out_bf16, float *out_f32, int ldo, int threads) {
    dnnl_status_t status;
    int bf16_out = out_bf16 != NULL;
    entry_t spare;
    memset(&spare, 0, sizeof spare);
    entry_t *e = find_entry(layer, rows, lda, ldo, bf16_out, &spare);
    if (!e) return -1;
    dnnl_memory_desc_t src, bias, dst;
    dnnl_dims_t sdims = {rows, layer->k}, sstr = {lda, 1};
    dnnl_dims_t bdims = {1, layer->n}, bstr = {layer->n, 1};
    dnnl_dims_t ddims = {rows, layer->n}, dstr = {ldo, 1};
    dnnl_memory_t ms = 0, mb = 0, md = 0, mscratch = 0;
    void *scratch = NULL;
    // One stream per calling thread, kept (a stream may not be shared between threads; making
    // one per call cost about a microsecond of a batch-1 layer).
    static __thread dnnl_stream_t stream = 0;
    void *out = bf16_out ? (void *)out_bf16 : (void *)out_f32;
    CHECK(p_dnnl_memory_desc_init_by_strides(&src, 2, sdims, dnnl_bf16, sstr), "source descriptor");
    CHECK(p_dnnl_memory_desc_init_by_strides(&bias, 2, bdims, dnnl_f32, bstr), "bias descriptor");
    CHECK(p_dnnl_memory_desc_init_by_strides(&dst, 2, ddims, bf16_out ? dnnl_bf16 : dnnl_f32, dstr), "output descriptor");
    CHECK(p_dnnl_memory_create(&ms, &src, engine, (void *)x), "source memory");
    CHECK(p_dnnl_memory_create(&md, &dst, engine, out), "output memory");
    if (layer->bias) CHECK(p_dnnl_memory_create(&mb, &bias, engine, layer->bias), "bias memory");
    if (!stream) CHECK(p_dnnl_stream_create(&stream, engine, dnnl_stream_default_flags), "stream");
    dnnl_exec_arg_t args[5] = {{DNNL_ARG_SRC, ms}, {DNNL_ARG_WEIGHTS, e->weights}, {DNNL_ARG_DST, md}};
    int nargs = 3;
    if (layer->bias) args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_BIAS, mb};
    if (e->scratchpad_bytes) {
        scratch = aligned_alloc(64, (e->scratchpad_bytes + 63) / 64 * 64);
        CHECK(p_dnnl_memory_create(&mscratch, &e->scratchpad, engine, scratch), "scratch memory");
        args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_SCRATCHPAD, mscratch};
    }
    if (p_omp_set_num_threads) p_omp_set_num_threads(threads > 0 ? threads : 1);
    CHECK(p_dnnl_primitive_execute(e->primitive, stream, nargs, args), "matmul");
    CHECK(p_dnnl_stream_wait(stream), "matmul");
    status = dnnl_success;
fail:
    if (mscratch) p_dnnl_memory_destroy(mscratch);
    free(scratch);
    if (ms) p_dnnl_memory_destroy(ms);
    if (mb) p_dnnl_memory_destroy(mb);
    if (md) p_dnnl_memory_destroy(md);
    if (e == &spare) {
        free((void *)spare.implementation);
        destroy_entry(&spare);
    }
    return status == dnnl_success ? 0 : -1;
}

const char *calosim_dnnl_layer_implementation(calosim_dnnl_layer *layer, int rows, int bf16_out) {
    int lda = layer->k, ldo = layer->n;
    entry_t spare;
    memset(&spare, 0, sizeof spare);
    entry_t *e = find_entry(layer, rows, lda, ldo, bf16_out, &spare);
    if (!e) return "";
    if (e == &spare) {  // cache full: report without keeping it
        static __thread char name[128];
        snprintf(name, sizeof name, "%s", spare.implementation);
        free((void *)spare.implementation);
        destroy_entry(&spare);
        return name;
    }
    return e->implementation;
}

#else  // built without oneDNN's headers

static void load_once(void) {
    snprintf(load_error, sizeof load_error,
             "calosim was built without oneDNN's headers: install Debian's libdnnl-dev and rebuild calosim");
}

int calosim_dnnl_load(void) {
    pthread_once(&once, load_once);
    return load_status;
}

calosim_dnnl_layer *calosim_dnnl_layer_create(const uint16_t *w, int n, int k, const float *bias, float slope,
                                              int reference_rows) {
    (void)w; (void)n; (void)k; (void)bias; (void)slope; (void)reference_rows;
    calosim_dnnl_load();
    return NULL;
}

void calosim_dnnl_layer_destroy(calosim_dnnl_layer *layer) { (void)layer; }

int calosim_dnnl_linear(calosim_dnnl_layer *layer, const uint16_t *x, int lda, int rows,
                        uint16_t *out_bf16, float *out_f32, int ldo, int threads) {
    (void)layer; (void)x; (void)lda; (void)rows; (void)out_bf16; (void)out_f32; (void)ldo; (void)threads;
    return -1;
}

const char *calosim_dnnl_layer_implementation(calosim_dnnl_layer *layer, int rows, int bf16_out) {
    (void)layer; (void)rows; (void)bf16_out;
    return "";
}

#endif
