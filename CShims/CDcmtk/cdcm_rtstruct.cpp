// RT Structure Set reading through dcmrt (notes/dicom.md §2.3 item 6). Every entry point catches
// everything (DESIGN.md §5.1); the dataset is released once its contents are copied into plain arrays.
#include "cdcm_internal.h"
#include "include/cdcmtk_rt.h"

#include "dcmtk/dcmrt/drtstrct.h"

#include <cstring>
#include <map>
#include <memory>

namespace {

struct ROI {
    int32_t number = 0;
    std::string name, algorithm, description, frameOfReference;
    bool hasColour = false;
    uint8_t colour[3] = {0, 0, 0};
};

struct Contour {
    int32_t roiNumber = 0;
    std::string type;
    std::vector<double> points;
    std::vector<std::string> images;
};

struct Reference {
    std::string frameOfReference, series;
};

/// Trailing spaces and NULs removed (DICOM padding).
std::string trimmed(const OFString &s) {
    std::string t(s.c_str(), s.size());
    while (!t.empty() && (t.back() == ' ' || t.back() == '\0')) t.pop_back();
    size_t start = 0;
    while (start < t.size() && t[start] == ' ') ++start;
    return t.substr(start);
}

template <typename Getter>
std::string text(Getter get) {
    OFString value;
    if (get(value).bad()) return "";
    return trimmed(value);
}

}  // namespace

struct cdcm_rtstruct {
    std::vector<ROI> rois;
    std::vector<Contour> contours;
    std::vector<Reference> references;
};

namespace {

void readReferences(DRTStructureSetIOD &rt, cdcm_rtstruct &out) {
    DRTReferencedFrameOfReferenceSequence &frames = rt.getReferencedFrameOfReferenceSequence();
    for (size_t f = 0; f < frames.getNumberOfItems(); ++f) {
        DRTReferencedFrameOfReferenceSequence::Item *framePtr = nullptr;
        if (frames.getItem(f, framePtr).bad() || framePtr == nullptr) continue;
        DRTReferencedFrameOfReferenceSequence::Item &frame = *framePtr;
        std::string uid = text([&](OFString &v) { return frame.getFrameOfReferenceUID(v); });
        size_t before = out.references.size();
        DRTRTReferencedStudySequence &studies = frame.getRTReferencedStudySequence();
        for (size_t s = 0; s < studies.getNumberOfItems(); ++s) {
            DRTRTReferencedStudySequence::Item *study = nullptr;
            if (studies.getItem(s, study).bad() || study == nullptr) continue;
            DRTRTReferencedSeriesSequence &series = study->getRTReferencedSeriesSequence();
            for (size_t r = 0; r < series.getNumberOfItems(); ++r) {
                DRTRTReferencedSeriesSequence::Item *itemPtr = nullptr;
                if (series.getItem(r, itemPtr).bad() || itemPtr == nullptr) continue;
                DRTRTReferencedSeriesSequence::Item &item = *itemPtr;
                std::string seriesUID = text([&](OFString &v) { return item.getSeriesInstanceUID(v); });
                if (!seriesUID.empty()) out.references.push_back({uid, seriesUID});
            }
        }
        if (out.references.size() == before && !uid.empty()) out.references.push_back({uid, ""});
    }
}

void readROIs(DRTStructureSetIOD &rt, cdcm_rtstruct &out) {
    DRTStructureSetROISequence &rois = rt.getStructureSetROISequence();
    for (size_t c = 0; c < rois.getNumberOfItems(); ++c) {
        DRTStructureSetROISequence::Item *itemPtr = nullptr;
        if (rois.getItem(c, itemPtr).bad() || itemPtr == nullptr) continue;
        DRTStructureSetROISequence::Item &item = *itemPtr;
        ROI roi;
        Sint32 number = 0;
        if (item.getROINumber(number).bad()) continue;  // an ROI without a number cannot be referenced
        roi.number = number;
        roi.name = text([&](OFString &v) { return item.getROIName(v); });
        roi.algorithm = text([&](OFString &v) { return item.getROIGenerationAlgorithm(v); });
        roi.description = text([&](OFString &v) { return item.getROIGenerationDescription(v); });
        roi.frameOfReference = text([&](OFString &v) { return item.getReferencedFrameOfReferenceUID(v); });
        out.rois.push_back(roi);
    }
}

void readContours(DRTStructureSetIOD &rt, cdcm_rtstruct &out) {
    std::map<int32_t, size_t> roiIndex;
    for (size_t i = 0; i < out.rois.size(); ++i) roiIndex[out.rois[i].number] = i;
    DRTROIContourSequence &roiContours = rt.getROIContourSequence();
    for (size_t c = 0; c < roiContours.getNumberOfItems(); ++c) {
        DRTROIContourSequence::Item *itemPtr = nullptr;
        if (roiContours.getItem(c, itemPtr).bad() || itemPtr == nullptr) continue;
        DRTROIContourSequence::Item &item = *itemPtr;
        Sint32 number = 0;
        if (item.getReferencedROINumber(number).bad()) continue;
        auto found = roiIndex.find(number);
        if (found != roiIndex.end()) {
            Sint32 rgb[3];
            bool ok = true;
            for (unsigned long k = 0; k < 3 && ok; ++k) ok = item.getROIDisplayColor(rgb[k], k).good();
            if (ok) {
                ROI &roi = out.rois[found->second];
                roi.hasColour = true;
                for (int k = 0; k < 3; ++k) roi.colour[k] = static_cast<uint8_t>(rgb[k] < 0 ? 0 : rgb[k] > 255 ? 255 : rgb[k]);
            }
        }
        DRTContourSequence &contours = item.getContourSequence();
        for (size_t k = 0; k < contours.getNumberOfItems(); ++k) {
            DRTContourSequence::Item *contourPtr = nullptr;
            if (contours.getItem(k, contourPtr).bad() || contourPtr == nullptr) continue;
            DRTContourSequence::Item &contourItem = *contourPtr;
            Contour contour;
            contour.roiNumber = number;
            contour.type = text([&](OFString &v) { return contourItem.getContourGeometricType(v); });
            OFVector<Float64> data;
            if (contourItem.getContourData(data).good()) {
                size_t n = data.size() / 3 * 3;
                contour.points.assign(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
            }
            DRTContourImageSequence &images = contourItem.getContourImageSequence();
            for (size_t m = 0; m < images.getNumberOfItems(); ++m) {
                DRTContourImageSequence::Item *image = nullptr;
                if (images.getItem(m, image).bad() || image == nullptr) continue;
                contour.images.push_back(text([&](OFString &v) { return image->getReferencedSOPInstanceUID(v); }));
            }
            out.contours.push_back(std::move(contour));
        }
    }
}

}  // namespace

extern "C" cdcm_status cdcm_rtstruct_open(const char *path, cdcm_rtstruct **out, char *message, size_t capacity) {
    if (out == nullptr || path == nullptr) return CDCM_ERROR;
    *out = nullptr;
    cdcm_file *file = nullptr;
    try {
        cdcm_status status = cdcm_open(path, 1, &file, message, capacity);
        if (status != CDCM_OK) return status;
        std::unique_ptr<cdcm_file, void (*)(cdcm_file *)> owned(file, cdcm_close);
        DcmDataset *ds = file->format.getDataset();
        OFString sopClass;
        if (ds == nullptr || ds->findAndGetOFString(DCM_SOPClassUID, sopClass).bad() ||
            trimmed(sopClass) != UID_RTStructureSetStorage) {
            cdcm::writeMessage("not an RT Structure Set (SOP class is not 1.2.840.10008.5.1.4.1.1.481.3)", message,
                               capacity);
            return CDCM_UNSUPPORTED;
        }
        DRTStructureSetIOD rt;
        OFCondition cond = rt.read(*ds);
        if (cond.bad()) {
            cdcm::writeMessage(std::string("RT Structure Set could not be read (") + cond.text() + ")", message,
                               capacity);
            return CDCM_CORRUPT;
        }
        auto result = std::make_unique<cdcm_rtstruct>();
        readReferences(rt, *result);
        readROIs(rt, *result);
        readContours(rt, *result);
        *out = result.release();
        return CDCM_OK;
    } catch (const std::exception &e) {
        cdcm::writeMessage(std::string("internal error while reading the structure set: ") + e.what(), message,
                           capacity);
        return CDCM_ERROR;
    } catch (...) {
        cdcm::writeMessage("internal error while reading the structure set", message, capacity);
        return CDCM_ERROR;
    }
}

extern "C" void cdcm_rtstruct_close(cdcm_rtstruct *rt) {
    try {
        delete rt;
    } catch (...) {
    }
}

extern "C" size_t cdcm_rtstruct_roi_count(const cdcm_rtstruct *rt) { return rt == nullptr ? 0 : rt->rois.size(); }

extern "C" cdcm_status cdcm_rtstruct_roi(const cdcm_rtstruct *rt, size_t index, cdcm_rt_roi *out) {
    if (rt == nullptr || out == nullptr || index >= rt->rois.size()) return CDCM_ERROR;
    const ROI &roi = rt->rois[index];
    out->number = roi.number;
    out->name = roi.name.c_str();
    out->generation_algorithm = roi.algorithm.c_str();
    out->generation_description = roi.description.c_str();
    out->frame_of_reference_uid = roi.frameOfReference.c_str();
    out->has_colour = roi.hasColour ? 1 : 0;
    std::memcpy(out->colour, roi.colour, 3);
    return CDCM_OK;
}

extern "C" size_t cdcm_rtstruct_contour_count(const cdcm_rtstruct *rt) {
    return rt == nullptr ? 0 : rt->contours.size();
}

extern "C" cdcm_status cdcm_rtstruct_contour(const cdcm_rtstruct *rt, size_t index, cdcm_rt_contour *out) {
    if (rt == nullptr || out == nullptr || index >= rt->contours.size()) return CDCM_ERROR;
    const Contour &contour = rt->contours[index];
    out->roi_number = contour.roiNumber;
    out->geometric_type = contour.type.c_str();
    out->point_count = contour.points.size() / 3;
    out->points = contour.points.empty() ? nullptr : contour.points.data();
    out->image_count = contour.images.size();
    return CDCM_OK;
}

extern "C" const char *cdcm_rtstruct_contour_image(const cdcm_rtstruct *rt, size_t index, size_t image) {
    if (rt == nullptr || index >= rt->contours.size() || image >= rt->contours[index].images.size()) return nullptr;
    return rt->contours[index].images[image].c_str();
}

extern "C" size_t cdcm_rtstruct_reference_count(const cdcm_rtstruct *rt) {
    return rt == nullptr ? 0 : rt->references.size();
}

extern "C" cdcm_status cdcm_rtstruct_reference(const cdcm_rtstruct *rt, size_t index, cdcm_rt_reference *out) {
    if (rt == nullptr || out == nullptr || index >= rt->references.size()) return CDCM_ERROR;
    out->frame_of_reference_uid = rt->references[index].frameOfReference.c_str();
    out->series_instance_uid = rt->references[index].series.c_str();
    return CDCM_OK;
}
