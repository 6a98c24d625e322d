/* Intel ISA-L's igzip (Debian libisal-dev) for VolumeIO: streaming inflate of single-stream gzip (.nii.gz written by
   other tools), about twice zlib's speed with the same 32 KiB window, so a region read keeps only the rows it needs.
   Nothing else imports it. */
#include <isa-l/igzip_lib.h>

/* igzip's AVX-512/AVX2 kernels return with the upper halves of the vector registers dirty; until a vzeroupper,
   every later SSE instruction of the thread pays for it (the radiomics filters on that thread ran 1.8x slower). */
static inline int cisal_inflate(struct inflate_state *state) {
    int status = isal_inflate(state);
#if defined(__x86_64__)
    if (__builtin_cpu_supports("avx")) __asm__ volatile("vzeroupper" ::: "memory");
#endif
    return status;
}
