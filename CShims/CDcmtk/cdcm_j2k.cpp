// JPEG 2000 (1.2.840.10008.1.2.4.90/.91) through OpenJPEG, because DCMTK 3.6.7 ships no J2K codec.
// The codestream's own precision and signedness are ignored: the caller masks by the DICOM attributes.
#include "cdcm_internal.h"

#include "dcmtk/dcmdata/dccodec.h"
#include "dcmtk/dcmdata/dcpixseq.h"
#include "dcmtk/dcmdata/dcpxitem.h"

#include <openjpeg-2.5/openjpeg.h>

#include <cstring>
#include <memory>
#include <string>

namespace {

struct MemoryStream {
    const uint8_t *data;
    size_t size;
    size_t position;
};

OPJ_SIZE_T readBytes(void *buffer, OPJ_SIZE_T count, void *user) {
    auto *s = static_cast<MemoryStream *>(user);
    if (s->position >= s->size) return static_cast<OPJ_SIZE_T>(-1);
    size_t n = std::min(static_cast<size_t>(count), s->size - s->position);
    std::memcpy(buffer, s->data + s->position, n);
    s->position += n;
    return n;
}

OPJ_OFF_T skipBytes(OPJ_OFF_T count, void *user) {
    auto *s = static_cast<MemoryStream *>(user);
    if (count < 0) return -1;
    size_t n = std::min(static_cast<size_t>(count), s->size - s->position);
    s->position += n;
    return static_cast<OPJ_OFF_T>(n);
}

OPJ_BOOL seekTo(OPJ_OFF_T offset, void *user) {
    auto *s = static_cast<MemoryStream *>(user);
    if (offset < 0 || static_cast<size_t>(offset) > s->size) return OPJ_FALSE;
    s->position = static_cast<size_t>(offset);
    return OPJ_TRUE;
}

void collectError(const char *text, void *user) {
    auto *errors = static_cast<std::string *>(user);
    if (!errors->empty()) errors->append("; ");
    errors->append(text);
    while (!errors->empty() && (errors->back() == '\n' || errors->back() == ' ')) errors->pop_back();
}

void ignoreMessage(const char *, void *) {}

bool startsCodestream(const Uint8 *p, size_t n) {
    static const Uint8 soc[4] = {0xFF, 0x4F, 0xFF, 0x51};
    static const Uint8 jp2[8] = {0x00, 0x00, 0x00, 0x0C, 0x6A, 0x50, 0x20, 0x20};
    return (n >= 4 && std::memcmp(p, soc, 4) == 0) || (n >= 8 && std::memcmp(p, jp2, 8) == 0);
}

struct Fragment {
    const Uint8 *data;
    size_t size;
};

}  // namespace

namespace cdcm {

cdcm_status decodeJPEG2000Frame(DcmPixelData &pixelData, E_TransferSyntax xfer, uint32_t frame, uint32_t frames,
                                const cdcm_pixel_format &format, std::vector<int32_t> &samples,
                                std::string &message) {
    DcmPixelSequence *sequence = nullptr;
    const DcmRepresentationParameter *parameter = nullptr;
    if (pixelData.getEncapsulatedRepresentation(xfer, parameter, sequence).bad() || sequence == nullptr) {
        message = "JPEG 2000 pixel data is not encapsulated";
        return CDCM_CORRUPT;
    }
    // Item 0 is the Basic Offset Table; fragments follow.
    std::vector<Fragment> fragments;
    for (unsigned long i = 1; i < sequence->card(); ++i) {
        DcmPixelItem *item = nullptr;
        Uint8 *bytes = nullptr;
        if (sequence->getItem(item, i).bad() || item == nullptr) continue;
        if (item->getUint8Array(bytes).bad() || bytes == nullptr) continue;
        fragments.push_back({bytes, static_cast<size_t>(item->getLength())});
    }
    std::vector<size_t> starts;
    for (size_t i = 0; i < fragments.size(); ++i)
        if (startsCodestream(fragments[i].data, fragments[i].size)) starts.push_back(i);
    if (frames == 1) {
        starts.assign(1, 0);
    } else if (starts.size() != frames) {
        starts.clear();
        for (uint32_t f = 0; f < frames; ++f) {
            Uint32 index = 0;
            if (DcmCodec::determineStartFragment(f, static_cast<Sint32>(frames), sequence, index).bad()) {
                message = "cannot locate JPEG 2000 frame " + std::to_string(f) + " among the fragments";
                return CDCM_CORRUPT;
            }
            starts.push_back(index - 1);
        }
    }
    if (fragments.empty() || frame >= starts.size()) {
        message = "JPEG 2000 frame " + std::to_string(frame) + " is missing";
        return CDCM_CORRUPT;
    }
    const size_t end = frame + 1 < starts.size() ? starts[frame + 1] : fragments.size();
    std::vector<Uint8> codestream;
    for (size_t i = starts[frame]; i < end; ++i)
        codestream.insert(codestream.end(), fragments[i].data, fragments[i].data + fragments[i].size);

    const bool isJP2 = codestream.size() >= 8 && codestream[4] == 0x6A && codestream[5] == 0x50;
    std::unique_ptr<opj_codec_t, void (*)(opj_codec_t *)> codec(
        opj_create_decompress(isJP2 ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K), opj_destroy_codec);
    std::string errors;
    opj_set_error_handler(codec.get(), collectError, &errors);
    opj_set_warning_handler(codec.get(), ignoreMessage, nullptr);
    opj_set_info_handler(codec.get(), ignoreMessage, nullptr);
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    if (!opj_setup_decoder(codec.get(), &parameters)) {
        message = "OpenJPEG decoder set-up failed";
        return CDCM_ERROR;
    }
    MemoryStream memory{codestream.data(), codestream.size(), 0};
    std::unique_ptr<opj_stream_t, void (*)(opj_stream_t *)> stream(opj_stream_create(codestream.size(), OPJ_TRUE),
                                                                   opj_stream_destroy);
    opj_stream_set_user_data(stream.get(), &memory, nullptr);
    opj_stream_set_user_data_length(stream.get(), codestream.size());
    opj_stream_set_read_function(stream.get(), readBytes);
    opj_stream_set_skip_function(stream.get(), skipBytes);
    opj_stream_set_seek_function(stream.get(), seekTo);

    opj_image_t *raw = nullptr;
    bool ok = opj_read_header(stream.get(), codec.get(), &raw);
    std::unique_ptr<opj_image_t, void (*)(opj_image_t *)> image(raw, opj_image_destroy);
    if (!ok || !image) {
        message = "JPEG 2000 codestream header cannot be read" + (errors.empty() ? std::string() : ": " + errors);
        return CDCM_CORRUPT;
    }
    // Check the codestream's own size before decoding: OpenJPEG allocates what its SIZ marker declares.
    if (image->numcomps != 1) {
        message = "JPEG 2000 with " + std::to_string(image->numcomps) + " components (colour) is not supported";
        return CDCM_UNSUPPORTED;
    }
    if (image->comps[0].w != format.columns || image->comps[0].h != format.rows) {
        message = "JPEG 2000 codestream size " + std::to_string(image->comps[0].w) + "x" + std::to_string(image->comps[0].h) +
                  " differs from Columns x Rows " + std::to_string(format.columns) + "x" + std::to_string(format.rows);
        return CDCM_CORRUPT;
    }
    ok = opj_decode(codec.get(), stream.get(), image.get()) && opj_end_decompress(codec.get(), stream.get());
    if (!ok) {
        message = "JPEG 2000 codestream cannot be decoded" + (errors.empty() ? std::string() : ": " + errors);
        return CDCM_CORRUPT;
    }
    const opj_image_comp_t &component = image->comps[0];
    if (component.w != format.columns || component.h != format.rows || component.data == nullptr) {
        message = "JPEG 2000 codestream size " + std::to_string(component.w) + "x" + std::to_string(component.h) +
                  " differs from Columns x Rows " + std::to_string(format.columns) + "x" + std::to_string(format.rows);
        return CDCM_CORRUPT;
    }
    samples.assign(component.data, component.data + static_cast<size_t>(component.w) * component.h);
    return CDCM_OK;
}

}  // namespace cdcm
