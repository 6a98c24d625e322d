/*
 * Where uncompressed pixel data lies in its file, so the caller can read frames straight into its own
 * memory (pread) without a second DCMTK parse or a DCMTK-owned copy of the whole value.
 */
#ifndef CDCMTK_LOCATION_H
#define CDCMTK_LOCATION_H

#include <stddef.h>
#include <stdint.h>

#include "cdcmtk.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The byte range of a native Pixel Data (7FE0,0010) value in its file. */
typedef struct cdcm_pixel_location {
    /** Byte offset of the first byte of the value from the start of the file. */
    uint64_t offset;
    /** Value length in bytes, as the element's header declares it (DICOM PS3.5 7.1). */
    uint64_t length;
    /** 1 when the dataset is encoded big endian (retired Explicit VR Big Endian), else 0. */
    int32_t big_endian;
} cdcm_pixel_location;

/**
 * Reports where the Pixel Data value of a handle opened with header_only == 0 lies in its file. DCMTK
 * leaves values longer than 4 KiB in the file while parsing (DcmElement::getInputStream); this returns their
 * file offset (DcmInputFileStreamFactory::getOffset) and length. CDCM_OK only for native (not
 * encapsulated), not deflated pixel data whose value has not been loaded; CDCM_NOT_FOUND without Pixel
 * Data; CDCM_UNSUPPORTED otherwise (the caller then decodes with cdcm_decode_frame). A handle opened
 * header-only fails with CDCM_ERROR. The reported range is not checked against the file size here.
 */
cdcm_status cdcm_pixel_data_location(const cdcm_file *file, cdcm_pixel_location *location, char *message,
                                     size_t capacity);

#ifdef __cplusplus
}
#endif

#endif
