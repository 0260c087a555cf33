/*
 * Batch-1 latency of libcalosim-c: calosim_c_latency MODEL PRECISION CALLS
 * Opens MODEL with PRECISION (fp32, bf16 or auto), makes 200 untimed calls of one shower, then
 * CALLS timed calls of one shower each (energies 1-100 GeV, shower k from stream k), five times,
 * and prints the fastest round's mean and the median and fastest single call, in milliseconds
 * per shower (on a shared machine the mean includes time spent waiting for a core).
 * Compiled with -DCALOSIM_FP32_ONLY it uses calosim_open alone (a library before
 * calosim_open_precision) and PRECISION must be fp32.
 */
#define _POSIX_C_SOURCE 199309L
#include "calosim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: calosim_c_latency MODEL fp32|bf16|auto CALLS\n"); return 2; }
    char message[512];
    calosim_model *model = NULL;
#ifdef CALOSIM_FP32_ONLY
    if (strcmp(argv[2], "fp32") != 0) { fprintf(stderr, "this build opens fp32 only\n"); return 2; }
    if (calosim_open(argv[1], &model, message, sizeof message) != CALOSIM_OK) {
#else
    calosim_precision precision = strcmp(argv[2], "bf16") == 0 ? CALOSIM_PRECISION_BF16
                                : strcmp(argv[2], "auto") == 0 ? CALOSIM_PRECISION_AUTO : CALOSIM_PRECISION_FP32;
    if (calosim_open_precision(argv[1], precision, &model, message, sizeof message) != CALOSIM_OK) {
#endif
        fprintf(stderr, "%s\n", message);
        return 1;
    }
    long calls = atol(argv[3]);
    size_t cells = calosim_cell_count(model);
    float *out = malloc(cells * sizeof(float));
    double best = 1e30, *each = malloc(5 * (size_t)calls * sizeof(double));
    size_t timed = 0;
    for (int round = -1; round < 5; round++) {
        long n = round < 0 ? 200 : calls;
        double t0 = now();
        for (long k = 0; k < n; k++) {
            double c0 = now();
            float e = 1000.0f + 99000.0f * (float)(k % 100) / 99.0f;
            if (calosim_generate(model, &e, 1, 7, (uint64_t)k, out, cells) != CALOSIM_OK) {
                fprintf(stderr, "%s\n", calosim_last_error(model));
                return 1;
            }
            if (round >= 0) each[timed++] = (now() - c0) * 1e3;
        }
        double ms = (now() - t0) * 1e3 / n;
        if (round >= 0 && ms < best) best = ms;
    }
#ifdef CALOSIM_FP32_ONLY
    const char *ran = "fp32";
#else
    const char *ran = calosim_model_precision(model) == CALOSIM_PRECISION_BF16 ? "bf16" : "fp32";
#endif
    qsort(each, timed, sizeof(double), by_value);
    printf("%s precision %s, batch 1: mean %.4f ms per shower (fastest of 5 rounds of %ld calls), median call %.4f, fastest call %.4f\n",
           calosim_model_id(model), ran, best, calls, each[timed / 2], each[0]);
    free(each);
    calosim_close(model);
    free(out);
    return 0;
}
