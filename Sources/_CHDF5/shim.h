// HDF5 for Swift. The constants below are C macros that expand to library globals (after
// H5open); Swift cannot import them, so they are wrapped here rather than copied as values.
#include <hdf5.h>

static inline hid_t calosim_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t calosim_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t calosim_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t calosim_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t calosim_H5T_C_S1(void) { return H5T_C_S1; }
static inline hid_t calosim_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t calosim_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t calosim_H5S_ALL(void) { return H5S_ALL; }
static inline unsigned calosim_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned calosim_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }
static inline unsigned calosim_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline hsize_t calosim_H5S_UNLIMITED(void) { return H5S_UNLIMITED; }
static inline H5T_cset_t calosim_H5T_CSET_UTF8(void) { return H5T_CSET_UTF8; }
static inline size_t calosim_H5T_VARIABLE(void) { return H5T_VARIABLE; }

/// Silences HDF5's automatic error printing; calosim reports errors itself.
static inline void calosim_h5_silence_errors(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }
