#ifndef RADSTATION_CMALLOC_H
#define RADSTATION_CMALLOC_H

#ifdef __cplusplus
extern "C" {
#endif

/// Makes every thread allocate from one malloc arena (glibc `mallopt(M_ARENA_MAX, 1)`), so that memory freed by one
/// thread is reused by the others instead of staying resident in a per-thread arena. For work whose threads hand
/// large buffers to each other (the radiomics task list); a no-op where glibc's malloc is absent.
/// Returns 1 on success, 0 when the allocator ignored or lacks the setting.
int cmalloc_use_single_arena(void);

#ifdef __cplusplus
}
#endif

#endif
