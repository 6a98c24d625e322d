/*
 * cdcmtk_seg.h — DICOM Segmentation (SEG, PS3.3 A.51) reading and writing through DCMTK 3.6.7 dcmseg/dcmfg.
 *
 * Same conventions as cdcmtk.h: extern "C", a cdcm_status from every call, reasons in a caller buffer,
 * nothing thrown across the boundary, no printing. Handles: cdcm_seg_open/cdcm_seg_close (reading) and
 * cdcm_seg_writer_create/cdcm_seg_writer_destroy (writing); each used by one thread at a time.
 */
#ifndef CDCMTK_SEG_H
#define CDCMTK_SEG_H

#include <stddef.h>
#include <stdint.h>

#include "cdcmtk.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A Segmentation object loaded by dcmseg. Opaque. */
typedef struct cdcm_seg cdcm_seg;

/** Whole-object facts. */
typedef struct cdcm_seg_info {
    uint32_t rows;
    uint32_t columns;
    /** Frames held (items of the Per-Frame Functional Groups Sequence). */
    uint32_t frames;
    /** Items of the Segment Sequence (0062,0002). */
    uint32_t segments;
    /** SegmentationType (0062,0001): 1 BINARY, 2 FRACTIONAL. */
    int32_t type;
    /** MaximumFractionalValue (0062,000E); 0 for BINARY. */
    uint32_t max_fractional;
} cdcm_seg_info;

/** Geometry and segment of one frame, from the per-frame or shared functional groups. */
typedef struct cdcm_seg_frame_info {
    /** ReferencedSegmentNumber (0062,000B) of the Segment Identification Sequence; 0 when absent. */
    uint32_t segment;
    int32_t has_position;
    /** ImagePositionPatient (0020,0032), LPS mm. */
    double position[3];
    int32_t has_orientation;
    /** ImageOrientationPatient (0020,0037): row cosines then column cosines. */
    double orientation[6];
    int32_t has_spacing;
    /** PixelSpacing (0028,0030): [row spacing, column spacing] in mm. */
    double spacing[2];
    int32_t has_slice_step;
    /** SpacingBetweenSlices (0018,0088) of PixelMeasures, else its SliceThickness (0018,0050), in mm. */
    double slice_step;
} cdcm_seg_frame_info;

/** Numbers of one segment (text fields through cdcm_seg_segment_text). */
typedef struct cdcm_seg_segment_info {
    /** SegmentNumber (0062,0004). */
    uint32_t number;
    int32_t has_cielab;
    /** RecommendedDisplayCIELabValue (0062,000D), DICOM-scaled 0…65535. */
    uint16_t cielab[3];
} cdcm_seg_segment_info;

/** Text fields of a segment. */
typedef enum cdcm_seg_text_field {
    CDCM_SEG_LABEL = 0,
    CDCM_SEG_CATEGORY_VALUE = 1,
    CDCM_SEG_CATEGORY_SCHEME = 2,
    CDCM_SEG_CATEGORY_MEANING = 3,
    CDCM_SEG_TYPE_VALUE = 4,
    CDCM_SEG_TYPE_SCHEME = 5,
    CDCM_SEG_TYPE_MEANING = 6,
    CDCM_SEG_ALGORITHM_TYPE = 7,
    CDCM_SEG_ALGORITHM_NAME = 8
} cdcm_seg_text_field;

/**
 * Loads a Segmentation object with dcmseg. Refuses, with CDCM_UNSUPPORTED and a reason, a Label Map
 * Segmentation (SOP class 1.2.840.10008.5.1.4.1.1.66.7, DICOM 2024) and any non-Segmentation SOP class;
 * with CDCM_CORRUPT a SEG without NumberOfFrames (DCMTK's loading is strict).
 */
cdcm_status cdcm_seg_open(const char *path, cdcm_seg **out, char *message, size_t capacity);

/** Frees a handle from cdcm_seg_open. NULL is ignored. */
void cdcm_seg_close(cdcm_seg *seg);

/** Whole-object facts. */
cdcm_status cdcm_seg_get_info(cdcm_seg *seg, cdcm_seg_info *info);

/** Numbers of the segment at `index` (0-based position in the Segment Sequence). */
cdcm_status cdcm_seg_get_segment(cdcm_seg *seg, uint32_t index, cdcm_seg_segment_info *info);

/**
 * A text field of the segment at `index` (0-based), NUL-terminated. CDCM_NOT_FOUND when absent;
 * CDCM_BUFFER_TOO_SMALL with *length set when the buffer is too small.
 */
cdcm_status cdcm_seg_segment_text(cdcm_seg *seg, uint32_t index, cdcm_seg_text_field field, char *buffer,
                                  size_t capacity, size_t *length);

/**
 * Frame `frame` (0-based): its functional-group geometry and, when `pixels` is not NULL, its pixels as
 * rows × columns bytes (row by row): 0/1 for BINARY (unpacked from the bit stream, whatever the byte
 * alignment), 0…MaximumFractionalValue for FRACTIONAL.
 */
cdcm_status cdcm_seg_get_frame(cdcm_seg *seg, uint32_t frame, cdcm_seg_frame_info *info, uint8_t *pixels,
                               size_t count, char *message, size_t capacity);

/* ------------------------------------------------------------------------------------------------ */

/** A BINARY Segmentation under construction. Opaque. */
typedef struct cdcm_seg_writer cdcm_seg_writer;

/** What the writer says about itself and the new series (all text, none may be NULL). */
typedef struct cdcm_seg_writer_options {
    const char *manufacturer;           /* Manufacturer (0008,0070) */
    const char *model_name;             /* ManufacturerModelName (0008,1090) */
    const char *device_serial_number;   /* DeviceSerialNumber (0018,1000) */
    const char *software_versions;      /* SoftwareVersions (0018,1020) */
    const char *series_description;     /* SeriesDescription (0008,103E), may be "" */
    uint32_t series_number;             /* SeriesNumber (0020,0011) */
    const char *content_label;          /* ContentLabel (0070,0080), CS: upper case, no spaces */
    const char *content_description;    /* ContentDescription (0070,0081), may be "" */
    const char *content_creator;        /* ContentCreatorName (0070,0084), PN, may be "" */
} cdcm_seg_writer_options;

/**
 * Starts a BINARY Segmentation of rows × columns frames. Patient, study and frame-of-reference modules are
 * imported from `source_image_path` (one image of the segmented series).
 */
cdcm_status cdcm_seg_writer_create(const char *source_image_path, uint32_t rows, uint32_t columns,
                                   const cdcm_seg_writer_options *options, cdcm_seg_writer **out, char *message,
                                   size_t capacity);

/** Frees a writer. NULL is ignored. */
void cdcm_seg_writer_destroy(cdcm_seg_writer *writer);

/**
 * Adds a segment; *number receives its SegmentNumber (1, 2, … in call order). algorithm_type: 1 AUTOMATIC,
 * 2 SEMIAUTOMATIC, 3 MANUAL. cielab may be NULL (no recommended colour).
 */
cdcm_status cdcm_seg_writer_add_segment(cdcm_seg_writer *writer, const char *label, const char *category_value,
                                        const char *category_scheme, const char *category_meaning,
                                        const char *type_value, const char *type_scheme, const char *type_meaning,
                                        int32_t algorithm_type, const char *algorithm_name, const uint16_t *cielab,
                                        uint32_t *number, char *message, size_t capacity);

/**
 * Sets the shared functional groups: PlaneOrientation (orientation: row then column cosines) and
 * PixelMeasures (spacing: [row, column] mm; slice_thickness mm, also written as SpacingBetweenSlices).
 */
cdcm_status cdcm_seg_writer_set_geometry(cdcm_seg_writer *writer, const double *orientation, const double *spacing,
                                         double slice_thickness, char *message, size_t capacity);

/**
 * Adds one frame of `segment`: rows × columns bytes, non-zero = inside; `position` its
 * ImagePositionPatient (LPS mm); `slice_index` (1-based) its DimensionIndexValue along the stack. When
 * source_sop_class_uid and source_sop_instance_uid are not NULL, the source image goes into the frame's
 * DerivationImageSequence (an interpolated slice has none).
 */
cdcm_status cdcm_seg_writer_add_frame(cdcm_seg_writer *writer, uint32_t segment, const uint8_t *pixels, size_t count,
                                      const double *position, uint32_t slice_index, const char *source_sop_class_uid,
                                      const char *source_sop_instance_uid, char *message, size_t capacity);

/** Lists a source image in the ReferencedSeriesSequence (0008,1115) under series `series_uid` (once per instance). */
cdcm_status cdcm_seg_writer_add_reference(cdcm_seg_writer *writer, const char *series_uid, const char *sop_class_uid,
                                          const char *sop_instance_uid, char *message, size_t capacity);

/** Writes the object (Explicit VR Little Endian) to `path`. */
cdcm_status cdcm_seg_writer_save(cdcm_seg_writer *writer, const char *path, char *message, size_t capacity);

#ifdef __cplusplus
}
#endif

#endif
