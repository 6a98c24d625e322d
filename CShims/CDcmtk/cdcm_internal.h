// Internal declarations shared by the shim's translation units. Not part of the C API.
#ifndef CDCM_INTERNAL_H
#define CDCM_INTERNAL_H

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include <cstdint>
#include <string>
#include <vector>

#include "include/cdcmtk.h"

struct cdcm_file {
    DcmFileFormat format;
    bool headerOnly = false;
    /// Pixel data made native (uncompressed, little endian) by a DCMTK codec.
    bool nativeReady = false;
    /// Frames decoded by OpenJPEG (JPEG 2000), one vector of samples per frame, filled lazily.
    std::vector<std::vector<int32_t>> j2kFrames;
};

namespace cdcm {

/// Copies `text` into a caller buffer, always NUL-terminated, truncating if needed.
void writeMessage(const std::string &text, char *buffer, size_t capacity);

/// Checks the attributes that describe the pixel data (PS3.3 C.7.6.3); an empty string when usable,
/// else the reason.
std::string formatProblem(const cdcm_pixel_format &format);

/// Counts the fragments (items after the Basic Offset Table) of encapsulated Pixel Data and their total
/// length in bytes, without loading them; zero when the element holds no pixel sequence.
void countFragments(DcmDataset &dataset, DcmElement &pixelData, uint64_t &fragments, uint64_t &bytes);

/// True for JPEG 2000 transfer syntaxes (1.2.840.10008.1.2.4.90/.91), which DCMTK 3.6.7 cannot decode.
bool isJPEG2000(E_TransferSyntax xfer);

/// Decodes frame `frame` of an encapsulated JPEG 2000 pixel sequence with OpenJPEG into `samples`
/// (raw codestream sample values, before DICOM masking).
cdcm_status decodeJPEG2000Frame(DcmPixelData &pixelData, E_TransferSyntax xfer, uint32_t frame, uint32_t frames,
                                const cdcm_pixel_format &format, std::vector<int32_t> &samples,
                                std::string &message);

}  // namespace cdcm

#endif
