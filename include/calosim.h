/*
 * calosim.h: in-process inference with a trained calosim generator (fast calorimeter showers).
 *
 * Link with the shared library built by `swift build -c release --product calosim-c`
 * (.build/release/libcalosim-c.so): cc app.c -Iinclude -L.build/release -lcalosim-c.
 *
 * Units: energies in MeV, lengths in mm. Showers are float32, row-major [count, cells], in the
 * geometry's cell order: layer by layer; within a layer row-major, cell = first_cell(layer) +
 * row * cols + col, rows counted along y from -height/2, columns along x from -width/2 (the
 * `showers` dataset of calosim's HDF5 files).
 *
 * Determinism: shower k of a call draws its noise from Philox stream (seed, first_index + k),
 * exactly as shower first_index + k of `calosim generate --seed SEED`. Calls of B showers with
 * first_index 0, B, 2B, ... give the same bytes as `calosim generate --seed SEED --batch-size B`
 * for the same energies. In FP32 any calls of at least 5 showers give the bytes of one call of
 * all of them, and calls of 1 to 4 showers give each shower the same bytes as each other, which
 * differ in the last bits from the former (calosim's own kernel for so few rows, AVX2 or
 * AVX-512, sums in another order than OpenBLAS). In BF16 the bytes never depend on how the
 * showers are split into calls.
 *
 * Errors: every function that can fail returns a calosim_status; CALOSIM_OK (0) is success.
 * calosim_open writes its message into the caller's buffer; after a failed call on a model,
 * calosim_last_error(model) returns the message (owned by the model, valid until the next call
 * on it).
 *
 * Thread safety: each model handle has its own lock, so calls on one handle from several
 * threads are serialised (safe, not parallel); one handle per thread runs them in parallel. The
 * library keeps no global state of its own; the tensor engine's worker threads (all cores, for
 * batches of 2,048 showers or more) and the OpenBLAS it loads at the first calosim_open are
 * shared by the process.
 */
#ifndef CALOSIM_H
#define CALOSIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* An opened model folder (opaque). */
typedef struct calosim_model calosim_model;

typedef enum calosim_status {
    CALOSIM_OK = 0,
    /* A NULL pointer, a count of 0, an index out of range, a NaN, infinite or non-positive energy. */
    CALOSIM_ERROR_ARGUMENT = 1,
    /* The model folder is missing, damaged or of another format (calosim_open). */
    CALOSIM_ERROR_MODEL = 2,
    /* The output buffer holds fewer than count * cells floats; nothing was written. */
    CALOSIM_ERROR_BUFFER_TOO_SMALL = 3,
    /* OpenBLAS could not be loaded (install libopenblas0). */
    CALOSIM_ERROR_ENVIRONMENT = 4
} calosim_status;

/*
 * Opens the model folder `folder` (model.json and generator.safetensors, as written by
 * `calosim train` / `calosim calibrate`; the shipped Resources/Models/calogan-eminus). On
 * success *model is the handle; on failure *model is NULL and, when error is not NULL, the
 * message is written into error (at most error_capacity bytes, NUL-terminated).
 */
calosim_status calosim_open(const char *folder, calosim_model **model, char *error, size_t error_capacity);

/* The arithmetic of the generator's products. FP32 is the reference; calosim_open takes AUTO,
 * as `calosim generate` does by default. BF16 rounds weights and activations to bfloat16 and sums in float32 on AVX512-BF16, several
 * times faster (a CPU without it: CALOSIM_ERROR_ENVIRONMENT); AUTO takes BF16 where the CPU has
 * it, else FP32. Within one precision, calls of B showers give the bytes of `calosim generate
 * --precision P --batch-size B`; BF16 bytes do not depend on the batching at all. */
typedef enum calosim_precision {
    CALOSIM_PRECISION_FP32 = 0,
    CALOSIM_PRECISION_BF16 = 1,
    CALOSIM_PRECISION_AUTO = 2
} calosim_precision;

/* calosim_open with the products in `precision` (an unknown value: CALOSIM_ERROR_ARGUMENT). */
calosim_status calosim_open_precision(const char *folder, calosim_precision precision, calosim_model **model, char *error,
                                      size_t error_capacity);

/* The precision `model` runs: CALOSIM_PRECISION_FP32 or CALOSIM_PRECISION_BF16 (AUTO resolved). */
calosim_precision calosim_model_precision(calosim_model *model);

/* Releases the handle (NULL is ignored). No call on it may be running or follow. */
void calosim_close(calosim_model *model);

/* The message of the last failed call on `model` ("" if none). */
const char *calosim_last_error(calosim_model *model);

/* The model id written into generated files, e.g. "calogan-eminus-it96000-s1-rc". */
const char *calosim_model_id(calosim_model *model);

/* Geometry: readout cells in all, and readout layers. */
size_t calosim_cell_count(calosim_model *model);
size_t calosim_layer_count(calosim_model *model);

/*
 * Layer `layer` (0-based): its grid (rows along y, cols along x), its first cell in the cell
 * order, its z range (mm from the calorimeter front) and cell size (mm). Any output pointer may
 * be NULL. CALOSIM_ERROR_ARGUMENT when layer >= calosim_layer_count.
 */
calosim_status calosim_layer_shape(calosim_model *model, size_t layer, size_t *rows, size_t *cols, size_t *first_cell,
                                   double *z_start_mm, double *z_end_mm, double *cell_height_mm, double *cell_width_mm);

/*
 * Conditions: every model is conditioned on the incident energy (MeV); a model trained on several
 * species, or on varying directions or impact points, on those too (calosim_generate_conditions).
 * calosim_condition_count is the number of entries of the model's condition vector (1: the
 * energy alone). The trained energy range is [min_energy_mev, max_energy_mev]; outside it the
 * generator extrapolates. *particle_pdg is the species trained on (11 e-, -11 e+, 22 gamma; 0 if
 * not recorded or if the model was trained on several). Any output pointer may be NULL.
 */
size_t calosim_condition_count(calosim_model *model);
calosim_status calosim_energy_range(calosim_model *model, double *min_energy_mev, double *max_energy_mev, int32_t *particle_pdg);

/*
 * Generates `count` showers, shower k for incident energy incident_energy_mev[k] (MeV, finite
 * and > 0) with noise stream first_index + k under `seed`, into cells[k * cell_count + c]
 * (MeV, never negative). cells_capacity is the number of floats `cells` holds; it must be at
 * least count * calosim_cell_count(model). On any error nothing is written.
 */
calosim_status calosim_generate(calosim_model *model, const float *incident_energy_mev, size_t count, uint64_t seed,
                                uint64_t first_index, float *cells, size_t cells_capacity);

/*
 * As calosim_generate, shower k at full conditions: species particle_pdg[k] (PDG code; NULL: the
 * model's single species), energy incident_energy_mev[k] (MeV), direction theta_rad[k] (polar
 * angle to the normal) and phi_rad[k] (azimuth from +x towards +y), radians, and impact point
 * (impact_mm[2k], impact_mm[2k + 1]) in mm on the front face from the readout's centre; NULL
 * theta_rad, phi_rad or impact_mm mean 0 (normal incidence through the centre). A species, or a
 * direction or impact point the model was not trained to vary, is CALOSIM_ERROR_ARGUMENT; a value
 * outside a trained range extrapolates. calosim_generate refuses a model of several species.
 */
calosim_status calosim_generate_conditions(calosim_model *model, const int32_t *particle_pdg, const float *incident_energy_mev,
                                           const float *theta_rad, const float *phi_rad, const float *impact_mm,
                                           size_t count, uint64_t seed, uint64_t first_index, float *cells,
                                           size_t cells_capacity);

#ifdef __cplusplus
}
#endif

#endif /* CALOSIM_H */
