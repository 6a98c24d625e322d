// Reading DICOM Segmentation objects with dcmseg/dcmfg. Every entry point catches everything
// (DESIGN.md §5.1). See notes/dicom.md §2.3 item 5 for the dcmseg 3.6.7 pitfalls handled here.
#include "cdcm_internal.h"
#include "include/cdcmtk_seg.h"

#include "dcmtk/dcmfg/fginterface.h"
#include "dcmtk/dcmfg/fgpixmsr.h"
#include "dcmtk/dcmfg/fgplanor.h"
#include "dcmtk/dcmfg/fgplanpo.h"
#include "dcmtk/dcmfg/fgseg.h"
#include "dcmtk/dcmseg/segdoc.h"
#include "dcmtk/dcmseg/segment.h"

#include <array>
#include <cstring>
#include <memory>
#include <vector>

struct cdcm_seg {
    std::unique_ptr<DcmSegmentation> seg;
    Uint16 rows = 0;
    Uint16 columns = 0;
    Uint16 maxFractional = 0;
};

namespace {

const char *const segmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";
const char *const labelMapSegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.7";

cdcm_status fail(cdcm_status status, const std::string &text, char *message, size_t capacity) {
    cdcm::writeMessage(text, message, capacity);
    return status;
}

/// Copies `value` into the caller's buffer (NUL-terminated) or reports the size needed.
cdcm_status putText(const OFString &value, char *buffer, size_t capacity, size_t *length) {
    if (length != nullptr) *length = value.size();
    if (buffer == nullptr || capacity < value.size() + 1) return CDCM_BUFFER_TOO_SMALL;
    std::memcpy(buffer, value.c_str(), value.size() + 1);
    return CDCM_OK;
}

/// Checks Rows × Columns × NumberOfFrames (bits for BINARY, bytes for FRACTIONAL) against the Pixel Data
/// present before dcmseg or a codec allocates what the header declares; an empty string when it fits.
std::string declaredSizeProblem(DcmDataset &ds, Uint16 rows, Uint16 columns, long frames) {
    if (rows == 0 || columns == 0) return "Rows (0028,0010) or Columns (0028,0011) is absent or zero";
    if (frames > (1L << 20)) return "NumberOfFrames (0028,0008) " + std::to_string(frames) + " exceeds 1048576";
    Uint16 bits = 0;
    ds.findAndGetUint16(DCM_BitsAllocated, bits);
    if (bits != 1 && bits != 8) return "BitsAllocated (0028,0100) of a Segmentation must be 1 or 8";
    const unsigned long long pixels = static_cast<unsigned long long>(rows) * columns * static_cast<unsigned long long>(frames);
    const unsigned long long needed = bits == 1 ? (pixels + 7) / 8 : pixels;
    DcmElement *element = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, element, OFFalse).bad() || element == nullptr)
        return "no Pixel Data (7FE0,0010)";
    if (DcmXfer(ds.getOriginalXfer()).isEncapsulated() || element->getLengthField() == DCM_UndefinedLength) {
        uint64_t fragments = 0, bytes = 0;
        cdcm::countFragments(ds, *element, fragments, bytes);
        if (frames > 1 && fragments < static_cast<uint64_t>(frames))
            return "NumberOfFrames (0028,0008) " + std::to_string(frames) + " exceeds the " + std::to_string(fragments) +
                   " compressed fragment(s) of Pixel Data (7FE0,0010)";
        if (needed > 1024ULL * bytes + (64ULL << 20))
            return "Rows x Columns x NumberOfFrames declares " + std::to_string(needed) + " decoded bytes from " +
                   std::to_string(bytes) + " compressed bytes (more than 1024:1); a size in the header lies";
        return "";
    }
    const unsigned long long present = element->getLengthField();
    if (present < needed)
        return "Pixel Data (7FE0,0010) holds " + std::to_string(present) + " bytes; Rows x Columns x NumberOfFrames (" +
               std::to_string(rows) + "x" + std::to_string(columns) + "x" + std::to_string(frames) + ") needs " +
               std::to_string(needed) + " (truncated file, or NumberOfFrames lies)";
    return "";
}

}  // namespace

extern "C" cdcm_status cdcm_seg_open(const char *path, cdcm_seg **out, char *message, size_t capacity) {
    if (path == nullptr || out == nullptr) return CDCM_ERROR;
    *out = nullptr;
    try {
        cdcm_initialize();
        DcmFileFormat ff;
        OFCondition cond = ff.loadFile(path);
        if (cond.bad()) return fail(CDCM_CORRUPT, std::string("cannot read as DICOM (") + cond.text() + ")", message, capacity);
        DcmDataset *ds = ff.getDataset();
        OFString sopClass;
        ds->findAndGetOFString(DCM_SOPClassUID, sopClass);
        if (sopClass == labelMapSegmentationStorage)
            return fail(CDCM_UNSUPPORTED,
                        "Label Map Segmentation (SOP class 1.2.840.10008.5.1.4.1.1.66.7, DICOM Supplement 243) is "
                        "not supported by DCMTK 3.6.7's dcmseg; convert it to a BINARY segmentation first",
                        message, capacity);
        if (sopClass != segmentationStorage)
            return fail(CDCM_UNSUPPORTED, "not a Segmentation object (SOP class " + std::string(sopClass.c_str()) + ")",
                        message, capacity);
        long frames = 0;
        if (ds->findAndGetLongInt(DCM_NumberOfFrames, frames).bad() || frames <= 0)
            return fail(CDCM_CORRUPT,
                        "NumberOfFrames (0028,0008) is absent or zero; a Segmentation is a multi-frame object and "
                        "DCMTK refuses it without that attribute",
                        message, capacity);
        Uint16 rows = 0, columns = 0;
        ds->findAndGetUint16(DCM_Rows, rows);
        ds->findAndGetUint16(DCM_Columns, columns);
        std::string sizeProblem = declaredSizeProblem(*ds, rows, columns, frames);
        if (!sizeProblem.empty()) return fail(CDCM_CORRUPT, sizeProblem, message, capacity);
        // Pixel data must be native for dcmseg's frame extraction.
        if (ds->chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad() ||
            !ds->canWriteXfer(EXS_LittleEndianExplicit))
            return fail(CDCM_UNSUPPORTED, "pixel data in a transfer syntax that cannot be decoded", message, capacity);
        DcmSegmentation *raw = nullptr;
        cond = DcmSegmentation::loadDataset(*ds, raw);
        if (cond.bad() || raw == nullptr) {
            delete raw;
            return fail(CDCM_CORRUPT, std::string("dcmseg cannot load the Segmentation (") + cond.text() + ")",
                        message, capacity);
        }
        auto *seg = new cdcm_seg();
        seg->seg.reset(raw);
        seg->rows = rows;
        seg->columns = columns;
        ds->findAndGetUint16(DCM_MaximumFractionalValue, seg->maxFractional);
        DcmSegTypes::E_SegmentationType type = raw->getSegmentationType();
        if (type != DcmSegTypes::ST_BINARY && type != DcmSegTypes::ST_FRACTIONAL) {
            delete seg;
            return fail(CDCM_UNSUPPORTED, "SegmentationType is neither BINARY nor FRACTIONAL", message, capacity);
        }
        *out = seg;
        return CDCM_OK;
    } catch (const std::exception &e) {
        return fail(CDCM_ERROR, std::string("internal error reading Segmentation: ") + e.what(), message, capacity);
    } catch (...) {
        return fail(CDCM_ERROR, "internal error reading Segmentation", message, capacity);
    }
}

extern "C" void cdcm_seg_close(cdcm_seg *seg) {
    try {
        delete seg;
    } catch (...) {
    }
}

extern "C" cdcm_status cdcm_seg_get_info(cdcm_seg *seg, cdcm_seg_info *info) {
    if (seg == nullptr || info == nullptr) return CDCM_ERROR;
    try {
        DcmSegmentation &s = *seg->seg;
        info->rows = seg->rows;
        info->columns = seg->columns;
        info->frames = static_cast<uint32_t>(s.getNumberOfFrames());
        info->segments = static_cast<uint32_t>(s.getNumberOfSegments());
        info->type = s.getSegmentationType() == DcmSegTypes::ST_BINARY ? 1 : 2;
        // Not exposed by DcmSegmentation 3.6.7; read from the dataset at open.
        info->max_fractional = info->type == 2 ? seg->maxFractional : 0;
        return CDCM_OK;
    } catch (...) {
        return CDCM_ERROR;
    }
}

extern "C" cdcm_status cdcm_seg_get_segment(cdcm_seg *seg, uint32_t index, cdcm_seg_segment_info *info) {
    if (seg == nullptr || info == nullptr) return CDCM_ERROR;
    try {
        DcmSegment *segment = seg->seg->getSegment(index + 1);
        if (segment == nullptr) return CDCM_NOT_FOUND;
        size_t number = index + 1;
        seg->seg->getSegmentNumber(segment, number);
        info->number = static_cast<uint32_t>(number);
        Uint16 L = 0, a = 0, b = 0;
        info->has_cielab = segment->getRecommendedDisplayCIELabValue(L, a, b).good() ? 1 : 0;
        info->cielab[0] = L;
        info->cielab[1] = a;
        info->cielab[2] = b;
        return CDCM_OK;
    } catch (...) {
        return CDCM_ERROR;
    }
}

extern "C" cdcm_status cdcm_seg_segment_text(cdcm_seg *seg, uint32_t index, cdcm_seg_text_field field, char *buffer,
                                             size_t capacity, size_t *length) {
    if (seg == nullptr) return CDCM_ERROR;
    try {
        DcmSegment *segment = seg->seg->getSegment(index + 1);
        if (segment == nullptr) return CDCM_NOT_FOUND;
        OFString value;
        OFCondition cond = EC_Normal;
        switch (field) {
        case CDCM_SEG_LABEL: cond = segment->getSegmentLabel(value); break;
        case CDCM_SEG_CATEGORY_VALUE: cond = segment->getSegmentedPropertyCategoryCode().getCodeValue(value); break;
        case CDCM_SEG_CATEGORY_SCHEME:
            cond = segment->getSegmentedPropertyCategoryCode().getCodingSchemeDesignator(value);
            break;
        case CDCM_SEG_CATEGORY_MEANING: cond = segment->getSegmentedPropertyCategoryCode().getCodeMeaning(value); break;
        case CDCM_SEG_TYPE_VALUE: cond = segment->getSegmentedPropertyTypeCode().getCodeValue(value); break;
        case CDCM_SEG_TYPE_SCHEME: cond = segment->getSegmentedPropertyTypeCode().getCodingSchemeDesignator(value); break;
        case CDCM_SEG_TYPE_MEANING: cond = segment->getSegmentedPropertyTypeCode().getCodeMeaning(value); break;
        case CDCM_SEG_ALGORITHM_TYPE: {
            DcmSegTypes::E_SegmentAlgoType t = segment->getSegmentAlgorithmType();
            if (t == DcmSegTypes::SAT_UNKNOWN) return CDCM_NOT_FOUND;
            value = DcmSegTypes::algoType2OFString(t);
            break;
        }
        case CDCM_SEG_ALGORITHM_NAME: cond = segment->getSegmentAlgorithmName(value); break;
        default: return CDCM_ERROR;
        }
        if (cond.bad() || value.empty()) return CDCM_NOT_FOUND;
        return putText(value, buffer, capacity, length);
    } catch (...) {
        return CDCM_ERROR;
    }
}

extern "C" cdcm_status cdcm_seg_get_frame(cdcm_seg *seg, uint32_t frame, cdcm_seg_frame_info *info, uint8_t *pixels,
                                          size_t count, char *message, size_t capacity) {
    if (seg == nullptr || info == nullptr) return CDCM_ERROR;
    try {
        DcmSegmentation &s = *seg->seg;
        if (frame >= s.getNumberOfFrames()) return fail(CDCM_ERROR, "frame number out of range", message, capacity);
        std::memset(info, 0, sizeof *info);
        FGInterface &fg = s.getFunctionalGroups();
        if (auto *g = dynamic_cast<FGSegmentation *>(fg.get(frame, DcmFGTypes::EFG_SEGMENTATION))) {
            Uint16 number = 0;
            if (g->getReferencedSegmentNumber(number).good()) info->segment = number;
        }
        if (auto *g = dynamic_cast<FGPlanePosPatient *>(fg.get(frame, DcmFGTypes::EFG_PLANEPOSPATIENT))) {
            Float64 x = 0, y = 0, z = 0;
            if (g->getImagePositionPatient(x, y, z).good()) {
                info->has_position = 1;
                info->position[0] = x;
                info->position[1] = y;
                info->position[2] = z;
            }
        }
        if (auto *g = dynamic_cast<FGPlaneOrientationPatient *>(fg.get(frame, DcmFGTypes::EFG_PLANEORIENTPATIENT))) {
            Float64 o[6] = {0, 0, 0, 0, 0, 0};
            if (g->getImageOrientationPatient(o[0], o[1], o[2], o[3], o[4], o[5]).good()) {
                info->has_orientation = 1;
                for (int n = 0; n < 6; ++n) info->orientation[n] = o[n];
            }
        }
        if (auto *g = dynamic_cast<FGPixelMeasures *>(fg.get(frame, DcmFGTypes::EFG_PIXELMEASURES))) {
            Float64 row = 0, column = 0;
            if (g->getPixelSpacing(row, 0).good() && g->getPixelSpacing(column, 1).good()) {
                info->has_spacing = 1;
                info->spacing[0] = row;
                info->spacing[1] = column;
            }
            Float64 step = 0;
            if ((g->getSpacingBetweenSlices(step).good() && step > 0) || (g->getSliceThickness(step).good() && step > 0)) {
                info->has_slice_step = 1;
                info->slice_step = step;
            }
        }
        if (pixels == nullptr) return CDCM_OK;
        const size_t size = static_cast<size_t>(seg->rows) * seg->columns;
        if (count < size) return fail(CDCM_ERROR, "pixel buffer too small", message, capacity);
        const DcmIODTypes::Frame *data = s.getFrame(frame);
        if (data == nullptr || data->pixData == nullptr)
            return fail(CDCM_CORRUPT, "frame " + std::to_string(frame) + " has no pixel data", message, capacity);
        if (s.getSegmentationType() == DcmSegTypes::ST_BINARY) {
            // dcmseg keeps each binary frame bit-packed (its own bytes, re-aligned to a byte boundary).
            if (data->length * 8 < size)
                return fail(CDCM_CORRUPT, "binary frame " + std::to_string(frame) + " is shorter than rows × columns bits",
                            message, capacity);
            // Unpack LSB-first bits (PS3.5 8.1.1) with a byte → 8 bytes table; equivalent to
            // DcmSegUtils::unpackBinaryFrame without its allocation and per-bit loop.
            static const auto table = [] {
                std::vector<std::array<uint8_t, 8>> t(256);
                for (unsigned b = 0; b < 256; ++b)
                    for (unsigned bit = 0; bit < 8; ++bit) t[b][bit] = (b >> bit) & 1;
                return t;
            }();
            const size_t whole = size / 8;
            for (size_t n = 0; n < whole; ++n) std::memcpy(pixels + 8 * n, table[data->pixData[n]].data(), 8);
            for (size_t p = whole * 8; p < size; ++p) pixels[p] = (data->pixData[p / 8] >> (p % 8)) & 1;
        } else {
            if (data->length < size)
                return fail(CDCM_CORRUPT, "fractional frame " + std::to_string(frame) + " is shorter than rows × columns",
                            message, capacity);
            std::memcpy(pixels, data->pixData, size);
        }
        return CDCM_OK;
    } catch (const std::exception &e) {
        return fail(CDCM_ERROR, std::string("internal error reading a frame: ") + e.what(), message, capacity);
    } catch (...) {
        return fail(CDCM_ERROR, "internal error reading a frame", message, capacity);
    }
}
