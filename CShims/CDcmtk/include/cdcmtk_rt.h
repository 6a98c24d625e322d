/*
 * cdcmtk_rt.h — RT Structure Set (DICOM PS3.3 A.19) reading through DCMTK's dcmrt.
 *
 * Same rules as cdcmtk.h: no exceptions cross this boundary, nothing is printed, failures return a
 * cdcm_status and a reason in the caller's message buffer. cdcm_rtstruct_open() reads the whole
 * structure set into plain arrays owned by the handle and releases the DICOM dataset; every pointer an
 * accessor returns stays valid until cdcm_rtstruct_close(). A handle may be read from several threads.
 *
 * Strings are NUL-terminated UTF-8/ASCII as stored (trailing spaces removed); absent values are "".
 */
#ifndef CDCMTK_RT_H
#define CDCMTK_RT_H

#include <stddef.h>
#include <stdint.h>

#include "cdcmtk.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A read structure set. Opaque. */
typedef struct cdcm_rtstruct cdcm_rtstruct;

/** One item of the Structure Set ROI Sequence (3006,0020), with its ROI Contour item's colour. */
typedef struct cdcm_rt_roi {
    /** ROINumber (3006,0022). */
    int32_t number;
    /** ROIName (3006,0026). */
    const char *name;
    /** ROIGenerationAlgorithm (3006,0036): AUTOMATIC, SEMIAUTOMATIC, MANUAL or "". */
    const char *generation_algorithm;
    /** ROIGenerationDescription (3006,0038). */
    const char *generation_description;
    /** ReferencedFrameOfReferenceUID (3006,0024). */
    const char *frame_of_reference_uid;
    /** ROIDisplayColor (3006,002A) of the ROI Contour item with this ROI number, when has_colour != 0. */
    int32_t has_colour;
    uint8_t colour[3];
} cdcm_rt_roi;

/** One item of a Contour Sequence (3006,0040), in ROI Contour Sequence (3006,0039) order. */
typedef struct cdcm_rt_contour {
    /** ReferencedROINumber (3006,0084) of the enclosing ROI Contour item. */
    int32_t roi_number;
    /** ContourGeometricType (3006,0042): POINT, OPEN_PLANAR, OPEN_NONPLANAR, CLOSED_PLANAR, … */
    const char *geometric_type;
    /** Number of points actually present in ContourData (3006,0050) (its VM / 3). */
    size_t point_count;
    /** x, y, z of every point, LPS millimetres: 3 × point_count doubles. NULL when point_count is 0. */
    const double *points;
    /** Number of ContourImageSequence (3006,0016) items. */
    size_t image_count;
} cdcm_rt_contour;

/** One referenced frame of reference / series pair of the Referenced Frame of Reference Sequence
 *  (3006,0010) → RT Referenced Study (3006,0012) → RT Referenced Series (3006,0014). */
typedef struct cdcm_rt_reference {
    /** FrameOfReferenceUID (0020,0052). */
    const char *frame_of_reference_uid;
    /** SeriesInstanceUID (0020,000E); "" for a frame of reference without a series reference. */
    const char *series_instance_uid;
} cdcm_rt_reference;

/**
 * Reads an RT Structure Set file. Fails with CDCM_NOT_DICOM / CDCM_CORRUPT as cdcm_open, and with
 * CDCM_UNSUPPORTED when the file is not an RT Structure Set (Modality / SOP class). Missing optional
 * sequences are not errors. On failure *out is NULL and message holds the reason (no attribute values).
 */
cdcm_status cdcm_rtstruct_open(const char *path, cdcm_rtstruct **out, char *message, size_t capacity);

/** Frees a handle from cdcm_rtstruct_open. NULL is ignored. */
void cdcm_rtstruct_close(cdcm_rtstruct *rt);

/** Number of ROIs (Structure Set ROI Sequence items). */
size_t cdcm_rtstruct_roi_count(const cdcm_rtstruct *rt);

/** ROI `index` (0-based). CDCM_ERROR when out of range. */
cdcm_status cdcm_rtstruct_roi(const cdcm_rtstruct *rt, size_t index, cdcm_rt_roi *out);

/** Number of contours over all ROI Contour items. */
size_t cdcm_rtstruct_contour_count(const cdcm_rtstruct *rt);

/** Contour `index` (0-based). CDCM_ERROR when out of range. */
cdcm_status cdcm_rtstruct_contour(const cdcm_rtstruct *rt, size_t index, cdcm_rt_contour *out);

/** ReferencedSOPInstanceUID (0008,1155) of ContourImageSequence item `image` of contour `index`; NULL
 *  when out of range. */
const char *cdcm_rtstruct_contour_image(const cdcm_rtstruct *rt, size_t index, size_t image);

/** Number of (frame of reference, series) references. */
size_t cdcm_rtstruct_reference_count(const cdcm_rtstruct *rt);

/** Reference `index` (0-based). CDCM_ERROR when out of range. */
cdcm_status cdcm_rtstruct_reference(const cdcm_rtstruct *rt, size_t index, cdcm_rt_reference *out);

#ifdef __cplusplus
}
#endif

#endif
