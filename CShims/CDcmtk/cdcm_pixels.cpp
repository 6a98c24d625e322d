// Pixel decoding: DCMTK codecs (or OpenJPEG for JPEG 2000), then masking by BitsStored/HighBit and
// sign extension by PixelRepresentation (DICOM PS3.5 §8.1.1). Values are stored values, not rescaled.
#include "cdcm_internal.h"

#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"

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

/// The frame size a JPEG (ITU T.81 SOFn) or JPEG-LS (T.87 SOF55) codestream declares in its frame header:
/// false when no frame header is found before the scan (or it declares a height of 0, set later by DNL).
bool jpegFrameSize(const Uint8 *p, size_t n, uint32_t &rows, uint32_t &columns) {
    if (n < 4 || p[0] != 0xFF || p[1] != 0xD8) return false;
    size_t i = 2;
    while (i + 4 <= n) {
        if (p[i] != 0xFF) return false;
        const Uint8 marker = p[i + 1];
        if (marker == 0xFF) { ++i; continue; }  // fill byte
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { i += 2; continue; }
        if (marker == 0xDA || marker == 0xD9) return false;  // scan or end before any frame header
        const size_t length = (static_cast<size_t>(p[i + 2]) << 8) | p[i + 3];
        const bool sof = (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) || marker == 0xF7;
        if (sof) {
            if (i + 9 > n || length < 8) return false;
            rows = (static_cast<uint32_t>(p[i + 5]) << 8) | p[i + 6];
            columns = (static_cast<uint32_t>(p[i + 7]) << 8) | p[i + 8];
            return rows != 0;
        }
        i += 2 + length;
    }
    return false;
}

/// For JPEG and JPEG-LS data: an error message when the first frame's codestream declares another size than
/// Rows x Columns (DCMTK's decoders allocate and fill what the DICOM header declares, so a lying header would
/// otherwise give a garbage image); empty when it agrees or cannot be told.
std::string jpegSizeProblem(DcmPixelData &pixelData, E_TransferSyntax xfer, const cdcm_pixel_format &f) {
    const bool jpeg = xfer == EXS_JPEGProcess1 || xfer == EXS_JPEGProcess2_4 || xfer == EXS_JPEGProcess14 ||
                      xfer == EXS_JPEGProcess14SV1 || xfer == EXS_JPEGLSLossless || xfer == EXS_JPEGLSLossy;
    if (!jpeg) return "";
    DcmPixelSequence *sequence = nullptr;
    const DcmRepresentationParameter *parameter = nullptr;
    if (pixelData.getEncapsulatedRepresentation(xfer, parameter, sequence).bad() || sequence == nullptr || sequence->card() < 2)
        return "";
    DcmPixelItem *item = nullptr;
    Uint8 *bytes = nullptr;
    if (sequence->getItem(item, 1).bad() || item == nullptr || item->getUint8Array(bytes).bad() || bytes == nullptr) return "";
    uint32_t rows = 0, columns = 0;
    if (!jpegFrameSize(bytes, item->getLength(), rows, columns)) return "";
    if (rows == f.rows && columns == f.columns) return "";
    return "the JPEG codestream is " + std::to_string(columns) + "x" + std::to_string(rows) + " pixels but Columns x Rows (0028,0011/0010) say " +
           std::to_string(f.columns) + "x" + std::to_string(f.rows);
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
                std::string sizeProblem = jpegSizeProblem(*pixelData, xfer, f);
                if (!sizeProblem.empty()) return fail(CDCM_CORRUPT, sizeProblem, message, capacity);
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
