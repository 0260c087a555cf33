#include <png.h>
// PNG_LIBPNG_VER_STRING is a macro string; exposed as a function for png_create_write_struct.
static inline const char *calosim_png_version(void) { return PNG_LIBPNG_VER_STRING; }
