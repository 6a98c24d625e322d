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


/** How much Pixel Data (7FE0,0010) a file holds, so declared sizes can be checked before anything is
 *  allocated or decoded. */
typedef struct cdcm_pixel_extent {
    /** 1 when the data set has a Pixel Data element. */
    int32_t present;
    /** 1 when the pixel data is encapsulated (a compressed transfer syntax, PS3.5 A.4). */
    int32_t encapsulated;
    /** Native data: the value length in bytes (as declared when the value is left in the file). */
    uint64_t value_length;
    /** Native data left in the file: the value's byte offset from the start of the file; UINT64_MAX when
     *  the value is in memory (then value_length bytes are present). */
    uint64_t file_offset;
    /** Encapsulated data: the number of fragments (items after the Basic Offset Table). */
    uint64_t fragments;
    /** Encapsulated data: the total length of those fragments in bytes. */
    uint64_t fragment_bytes;
} cdcm_pixel_extent;

/**
 * Describes the Pixel Data element of a handle opened with header_only == 0 without loading or decoding
 * it (no allocation sized by the header). CDCM_OK also when there is no Pixel Data (present == 0).
 * The caller compares file_offset + value_length with the file size.
 */
cdcm_status cdcm_pixel_data_extent(const cdcm_file *file, cdcm_pixel_extent *extent, char *message, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif
