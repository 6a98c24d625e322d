/*
 * cpng.h — the only C ABI over libpng (1.6) in RadStation. setjmp/longjmp live in cpng.c and nowhere else.
 *
 * Rules (DESIGN.md §5): nothing longjmps or throws across this boundary; every entry point returns a
 * cpng_status and, on failure, a human-readable reason in the caller's message buffer (always
 * NUL-terminated when message_capacity > 0). The shim never prints, exits or aborts (libpng warnings
 * are dropped). Written files carry only IHDR, IDAT and IEND chunks: no text, time, gamma or any other
 * metadata, so no patient data can reach a PNG through this shim.
 */
#ifndef CPNG_H
#define CPNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Result of every shim call. */
typedef enum cpng_status {
    CPNG_OK = 0,
    /** Bad arguments: zero or too large a size, a short row stride, an unknown format, a NULL pointer. */
    CPNG_INVALID_ARGUMENT = 1,
    /** The output file could not be opened, written or closed (errno text in the message). */
    CPNG_IO_ERROR = 2,
    /** libpng reported an error (its message is copied). */
    CPNG_LIBPNG_ERROR = 3,
    /** Memory allocation failed. */
    CPNG_OUT_OF_MEMORY = 4
} cpng_status;

/** Pixel layouts of the caller's buffer; every sample is 8 bits, rows top to bottom. */
typedef enum cpng_format {
    /** One grey byte per pixel (PNG colour type 0). */
    CPNG_GRAY8 = 0,
    /** R, G, B bytes per pixel (PNG colour type 2). */
    CPNG_RGB8 = 1,
    /** R, G, B, A bytes per pixel, straight (non-premultiplied) alpha (PNG colour type 6). */
    CPNG_RGBA8 = 2,
    /** R, G, B, X bytes per pixel in the buffer; the 4th byte is dropped and an RGB PNG (colour type 2)
        written — for opaque RGBA canvases, without copying them. */
    CPNG_RGBX8 = 3
} cpng_format;

/** A growable byte buffer filled by cpng_write_memory(); release it with cpng_buffer_free(). */
typedef struct cpng_buffer {
    uint8_t *data;
    size_t size;
    size_t capacity;
} cpng_buffer;

/**
 * Encodes `height` rows of `width` pixels (row r starts at pixels + r * row_bytes) as a PNG file at
 * `path` (created or truncated). `compression_level` is zlib's 0 (stored) … 9 (best); -1 = libpng default.
 * On failure the partial file is removed.
 */
cpng_status cpng_write_file(const char *path, const uint8_t *pixels, uint32_t width, uint32_t height,
                            size_t row_bytes, cpng_format format, int compression_level,
                            char *message, size_t message_capacity);

/**
 * Same as cpng_write_file() but into `out` (which must be zero-initialised or previously freed). On
 * success `out->data` holds `out->size` bytes of PNG; on failure the buffer is freed and zeroed.
 */
cpng_status cpng_write_memory(const uint8_t *pixels, uint32_t width, uint32_t height, size_t row_bytes,
                              cpng_format format, int compression_level, cpng_buffer *out,
                              char *message, size_t message_capacity);

/** Frees the bytes of a buffer filled by cpng_write_memory() and zeroes it (NULL-safe). */
void cpng_buffer_free(cpng_buffer *buffer);

/** Version string of the linked libpng (for diagnostics). */
const char *cpng_libpng_version(void);

#ifdef __cplusplus
}
#endif
#endif
