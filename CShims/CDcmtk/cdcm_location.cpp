// File position and extent of pixel data (see include/cdcmtk_location.h).
#include "cdcm_internal.h"
#include "include/cdcmtk_location.h"

#include "dcmtk/dcmdata/dcistrmf.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"

#include <cstdint>

#include <string>

extern "C" cdcm_status cdcm_pixel_data_location(const cdcm_file *file, cdcm_pixel_location *location, char *message,
                                                size_t capacity) {
    if (file == nullptr || location == nullptr) return CDCM_ERROR;
    *location = cdcm_pixel_location{0, 0, 0};
    try {
        if (file->headerOnly) {
            cdcm::writeMessage("handle was opened header-only", message, capacity);
            return CDCM_ERROR;
        }
        DcmDataset *ds = const_cast<DcmFileFormat &>(file->format).getDataset();
        if (ds == nullptr) return CDCM_NOT_FOUND;
        DcmXfer xfer(ds->getOriginalXfer());
        DcmElement *element = nullptr;
        if (ds->findAndGetElement(DCM_PixelData, element, OFFalse).bad() || element == nullptr) {
            cdcm::writeMessage("no Pixel Data (7FE0,0010) element", message, capacity);
            return CDCM_NOT_FOUND;
        }
        if (xfer.isEncapsulated() || element->getLengthField() == DCM_UndefinedLength) {
            cdcm::writeMessage("pixel data is encapsulated", message, capacity);
            return CDCM_UNSUPPORTED;
        }
        const DcmInputStreamFactory *factory = element->getInputStream();
        if (factory == nullptr || factory->ident() != DFT_DcmInputFileStreamFactory) {
            // Loaded into memory (small value), deflated, or built in memory.
            cdcm::writeMessage("pixel data value is not kept in the file", message, capacity);
            return CDCM_UNSUPPORTED;
        }
        const auto *fileFactory = static_cast<const DcmInputFileStreamFactory *>(factory);
        const offile_off_t offset = fileFactory->getOffset();
        if (offset < 0) return CDCM_UNSUPPORTED;
        location->offset = static_cast<uint64_t>(offset);
        location->length = element->getLengthField();
        location->big_endian = xfer.getByteOrder() == EBO_BigEndian ? 1 : 0;
        return CDCM_OK;
    } catch (const std::exception &e) {
        cdcm::writeMessage(std::string("internal error while locating pixel data: ") + e.what(), message, capacity);
        return CDCM_ERROR;
    } catch (...) {
        cdcm::writeMessage("internal error while locating pixel data", message, capacity);
        return CDCM_ERROR;
    }
}

extern "C" cdcm_status cdcm_pixel_data_extent(const cdcm_file *file, cdcm_pixel_extent *extent, char *message,
                                              size_t capacity) {
    if (file == nullptr || extent == nullptr) return CDCM_ERROR;
    *extent = cdcm_pixel_extent{0, 0, 0, UINT64_MAX, 0, 0};
    try {
        if (file->headerOnly) {
            cdcm::writeMessage("handle was opened header-only", message, capacity);
            return CDCM_ERROR;
        }
        DcmDataset *ds = const_cast<DcmFileFormat &>(file->format).getDataset();
        if (ds == nullptr) return CDCM_OK;
        DcmElement *element = nullptr;
        if (ds->findAndGetElement(DCM_PixelData, element, OFFalse).bad() || element == nullptr) return CDCM_OK;
        extent->present = 1;
        DcmXfer xfer(ds->getOriginalXfer());
        if (xfer.isEncapsulated() || element->getLengthField() == DCM_UndefinedLength) {
            extent->encapsulated = 1;
            cdcm::countFragments(*ds, *element, extent->fragments, extent->fragment_bytes);
            return CDCM_OK;
        }
        extent->value_length = element->getLengthField();
        const DcmInputStreamFactory *factory = element->getInputStream();
        if (factory != nullptr && factory->ident() == DFT_DcmInputFileStreamFactory) {
            const offile_off_t offset = static_cast<const DcmInputFileStreamFactory *>(factory)->getOffset();
            if (offset >= 0) extent->file_offset = static_cast<uint64_t>(offset);
        }
        return CDCM_OK;
    } catch (const std::exception &e) {
        cdcm::writeMessage(std::string("internal error while measuring pixel data: ") + e.what(), message, capacity);
        return CDCM_ERROR;
    } catch (...) {
        cdcm::writeMessage("internal error while measuring pixel data", message, capacity);
        return CDCM_ERROR;
    }
}

void cdcm::countFragments(DcmDataset &dataset, DcmElement &pixelData, uint64_t &fragments, uint64_t &bytes) {
    fragments = 0;
    bytes = 0;
    DcmPixelSequence *sequence = nullptr;
    const DcmRepresentationParameter *parameter = nullptr;
    if (static_cast<DcmPixelData &>(pixelData).getEncapsulatedRepresentation(dataset.getOriginalXfer(), parameter, sequence).bad() ||
        sequence == nullptr)
        return;
    for (unsigned long i = 1; i < sequence->card(); ++i) {
        DcmPixelItem *item = nullptr;
        if (sequence->getItem(item, i).bad() || item == nullptr) continue;
        fragments += 1;
        bytes += item->getLengthField();
    }
}
