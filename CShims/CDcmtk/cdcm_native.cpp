// Zero-copy view of native 16-bit pixel data (see include/cdcmtk_native.h).
#include "cdcm_internal.h"
#include "include/cdcmtk_native.h"

#include <string>

extern "C" cdcm_status cdcm_native_words16(cdcm_file *file, const cdcm_pixel_format *format, uint32_t frame,
                                           const uint16_t **words, char *message, size_t capacity) {
    if (file == nullptr || format == nullptr || words == nullptr) return CDCM_ERROR;
    *words = nullptr;
    try {
        const cdcm_pixel_format &f = *format;
        if (file->headerOnly) {
            cdcm::writeMessage("handle was opened header-only", message, capacity);
            return CDCM_ERROR;
        }
        std::string problem = cdcm::formatProblem(f);
        if (!problem.empty()) {
            cdcm::writeMessage(problem, message, capacity);
            return CDCM_UNSUPPORTED;
        }
        const size_t pixels = static_cast<size_t>(f.rows) * f.columns;
        if (frame >= f.frames) {
            cdcm::writeMessage("frame index out of range", message, capacity);
            return CDCM_ERROR;
        }
        DcmDataset *ds = file->format.getDataset();
        if (f.bits_allocated != 16 || DcmXfer(ds->getOriginalXfer()).isEncapsulated()) return CDCM_UNSUPPORTED;
        DcmElement *element = nullptr;
        if (ds->findAndGetElement(DCM_PixelData, element).bad() || element == nullptr) {
            cdcm::writeMessage("no Pixel Data (7FE0,0010) element", message, capacity);
            return CDCM_CORRUPT;
        }
        const size_t needed = (static_cast<size_t>(frame) + 1) * pixels * 2;
        const size_t available = element->getLength();
        if (available < needed) {
            cdcm::writeMessage("pixel data is shorter than Rows x Columns x Frames requires (" +
                                   std::to_string(available) + " of " + std::to_string(needed) +
                                   " bytes; truncated file?)",
                               message, capacity);
            return CDCM_CORRUPT;
        }
        Uint16 *data = nullptr;
        if (element->getUint16Array(data).bad() || data == nullptr) return CDCM_UNSUPPORTED;  // e.g. OB
        *words = data + static_cast<size_t>(frame) * pixels;
        return CDCM_OK;
    } catch (const std::exception &e) {
        cdcm::writeMessage(std::string("internal error while reading pixel data: ") + e.what(), message, capacity);
        return CDCM_ERROR;
    } catch (...) {
        cdcm::writeMessage("internal error while reading pixel data", message, capacity);
        return CDCM_ERROR;
    }
}
