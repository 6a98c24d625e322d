/* CPNG: the only C ABI over libpng (setjmp lives here). Filled in by the QA-overlay issue. */
#ifndef CPNG_H
#define CPNG_H
#ifdef __cplusplus
extern "C" {
#endif
/** Version string of the linked libpng (for diagnostics). */
const char *cpng_libpng_version(void);
#ifdef __cplusplus
}
#endif
#endif
