// Open MPI for Swift. MPI_COMM_WORLD, the datatypes and the operations are C macros that expand
// to addresses of library globals; Swift cannot import them, so they are wrapped here rather
// than copied as values.
#include <mpi.h>

static inline MPI_Comm calosim_MPI_COMM_WORLD(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype calosim_MPI_FLOAT(void) { return MPI_FLOAT; }
static inline MPI_Datatype calosim_MPI_UINT64_T(void) { return MPI_UINT64_T; }
static inline MPI_Datatype calosim_MPI_BYTE(void) { return MPI_BYTE; }
static inline MPI_Op calosim_MPI_SUM(void) { return MPI_SUM; }
static inline void *calosim_MPI_IN_PLACE(void) { return MPI_IN_PLACE; }
static inline int calosim_MPI_THREAD_SERIALIZED(void) { return MPI_THREAD_SERIALIZED; }
static inline int calosim_MPI_MAX_LIBRARY_VERSION_STRING(void) { return MPI_MAX_LIBRARY_VERSION_STRING; }
