/*
 * A plain C host of libcalosim-c: calosim_c_check MODEL ENERGIES.f32 SEED BATCH ONE.f32 BATCHED.f32
 * Generates one shower per energy (float32 MeV in ENERGIES.f32) in one call (written to
 * ONE.f32; again from two threads on one handle, which must give the same bytes) and in calls
 * of BATCH showers with first_index advancing (BATCHED.f32, as `calosim generate --batch-size
 * BATCH`), and checks the library's refusals. Prints the geometry and "ok" on success.
 */
#include "calosim.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...) do { fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); exit(1); } while (0)

struct job { calosim_model *model; const float *energies; size_t count; uint64_t seed; float *cells; size_t capacity; int status; };

static void *run(void *p) {
    struct job *j = p;
    j->status = calosim_generate(j->model, j->energies, j->count, j->seed, 0, j->cells, j->capacity);
    return NULL;
}

static void write_floats(const char *path, const float *x, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(x, sizeof(float), n, f) != n || fclose(f) != 0) FAIL("cannot write %s", path);
}

int main(int argc, char **argv) {
    if (argc != 7 && argc != 8) FAIL("usage: calosim_c_check MODEL ENERGIES.f32 SEED BATCH ONE.f32 BATCHED.f32 [fp32]");
    /* With "fp32" last, the showers come from a handle opened in FP32, else from calosim_open (AUTO). */
    int fp32 = argc == 8 && strcmp(argv[7], "fp32") == 0;
    char message[512];
    calosim_model *model = NULL;

    /* A folder that is not a model: an error code, a message, no handle. */
    if (calosim_open("/nonexistent/model", &model, message, sizeof message) != CALOSIM_ERROR_MODEL || model != NULL
        || strstr(message, "model folder not found") == NULL)
        FAIL("missing folder not refused: '%s'", message);

    /* An unknown precision is refused; AUTO resolves to FP32 or BF16. */
    if (calosim_open_precision(argv[1], (calosim_precision)7, &model, message, sizeof message) != CALOSIM_ERROR_ARGUMENT
        || model != NULL || strstr(message, "precision 7") == NULL)
        FAIL("unknown precision not refused: '%s'", message);
    if (calosim_open_precision(argv[1], CALOSIM_PRECISION_AUTO, &model, message, sizeof message) != CALOSIM_OK || model == NULL)
        FAIL("calosim_open_precision AUTO: %s", message);
    calosim_precision resolved = calosim_model_precision(model);
    if (resolved != CALOSIM_PRECISION_FP32 && resolved != CALOSIM_PRECISION_BF16) FAIL("AUTO resolved to %d", (int)resolved);
    calosim_close(model);

    int status = fp32 ? calosim_open_precision(argv[1], CALOSIM_PRECISION_FP32, &model, message, sizeof message)
                      : calosim_open(argv[1], &model, message, sizeof message);
    if (status != CALOSIM_OK || model == NULL) FAIL("calosim_open: %d %s", status, message);
    if (calosim_model_precision(model) != (fp32 ? CALOSIM_PRECISION_FP32 : resolved)) FAIL("calosim_open does not run AUTO's precision");
    size_t cells = calosim_cell_count(model), layers = calosim_layer_count(model);
    double emin = 0, emax = 0;
    int32_t pdg = 0;
    if (calosim_energy_range(model, &emin, &emax, &pdg) != CALOSIM_OK) FAIL("energy range");
    printf("model %s: %zu cells, %zu layers", calosim_model_id(model), cells, layers);
    size_t total = 0;
    for (size_t l = 0; l < layers; l++) {
        size_t rows, cols, first;
        double z0, z1, h, w;
        if (calosim_layer_shape(model, l, &rows, &cols, &first, &z0, &z1, &h, &w) != CALOSIM_OK) FAIL("layer %zu", l);
        if (first != total) FAIL("layer %zu starts at cell %zu, not %zu", l, first, total);
        total += rows * cols;
        printf(", %zux%zu (z %.0f-%.0f mm)", rows, cols, z0, z1);
    }
    printf("; %zu condition, %.0f-%.0f MeV, PDG %d\n", calosim_condition_count(model), emin, emax, pdg);
    if (total != cells) FAIL("layers hold %zu cells, the model %zu", total, cells);
    if (calosim_layer_shape(model, layers, NULL, NULL, NULL, NULL, NULL, NULL, NULL) != CALOSIM_ERROR_ARGUMENT)
        FAIL("layer index past the end not refused");

    FILE *f = fopen(argv[2], "rb");
    if (!f) FAIL("cannot read %s", argv[2]);
    float energies[4096];
    size_t n = fread(energies, sizeof(float), 4096, f);
    fclose(f);
    if (n < 2) FAIL("need at least two energies");
    uint64_t seed = strtoull(argv[3], NULL, 10);
    float *out = calloc(n * cells, sizeof(float)), *again = calloc(n * cells, sizeof(float));

    /* Refusals: NaN, zero and negative energies, a buffer one float short; nothing written. */
    float bad[3] = { 1000.0f, NAN, 2000.0f };
    if (calosim_generate(model, bad, 3, seed, 0, out, n * cells) != CALOSIM_ERROR_ARGUMENT
        || strstr(calosim_last_error(model), "finite") == NULL)
        FAIL("NaN energy not refused: '%s'", calosim_last_error(model));
    bad[1] = -5.0f;
    if (calosim_generate(model, bad, 3, seed, 0, out, n * cells) != CALOSIM_ERROR_ARGUMENT) FAIL("negative energy not refused");
    if (calosim_generate(model, energies, n, seed, 0, out, n * cells - 1) != CALOSIM_ERROR_BUFFER_TOO_SMALL
        || strstr(calosim_last_error(model), "buffer") == NULL)
        FAIL("short buffer not refused: '%s'", calosim_last_error(model));
    if (calosim_generate(model, energies, 0, seed, 0, out, n * cells) != CALOSIM_ERROR_ARGUMENT) FAIL("count 0 not refused");
    for (size_t i = 0; i < n * cells; i++) if (out[i] != 0) FAIL("a refused call wrote into the buffer");

    /* One call. */
    if (calosim_generate(model, energies, n, seed, 0, out, n * cells) != CALOSIM_OK) FAIL("generate: %s", calosim_last_error(model));
    if (calosim_last_error(model)[0] != 0) FAIL("a successful call left a message");

    /* Full conditions: the model's own (e-, normal incidence, centre) give the same bytes; a
       species or direction it was not trained on is refused, nothing written. */
    int32_t *codes = calloc(n, sizeof(int32_t));
    float *theta = calloc(n, sizeof(float)), *impact = calloc(2 * n, sizeof(float));
    for (size_t i = 0; i < n; i++) codes[i] = 11;
    if (calosim_generate_conditions(model, codes, energies, theta, NULL, impact, n, seed, 0, again, n * cells) != CALOSIM_OK)
        FAIL("generate_conditions: %s", calosim_last_error(model));
    if (memcmp(out, again, n * cells * sizeof(float)) != 0) FAIL("generate_conditions at the model's conditions gave other bytes");
    memset(again, 0, n * cells * sizeof(float));
    codes[1] = 22;
    if (calosim_generate_conditions(model, codes, energies, NULL, NULL, NULL, n, seed, 0, again, n * cells) != CALOSIM_ERROR_ARGUMENT
        || strstr(calosim_last_error(model), "particle gamma: the model was trained on e- only") == NULL)
        FAIL("photon not refused: '%s'", calosim_last_error(model));
    theta[0] = 0.3f;
    if (calosim_generate_conditions(model, NULL, energies, theta, NULL, NULL, n, seed, 0, again, n * cells) != CALOSIM_ERROR_ARGUMENT
        || strstr(calosim_last_error(model), "trained at theta = 0 deg only") == NULL)
        FAIL("theta not refused: '%s'", calosim_last_error(model));
    for (size_t i = 0; i < n * cells; i++) if (again[i] != 0) FAIL("a refused call wrote into the buffer");
    free(codes);
    free(theta);
    free(impact);

    /* Two threads on one handle (serialised by its lock) give the same bytes. */
    struct job jobs[2];
    float *second = calloc(n * cells, sizeof(float));
    pthread_t threads[2];
    for (int t = 0; t < 2; t++) {
        jobs[t] = (struct job){ model, energies, n, seed, t == 0 ? again : second, n * cells, -1 };
        pthread_create(&threads[t], NULL, run, &jobs[t]);
    }
    for (int t = 0; t < 2; t++) pthread_join(threads[t], NULL);
    if (jobs[0].status != CALOSIM_OK || jobs[1].status != CALOSIM_OK) FAIL("threaded generate failed");
    if (memcmp(out, again, n * cells * sizeof(float)) != 0 || memcmp(out, second, n * cells * sizeof(float)) != 0)
        FAIL("two threads on one handle gave other bytes than one call");
    write_floats(argv[5], out, n * cells);

    /* Calls of `batch` showers, shower k from stream first_index + k. */
    size_t batch = strtoul(argv[4], NULL, 10);
    if (batch == 0) FAIL("BATCH must be > 0");
    for (size_t first = 0; first < n; first += batch) {
        size_t m = n - first < batch ? n - first : batch;
        if (calosim_generate(model, energies + first, m, seed, first, again + first * cells, m * cells) != CALOSIM_OK)
            FAIL("generate: %s", calosim_last_error(model));
    }
    write_floats(argv[6], again, n * cells);
    calosim_close(model);
    calosim_close(NULL);
    puts("ok");
    return 0;
}
