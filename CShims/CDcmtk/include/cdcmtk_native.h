/*
 * Zero-copy access to uncompressed 16-bit pixel data, the fast path for the common CT/MR series.
 * cdcm_decode_frame (cdcmtk.h) handles every case; this only avoids its copy into int32 values.
 */
#ifndef CDCMTK_NATIVE_H
#define CDCMTK_NATIVE_H

#include <stddef.h>
#include <stdint.h>

#include "cdcmtk.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Points *words at the Rows x Columns raw 16-bit words of frame `frame` (0-based), in the handle's own
 * memory and in local byte order, before masking by BitsStored/HighBit and sign extension (DICOM PS3.5
 * 8.1.1). The pointer stays valid until cdcm_close. Only for BitsAllocated 16 stored natively (not
 * encapsulated) as OW; otherwise CDCM_UNSUPPORTED, and the caller uses cdcm_decode_frame. A handle opened
 * header-only, a bad format or pixel data shorter than the frames need fail as in cdcm_decode_frame.
 */
cdcm_status cdcm_native_words16(cdcm_file *file, const cdcm_pixel_format *format, uint32_t frame,
                                const uint16_t **words, char *message, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif
