// Pixel decoding: DCMTK codecs (or OpenJPEG for JPEG 2000), then masking by BitsStored/HighBit and
// sign extension by PixelRepresentation (DICOM PS3.5 §8.1.1). Values are stored values, not rescaled.
#include "cdcm_internal.h"

#include <string>

namespace {

struct BitLayout {
    uint32_t shift;  // HighBit + 1 - BitsStored
    uint32_t mask;   // BitsStored low bits
    uint32_t sign;   // sign bit of the stored value
    bool isSigned;
};

BitLayout layoutOf(const cdcm_pixel_format &f) {
    BitLayout b;
    b.shift = f.high_bit + 1 - f.bits_stored;
    b.mask = f.bits_stored >= 32 ? 0xFFFFFFFFu : ((1u << f.bits_stored) - 1u);
    b.sign = 1u << (f.bits_stored - 1);
    b.isSigned = f.pixel_representation == 1;
    return b;
}

inline int32_t storedValue(uint32_t raw, const BitLayout &b) {
    uint32_t v = (raw >> b.shift) & b.mask;
    if (b.isSigned && (v & b.sign)) v |= ~b.mask;
    return static_cast<int32_t>(v);
}

template <typename T>
void widen(const T *source, size_t count, const BitLayout &b, int32_t *out) {
    for (size_t i = 0; i < count; ++i) out[i] = storedValue(static_cast<uint32_t>(source[i]), b);
}

std::string xferDescription(E_TransferSyntax xfer) {
    DcmXfer x(xfer);
    return std::string(x.getXferID()) + " (" + x.getXferName() + ")";
}

cdcm_status fail(cdcm_status status, const std::string &text, char *message, size_t capacity) {
    cdcm::writeMessage(text, message, capacity);
    return status;
}

}  // namespace

extern "C" cdcm_status cdcm_decode_frame(cdcm_file *file, const cdcm_pixel_format *format, uint32_t frame,
                                         int32_t *out, size_t count, char *message, size_t capacity) {
    if (file == nullptr || format == nullptr || out == nullptr) return CDCM_ERROR;
    try {
        const cdcm_pixel_format &f = *format;
        if (file->headerOnly) return fail(CDCM_ERROR, "handle was opened header-only", message, capacity);
        std::string problem = cdcm::formatProblem(f);
        if (!problem.empty()) return fail(CDCM_UNSUPPORTED, problem, message, capacity);
        const size_t pixels = static_cast<size_t>(f.rows) * f.columns;
        if (frame >= f.frames || count < pixels) return fail(CDCM_ERROR, "frame index or buffer size out of range", message, capacity);

        DcmDataset *ds = file->format.getDataset();
        DcmElement *element = nullptr;
        if (ds->findAndGetElement(DCM_PixelData, element).bad() || element == nullptr)
            return fail(CDCM_CORRUPT, "no Pixel Data (7FE0,0010) element", message, capacity);
        auto *pixelData = static_cast<DcmPixelData *>(element);
        const E_TransferSyntax xfer = ds->getOriginalXfer();
        const BitLayout bits = layoutOf(f);

        if (DcmXfer(xfer).isEncapsulated()) {
            if (cdcm::isJPEG2000(xfer)) {
                if (file->j2kFrames.size() != f.frames) file->j2kFrames.assign(f.frames, {});
                std::vector<int32_t> &samples = file->j2kFrames[frame];
                if (samples.empty()) {
                    std::string reason;
                    cdcm_status st = cdcm::decodeJPEG2000Frame(*pixelData, xfer, frame, f.frames, f, samples, reason);
                    if (st != CDCM_OK) return fail(st, reason, message, capacity);
                }
                for (size_t i = 0; i < pixels; ++i) {
                    uint32_t v = static_cast<uint32_t>(samples[i]) & bits.mask;
                    if (bits.isSigned && (v & bits.sign)) v |= ~bits.mask;
                    out[i] = static_cast<int32_t>(v);
                }
                return CDCM_OK;
            }
            if (!file->nativeReady) {
                OFCondition cond = ds->chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
                if (cond.bad() || !ds->canWriteXfer(EXS_LittleEndianExplicit)) {
                    const bool known = xfer == EXS_JPEGProcess1 || xfer == EXS_JPEGProcess2_4 ||
                                       xfer == EXS_JPEGProcess14 || xfer == EXS_JPEGProcess14SV1 ||
                                       xfer == EXS_JPEGLSLossless || xfer == EXS_JPEGLSLossy || xfer == EXS_RLELossless;
                    if (!known) return fail(CDCM_UNSUPPORTED, "unsupported transfer syntax " + xferDescription(xfer), message, capacity);
                    return fail(CDCM_CORRUPT, "cannot decode " + xferDescription(xfer) + ": " + cond.text(), message, capacity);
                }
                file->nativeReady = true;
            }
        }

        const size_t bytesPerValue = f.bits_allocated / 8;
        const size_t needed = (static_cast<size_t>(frame) + 1) * pixels * bytesPerValue;
        const size_t available = pixelData->getLength();
        if (available < needed)
            return fail(CDCM_CORRUPT, "pixel data is shorter than Rows x Columns x Frames requires (" +
                                          std::to_string(available) + " of " + std::to_string(needed) +
                                          " bytes; truncated file?)", message, capacity);
        const size_t first = static_cast<size_t>(frame) * pixels;
        if (f.bits_allocated == 8) {
            Uint8 *data = nullptr;
            if (pixelData->getUint8Array(data).bad() || data == nullptr)
                return fail(CDCM_CORRUPT, "cannot read 8-bit pixel data", message, capacity);
            widen(data + first, pixels, bits, out);
        } else if (f.bits_allocated == 16) {
            Uint16 *data = nullptr;
            if (pixelData->getUint16Array(data).good() && data != nullptr) {
                widen(data + first, pixels, bits, out);
            } else {
                // OB-encoded 16-bit data: little-endian byte pairs.
                Uint8 *bytes = nullptr;
                if (pixelData->getUint8Array(bytes).bad() || bytes == nullptr)
                    return fail(CDCM_CORRUPT, "cannot read 16-bit pixel data", message, capacity);
                const Uint8 *p = bytes + first * 2;
                for (size_t i = 0; i < pixels; ++i)
                    out[i] = storedValue(static_cast<uint32_t>(p[2 * i]) | (static_cast<uint32_t>(p[2 * i + 1]) << 8), bits);
            }
        } else {
            Uint32 *data = nullptr;
            if (pixelData->getUint32Array(data).bad() || data == nullptr)
                return fail(CDCM_CORRUPT, "cannot read 32-bit pixel data", message, capacity);
            widen(data + first, pixels, bits, out);
        }
        return CDCM_OK;
    } catch (const std::exception &e) {
        return fail(CDCM_ERROR, std::string("internal error while decoding: ") + e.what(), message, capacity);
    } catch (...) {
        return fail(CDCM_ERROR, "internal error while decoding", message, capacity);
    }
}

/// Validates the attributes that describe the pixel data; returns an empty string when usable.
std::string cdcm::formatProblem(const cdcm_pixel_format &f) {
    if (f.samples_per_pixel != 1)
        return "SamplesPerPixel " + std::to_string(f.samples_per_pixel) + " (colour) is not supported for volumes";
    if (f.bits_allocated != 8 && f.bits_allocated != 16 && f.bits_allocated != 32)
        return "BitsAllocated " + std::to_string(f.bits_allocated) + " is not supported";
    if (f.bits_stored == 0 || f.bits_stored > f.bits_allocated || f.high_bit >= f.bits_allocated ||
        f.high_bit + 1 < f.bits_stored)
        return "inconsistent BitsStored " + std::to_string(f.bits_stored) + " / HighBit " +
               std::to_string(f.high_bit) + " / BitsAllocated " + std::to_string(f.bits_allocated);
    if (f.rows == 0 || f.columns == 0) return "Rows or Columns is zero";
    if (f.pixel_representation == 0 && f.bits_stored == 32)
        return "unsigned 32-bit stored values are not supported";
    return "";
}
