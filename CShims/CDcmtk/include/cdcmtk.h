/*
 * cdcmtk.h — the only C ABI over DCMTK 3.6.7 (and OpenJPEG 2.5 for JPEG 2000) in RadStation.
 *
 * Rules (see DESIGN.md §5): nothing throws across this boundary; every entry point returns a
 * cdcm_status and, on failure, a human-readable reason in the caller's message buffer. The shim never
 * prints, exits or aborts; DCMTK logging is switched off in cdcm_initialize(). Handles are created by
 * cdcm_open() and destroyed by cdcm_close(). A handle may be used by one thread at a time; different
 * handles may be used concurrently (DCMTK's codec list is read/write locked).
 */
#ifndef CDCMTK_H
#define CDCMTK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Result of every shim call. */
typedef enum cdcm_status {
    CDCM_OK = 0,
    /** The requested element or sequence item is absent (not an error for optional attributes). */
    CDCM_NOT_FOUND = 1,
    /** The file could not be read as DICOM (no DICM prefix and no parseable dataset, empty file…). */
    CDCM_NOT_DICOM = 2,
    /** The file is DICOM but uses something we cannot decode (transfer syntax, photometric…). */
    CDCM_UNSUPPORTED = 3,
    /** The file is DICOM but damaged (truncated, pixel data too short, codestream errors…). */
    CDCM_CORRUPT = 4,
    /** The caller's buffer is too small; the required size is returned. */
    CDCM_BUFFER_TOO_SMALL = 5,
    /** Bad arguments or an unexpected internal failure. */
    CDCM_ERROR = 6
} cdcm_status;

/** An opened DICOM file (dataset plus meta header). Opaque. */
typedef struct cdcm_file cdcm_file;

/** Description of the stored pixel data, taken from the DICOM attributes (never from a codestream). */
typedef struct cdcm_pixel_format {
    uint32_t rows;
    uint32_t columns;
    uint32_t frames;
    uint32_t bits_allocated;      /* 8, 16 or 32 */
    uint32_t bits_stored;         /* 1 … bits_allocated */
    uint32_t high_bit;            /* bits_stored - 1 in practice */
    uint32_t pixel_representation;/* 0 unsigned, 1 two's complement */
    uint32_t samples_per_pixel;   /* only 1 is decoded */
} cdcm_pixel_format;

/** Registers the JPEG, JPEG-LS and RLE decoders and silences DCMTK logging. Idempotent, thread-safe. */
void cdcm_initialize(void);

/**
 * Opens a DICOM file.
 * header_only != 0 stops parsing at Pixel Data (7FE0,0010) — enough for every attribute; such a handle
 * cannot decode pixels. On failure *out is NULL and message holds the reason.
 */
cdcm_status cdcm_open(const char *path, int header_only, cdcm_file **out, char *message, size_t capacity);

/** Frees a handle from cdcm_open. NULL is ignored. */
void cdcm_close(cdcm_file *file);

/**
 * Reads the whole value of an element as text (multiple values joined by '\\', as in the DICOM encoding;
 * numbers in binary VRs formatted losslessly). The element is addressed by a path: tags[i] is
 * (group << 16 | element); for every level but the last, tags[i] is a sequence and items[i] the item
 * index (0-based). Group 0002 tags are looked up in the meta header.
 * The text is NUL-terminated; *length receives its length without the NUL (also on CDCM_BUFFER_TOO_SMALL).
 */
cdcm_status cdcm_get_string(const cdcm_file *file, const uint32_t *tags, const uint32_t *items, size_t depth,
                            char *buffer, size_t capacity, size_t *length);

/**
 * The value representation of the element addressed by the path (same addressing as cdcm_get_string) as
 * its two-letter name, NUL-terminated, in `vr` (capacity at least 3). A private element read without its
 * dictionary entry (implicit VR, unknown creator) reports "UN". CDCM_NOT_FOUND when absent.
 */
cdcm_status cdcm_get_vr(const cdcm_file *file, const uint32_t *tags, const uint32_t *items, size_t depth,
                        char *vr, size_t capacity);

/**
 * The raw bytes of an OB or UN element addressed by the path (same addressing as cdcm_get_string), e.g. a
 * vendor's private binary header. *length receives the value length (also on CDCM_BUFFER_TOO_SMALL, when
 * `capacity` is smaller, and nothing is copied). CDCM_NOT_FOUND when absent or of another VR.
 */
cdcm_status cdcm_get_bytes(const cdcm_file *file, const uint32_t *tags, const uint32_t *items, size_t depth,
                           uint8_t *buffer, size_t capacity, size_t *length);

/** Number of items of the sequence addressed by the path (same addressing as cdcm_get_string). */
cdcm_status cdcm_get_item_count(const cdcm_file *file, const uint32_t *tags, const uint32_t *items, size_t depth,
                                size_t *count);

/** UID of the transfer syntax the dataset was read in (meta header, else detected encoding). */
cdcm_status cdcm_transfer_syntax(const cdcm_file *file, char *buffer, size_t capacity);

/**
 * Decodes one frame (0-based) into `out` (rows × columns values, row by row, column fastest) as stored
 * values: masked to bits_stored below high_bit and sign-extended when pixel_representation is 1.
 * No rescale is applied. The first call on a compressed file decodes the pixel data once (DCMTK codecs,
 * or OpenJPEG for JPEG 2000) and later frames reuse it.
 */
cdcm_status cdcm_decode_frame(cdcm_file *file, const cdcm_pixel_format *format, uint32_t frame,
                              int32_t *out, size_t count, char *message, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif
