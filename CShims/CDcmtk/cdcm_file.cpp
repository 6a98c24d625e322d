// Opening files and reading attributes. Every entry point catches everything (DESIGN.md §5.1).
#include "cdcm_internal.h"

#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmjpeg/djdecode.h"
#include "dcmtk/dcmjpls/djdecode.h"
#include "dcmtk/oflog/oflog.h"

#include <cstdio>
#include <cstring>
#include <mutex>

namespace cdcm {

void writeMessage(const std::string &text, char *buffer, size_t capacity) {
    if (buffer == nullptr || capacity == 0) return;
    size_t n = text.size() < capacity - 1 ? text.size() : capacity - 1;
    std::memcpy(buffer, text.data(), n);
    buffer[n] = '\0';
}

bool isJPEG2000(E_TransferSyntax xfer) {
    return xfer == EXS_JPEG2000LosslessOnly || xfer == EXS_JPEG2000;
}

}  // namespace cdcm

namespace {

std::once_flag initOnce;

/// Reads the 132-byte preamble and reports whether the file carries the "DICM" prefix.
/// Returns -1 if the file cannot be opened, 0 if it is empty, 1 with prefix, 2 without.
int probePrefix(const char *path) {
    FILE *f = std::fopen(path, "rb");
    if (f == nullptr) return -1;
    unsigned char head[132];
    size_t n = std::fread(head, 1, sizeof head, f);
    std::fclose(f);
    if (n == 0) return 0;
    if (n == sizeof head && std::memcmp(head + 128, "DICM", 4) == 0) return 1;
    return 2;
}

/// Walks a tag path down to the item that holds the last tag. Returns nullptr if any level is absent.
DcmItem *resolveParent(const cdcm_file *file, const uint32_t *tags, const uint32_t *items, size_t depth) {
    DcmFileFormat &ff = const_cast<DcmFileFormat &>(file->format);
    DcmItem *item = ((tags[0] >> 16) == 0x0002) ? static_cast<DcmItem *>(ff.getMetaInfo())
                                                 : static_cast<DcmItem *>(ff.getDataset());
    for (size_t level = 0; level + 1 < depth && item != nullptr; ++level) {
        DcmTagKey key(static_cast<Uint16>(tags[level] >> 16), static_cast<Uint16>(tags[level] & 0xFFFF));
        DcmItem *next = nullptr;
        if (item->findAndGetSequenceItem(key, next, static_cast<signed long>(items[level])).bad()) return nullptr;
        item = next;
    }
    return item;
}

DcmTagKey keyOf(uint32_t tag) {
    return DcmTagKey(static_cast<Uint16>(tag >> 16), static_cast<Uint16>(tag & 0xFFFF));
}

/// The element at the end of a tag path, or nullptr if any level or the element itself is absent.
DcmElement *resolveElement(const cdcm_file *file, const uint32_t *tags, const uint32_t *items, size_t depth) {
    DcmItem *parent = resolveParent(file, tags, items, depth);
    if (parent == nullptr) return nullptr;
    DcmElement *element = nullptr;
    if (parent->findAndGetElement(keyOf(tags[depth - 1]), element, OFFalse).bad()) return nullptr;
    return element;
}

}  // namespace

extern "C" void cdcm_initialize(void) {
    try {
        std::call_once(initOnce, [] {
            OFLog::configure(OFLogger::OFF_LOG_LEVEL);
            DcmRLEDecoderRegistration::registerCodecs();
            DJDecoderRegistration::registerCodecs();
            DJLSDecoderRegistration::registerCodecs();
        });
    } catch (...) {
        // Registration failures surface later as "unsupported transfer syntax" on decode.
    }
}

extern "C" cdcm_status cdcm_open(const char *path, int header_only, cdcm_file **out, char *message,
                                 size_t capacity) {
    if (out == nullptr || path == nullptr) return CDCM_ERROR;
    *out = nullptr;
    try {
        cdcm_initialize();
        if (!dcmDataDict.isDictionaryLoaded()) {
            cdcm::writeMessage("DCMTK data dictionary is not loaded (is libdcmtk17 installed?)", message, capacity);
            return CDCM_ERROR;
        }
        int prefix = probePrefix(path);
        if (prefix < 0) {
            cdcm::writeMessage("cannot open file for reading", message, capacity);
            return CDCM_ERROR;
        }
        if (prefix == 0) {
            cdcm::writeMessage("empty file (0 bytes)", message, capacity);
            return CDCM_NOT_DICOM;
        }
        auto *file = new cdcm_file();
        file->headerOnly = header_only != 0;
        E_FileReadMode mode = prefix == 1 ? ERM_fileOnly : ERM_dataset;
        OFCondition cond = file->headerOnly
            ? file->format.loadFileUntilTag(path, EXS_Unknown, EGL_noChange, DCM_MaxReadLength, mode, DCM_PixelData)
            : file->format.loadFile(path, EXS_Unknown, EGL_noChange, DCM_MaxReadLength, mode);
        DcmDataset *ds = file->format.getDataset();
        if (prefix == 2) {
            // Without the DICM prefix only accept something that parsed into a plausible dataset.
            OFString sopClass;
            bool plausible = cond.good() && ds != nullptr &&
                             ds->findAndGetOFString(DCM_SOPClassUID, sopClass).good() && !sopClass.empty();
            if (!plausible) {
                delete file;
                cdcm::writeMessage("not a DICOM file (no DICM prefix and no readable dataset)", message, capacity);
                return CDCM_NOT_DICOM;
            }
        }
        if (cond.bad()) {
            std::string reason = cond.text();
            delete file;
            bool truncated = cond == EC_StreamNotifyClient || cond == EC_ItemEnd || cond == EC_SequEnd ||
                             reason.find("end of stream") != std::string::npos ||
                             reason.find("Premature") != std::string::npos;
            cdcm::writeMessage(truncated ? "file is truncated (premature end of data: " + reason + ")"
                                         : "damaged or truncated DICOM file (" + reason + ")",
                               message, capacity);
            return CDCM_CORRUPT;
        }
        *out = file;
        return CDCM_OK;
    } catch (const std::exception &e) {
        cdcm::writeMessage(std::string("internal error while reading: ") + e.what(), message, capacity);
        return CDCM_ERROR;
    } catch (...) {
        cdcm::writeMessage("internal error while reading", message, capacity);
        return CDCM_ERROR;
    }
}

extern "C" void cdcm_close(cdcm_file *file) {
    try {
        delete file;
    } catch (...) {
    }
}

extern "C" cdcm_status cdcm_get_string(const cdcm_file *file, const uint32_t *tags, const uint32_t *items,
                                       size_t depth, char *buffer, size_t capacity, size_t *length) {
    if (file == nullptr || tags == nullptr || depth == 0 || (depth > 1 && items == nullptr)) return CDCM_ERROR;
    try {
        DcmElement *element = resolveElement(file, tags, items, depth);
        if (element == nullptr) return CDCM_NOT_FOUND;
        OFString value;
        if (element->getVM() == 0) {
            value.clear();
        } else if (element->getOFStringArray(value).bad()) {
            return CDCM_NOT_FOUND;
        }
        if (length != nullptr) *length = value.size();
        if (buffer == nullptr || capacity < value.size() + 1) return CDCM_BUFFER_TOO_SMALL;
        std::memcpy(buffer, value.c_str(), value.size() + 1);
        return CDCM_OK;
    } catch (...) {
        return CDCM_ERROR;
    }
}

extern "C" cdcm_status cdcm_get_vr(const cdcm_file *file, const uint32_t *tags, const uint32_t *items, size_t depth,
                                   char *vr, size_t capacity) {
    if (file == nullptr || tags == nullptr || depth == 0 || (depth > 1 && items == nullptr) || vr == nullptr || capacity < 3)
        return CDCM_ERROR;
    try {
        DcmElement *element = resolveElement(file, tags, items, depth);
        if (element == nullptr) return CDCM_NOT_FOUND;
        DcmVR name(element->getVR());
        const char *text = name.getVRName();
        if (text == nullptr || std::strlen(text) != 2) return CDCM_NOT_FOUND;
        vr[0] = text[0];
        vr[1] = text[1];
        vr[2] = '\0';
        return CDCM_OK;
    } catch (...) {
        return CDCM_ERROR;
    }
}

extern "C" cdcm_status cdcm_get_bytes(const cdcm_file *file, const uint32_t *tags, const uint32_t *items, size_t depth,
                                      uint8_t *buffer, size_t capacity, size_t *length) {
    if (file == nullptr || tags == nullptr || depth == 0 || (depth > 1 && items == nullptr) || length == nullptr)
        return CDCM_ERROR;
    try {
        *length = 0;
        DcmElement *element = resolveElement(file, tags, items, depth);
        if (element == nullptr) return CDCM_NOT_FOUND;
        const DcmEVR vr = element->ident();
        if (vr != EVR_OB && vr != EVR_UN) return CDCM_NOT_FOUND;
        const Uint32 size = element->getLength();
        *length = size;
        if (size == 0) return CDCM_OK;
        if (buffer == nullptr || capacity < size) return CDCM_BUFFER_TOO_SMALL;
        Uint8 *bytes = nullptr;
        if (element->getUint8Array(bytes).bad() || bytes == nullptr) return CDCM_NOT_FOUND;
        std::memcpy(buffer, bytes, size);
        return CDCM_OK;
    } catch (...) {
        return CDCM_ERROR;
    }
}

extern "C" cdcm_status cdcm_get_item_count(const cdcm_file *file, const uint32_t *tags, const uint32_t *items,
                                           size_t depth, size_t *count) {
    if (file == nullptr || tags == nullptr || depth == 0 || count == nullptr) return CDCM_ERROR;
    try {
        *count = 0;
        DcmItem *parent = resolveParent(file, tags, items, depth);
        if (parent == nullptr) return CDCM_NOT_FOUND;
        DcmElement *element = nullptr;
        if (parent->findAndGetElement(keyOf(tags[depth - 1]), element, OFFalse).bad() || element == nullptr)
            return CDCM_NOT_FOUND;
        if (element->ident() != EVR_SQ) return CDCM_NOT_FOUND;
        *count = static_cast<DcmSequenceOfItems *>(element)->card();
        return CDCM_OK;
    } catch (...) {
        return CDCM_ERROR;
    }
}

extern "C" cdcm_status cdcm_transfer_syntax(const cdcm_file *file, char *buffer, size_t capacity) {
    if (file == nullptr) return CDCM_ERROR;
    try {
        DcmFileFormat &ff = const_cast<DcmFileFormat &>(file->format);
        OFString uid;
        DcmMetaInfo *meta = ff.getMetaInfo();
        if (meta == nullptr || meta->findAndGetOFString(DCM_TransferSyntaxUID, uid).bad() || uid.empty()) {
            DcmXfer xfer(ff.getDataset()->getOriginalXfer());
            uid = xfer.getXferID();
        }
        cdcm::writeMessage(uid, buffer, capacity);
        return uid.size() < capacity ? CDCM_OK : CDCM_BUFFER_TOO_SMALL;
    } catch (...) {
        return CDCM_ERROR;
    }
}
