// Writing BINARY DICOM Segmentation objects with dcmseg/dcmfg. Every entry point catches everything
// (DESIGN.md §5.1).
#include "cdcm_internal.h"
#include "include/cdcmtk_seg.h"

#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmfg/fgderimg.h"
#include "dcmtk/dcmfg/fgfracon.h"
#include "dcmtk/dcmfg/fgpixmsr.h"
#include "dcmtk/dcmfg/fgplanor.h"
#include "dcmtk/dcmfg/fgplanpo.h"
#include "dcmtk/dcmiod/iodreferences.h"
#include "dcmtk/dcmseg/segdoc.h"
#include "dcmtk/dcmseg/segment.h"

#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <string>

struct cdcm_seg_writer {
    std::unique_ptr<DcmSegmentation> seg;
    Uint16 rows = 0;
    Uint16 columns = 0;
    std::string patientID;
    std::string studyUID;
    /// Source instances already listed in the ReferencedSeriesSequence.
    std::set<std::string> referenced;
    IODReferences references;
    std::vector<Uint8> scratch;
};

namespace {

cdcm_status fail(cdcm_status status, const std::string &text, char *message, size_t capacity) {
    cdcm::writeMessage(text, message, capacity);
    return status;
}

cdcm_status failed(const char *what, const OFCondition &cond, char *message, size_t capacity) {
    return fail(CDCM_ERROR, std::string(what) + " (" + cond.text() + ")", message, capacity);
}

/// A Decimal String (DS, at most 16 characters) holding `value` as precisely as fits.
OFString decimalString(double value) {
    char buffer[64];
    for (int digits = 15; digits > 1; --digits) {
        std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
        if (std::strlen(buffer) <= 16) return OFString(buffer);
    }
    std::snprintf(buffer, sizeof buffer, "%.1g", value);
    return OFString(buffer);
}

OFString text(const char *s) { return OFString(s == nullptr ? "" : s); }

}  // namespace

extern "C" cdcm_status cdcm_seg_writer_create(const char *source_image_path, uint32_t rows, uint32_t columns,
                                              const cdcm_seg_writer_options *options, cdcm_seg_writer **out,
                                              char *message, size_t capacity) {
    if (source_image_path == nullptr || options == nullptr || out == nullptr) return CDCM_ERROR;
    *out = nullptr;
    if (rows == 0 || columns == 0 || rows > 65535 || columns > 65535)
        return fail(CDCM_ERROR, "rows and columns must be 1…65535", message, capacity);
    try {
        cdcm_initialize();
        DcmFileFormat source;
        OFCondition cond = source.loadFileUntilTag(source_image_path, EXS_Unknown, EGL_noChange, DCM_MaxReadLength,
                                                   ERM_autoDetect, DCM_PixelData);
        if (cond.bad()) return fail(CDCM_CORRUPT, std::string("cannot read the source image (") + cond.text() + ")", message, capacity);
        DcmDataset *ds = source.getDataset();

        IODGeneralEquipmentModule::EquipmentInfo equipment(text(options->manufacturer), text(options->model_name),
                                                           text(options->device_serial_number),
                                                           text(options->software_versions));
        ContentIdentificationMacro content;
        content.setInstanceNumber("1");
        content.setContentLabel(text(options->content_label));
        content.setContentDescription(text(options->content_description));
        if (options->content_creator != nullptr && options->content_creator[0] != '\0')
            content.setContentCreatorName(text(options->content_creator));
        DcmSegmentation *raw = nullptr;
        cond = DcmSegmentation::createBinarySegmentation(raw, static_cast<Uint16>(rows), static_cast<Uint16>(columns),
                                                         equipment, content);
        if (cond.bad() || raw == nullptr) {
            delete raw;
            return failed("cannot create the Segmentation", cond, message, capacity);
        }
        auto writer = std::make_unique<cdcm_seg_writer>();
        writer->seg.reset(raw);
        writer->rows = static_cast<Uint16>(rows);
        writer->columns = static_cast<Uint16>(columns);
        cond = raw->importFromSourceImage(*ds);
        if (cond.bad()) return failed("cannot import patient/study/frame of reference from the source image", cond, message, capacity);
        OFString value;
        if (ds->findAndGetOFString(DCM_PatientID, value).good()) writer->patientID = value.c_str();
        if (ds->findAndGetOFString(DCM_StudyInstanceUID, value).good()) writer->studyUID = value.c_str();

        char uid[100];
        raw->getSeries().setSeriesInstanceUID(dcmGenerateUniqueIdentifier(uid, SITE_SERIES_UID_ROOT));
        raw->getSeries().setSeriesDescription(text(options->series_description));
        raw->getSegmentationSeriesModule().setSeriesNumber(decimalString(options->series_number));
        raw->getSOPCommon().setSOPInstanceUID(dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));

        // Frames are indexed by (ReferencedSegmentNumber, ImagePositionPatient), as dcmqi and highdicom do.
        OFString dimensionUID(dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT));
        IODMultiframeDimensionModule &dimensions = raw->getDimensions();
        cond = dimensions.addDimensionIndex(DCM_ReferencedSegmentNumber, dimensionUID, DCM_SegmentIdentificationSequence,
                                            "ReferencedSegmentNumber");
        if (cond.good())
            cond = dimensions.addDimensionIndex(DCM_ImagePositionPatient, dimensionUID, DCM_PlanePositionSequence,
                                                "ImagePositionPatient");
        if (cond.bad()) return failed("cannot set up the dimension index", cond, message, capacity);
        *out = writer.release();
        return CDCM_OK;
    } catch (const std::exception &e) {
        return fail(CDCM_ERROR, std::string("internal error creating a Segmentation: ") + e.what(), message, capacity);
    } catch (...) {
        return fail(CDCM_ERROR, "internal error creating a Segmentation", message, capacity);
    }
}

extern "C" void cdcm_seg_writer_destroy(cdcm_seg_writer *writer) {
    try {
        delete writer;
    } catch (...) {
    }
}

extern "C" cdcm_status cdcm_seg_writer_add_segment(cdcm_seg_writer *writer, const char *label, const char *category_value,
                                                   const char *category_scheme, const char *category_meaning,
                                                   const char *type_value, const char *type_scheme,
                                                   const char *type_meaning, int32_t algorithm_type,
                                                   const char *algorithm_name, const uint16_t *cielab, uint32_t *number,
                                                   char *message, size_t capacity) {
    if (writer == nullptr || number == nullptr) return CDCM_ERROR;
    try {
        CodeSequenceMacro category(text(category_value), text(category_scheme), text(category_meaning));
        CodeSequenceMacro type(text(type_value), text(type_scheme), text(type_meaning));
        DcmSegTypes::E_SegmentAlgoType algorithm = algorithm_type == 1   ? DcmSegTypes::SAT_AUTOMATIC
                                                   : algorithm_type == 2 ? DcmSegTypes::SAT_SEMIAUTOMATIC
                                                                         : DcmSegTypes::SAT_MANUAL;
        DcmSegment *segment = nullptr;
        OFCondition cond = DcmSegment::create(segment, text(label), category, type, algorithm, text(algorithm_name));
        if (cond.bad() || segment == nullptr) {
            delete segment;
            return failed("cannot create the segment", cond, message, capacity);
        }
        if (cielab != nullptr) segment->setRecommendedDisplayCIELabValue(cielab[0], cielab[1], cielab[2]);
        Uint16 assigned = 0;
        cond = writer->seg->addSegment(segment, assigned);
        if (cond.bad()) {
            delete segment;
            return failed("cannot add the segment", cond, message, capacity);
        }
        *number = assigned;
        return CDCM_OK;
    } catch (...) {
        return fail(CDCM_ERROR, "internal error adding a segment", message, capacity);
    }
}

extern "C" cdcm_status cdcm_seg_writer_set_geometry(cdcm_seg_writer *writer, const double *orientation,
                                                    const double *spacing, double slice_thickness, char *message,
                                                    size_t capacity) {
    if (writer == nullptr || orientation == nullptr || spacing == nullptr) return CDCM_ERROR;
    try {
        FGPixelMeasures measures;
        OFCondition cond = measures.setPixelSpacing(decimalString(spacing[0]) + "\\" + decimalString(spacing[1]));
        if (cond.good()) cond = measures.setSliceThickness(decimalString(slice_thickness));
        if (cond.good()) cond = measures.setSpacingBetweenSlices(decimalString(slice_thickness));
        if (cond.good()) cond = writer->seg->addForAllFrames(measures);
        if (cond.bad()) return failed("cannot set the pixel measures", cond, message, capacity);
        std::unique_ptr<FGPlaneOrientationPatient> plane(FGPlaneOrientationPatient::createMinimal(
            decimalString(orientation[0]), decimalString(orientation[1]), decimalString(orientation[2]),
            decimalString(orientation[3]), decimalString(orientation[4]), decimalString(orientation[5])));
        if (!plane) return fail(CDCM_ERROR, "cannot create the plane orientation", message, capacity);
        cond = writer->seg->addForAllFrames(*plane);
        if (cond.bad()) return failed("cannot set the plane orientation", cond, message, capacity);
        return CDCM_OK;
    } catch (...) {
        return fail(CDCM_ERROR, "internal error setting the geometry", message, capacity);
    }
}

extern "C" cdcm_status cdcm_seg_writer_add_frame(cdcm_seg_writer *writer, uint32_t segment, const uint8_t *pixels,
                                                 size_t count, const double *position, uint32_t slice_index,
                                                 const char *source_sop_class_uid, const char *source_sop_instance_uid,
                                                 char *message, size_t capacity) {
    if (writer == nullptr || pixels == nullptr || position == nullptr) return CDCM_ERROR;
    const size_t size = static_cast<size_t>(writer->rows) * writer->columns;
    if (count != size) return fail(CDCM_ERROR, "frame size differs from rows × columns", message, capacity);
    try {
        std::unique_ptr<FGPlanePosPatient> plane(FGPlanePosPatient::createMinimal(
            decimalString(position[0]), decimalString(position[1]), decimalString(position[2])));
        if (!plane) return fail(CDCM_ERROR, "cannot create the plane position", message, capacity);
        FGFrameContent content;
        OFCondition cond = content.setDimensionIndexValues(segment, 0);
        if (cond.good()) cond = content.setDimensionIndexValues(slice_index, 1);
        if (cond.bad()) return failed("cannot set the dimension index values", cond, message, capacity);
        OFVector<FGBase *> groups;
        groups.push_back(plane.get());
        groups.push_back(&content);
        std::unique_ptr<FGDerivationImage> derivation;
        if (source_sop_class_uid != nullptr && source_sop_instance_uid != nullptr) {
            OFVector<ImageSOPInstanceReferenceMacro> sources(1);
            cond = sources[0].setReferencedSOPClassUID(source_sop_class_uid);
            if (cond.good()) cond = sources[0].setReferencedSOPInstanceUID(source_sop_instance_uid);
            if (cond.bad()) return failed("cannot reference the source image", cond, message, capacity);
            derivation.reset(DcmSegmentation::createDerivationImageFG(sources, ""));
            if (!derivation) return fail(CDCM_ERROR, "cannot create the derivation image group", message, capacity);
            groups.push_back(derivation.get());
        }
        writer->scratch.assign(pixels, pixels + size);
        for (auto &v : writer->scratch) v = v != 0 ? 1 : 0;
        cond = writer->seg->addFrame(writer->scratch.data(), static_cast<Uint16>(segment), groups);
        if (cond.bad()) return failed("cannot add the frame", cond, message, capacity);
        return CDCM_OK;
    } catch (...) {
        return fail(CDCM_ERROR, "internal error adding a frame", message, capacity);
    }
}

extern "C" cdcm_status cdcm_seg_writer_add_reference(cdcm_seg_writer *writer, const char *series_uid,
                                                     const char *sop_class_uid, const char *sop_instance_uid,
                                                     char *message, size_t capacity) {
    if (writer == nullptr || series_uid == nullptr || sop_class_uid == nullptr || sop_instance_uid == nullptr)
        return CDCM_ERROR;
    try {
        if (writer->referenced.insert(sop_instance_uid).second) {
            writer->references.add(new IODImageReference(writer->patientID.c_str(), writer->studyUID.c_str(),
                                                         series_uid, sop_instance_uid, sop_class_uid));
        }
        return CDCM_OK;
    } catch (...) {
        return fail(CDCM_ERROR, "internal error adding a reference", message, capacity);
    }
}

extern "C" cdcm_status cdcm_seg_writer_save(cdcm_seg_writer *writer, const char *path, char *message, size_t capacity) {
    if (writer == nullptr || path == nullptr) return CDCM_ERROR;
    try {
        writer->seg->getCommonInstanceReference().addReferences(writer->references, writer->studyUID.c_str());
        OFCondition cond = writer->seg->saveFile(path, EXS_LittleEndianExplicit);
        if (cond.bad()) return failed("cannot write the Segmentation", cond, message, capacity);
        return CDCM_OK;
    } catch (...) {
        return fail(CDCM_ERROR, "internal error writing the Segmentation", message, capacity);
    }
}
