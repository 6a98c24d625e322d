import CDcmtk
#if canImport(Glibc)
import Glibc
#endif

/// Where a file's native (uncompressed) Pixel Data value lies, found while the scan parses the header
/// (DCMTK leaves long values in the file: `DcmElement::getInputStream`). The loader then reads frames
/// straight into its own buffers with `pread`, without a second DCMTK parse of the file.
struct PixelDataLocation: Sendable, Equatable {
    /// Byte offset of the value's first byte from the start of the file.
    var offset: Int
    /// Value length in bytes as declared (DICOM PS3.5 §7.1).
    var length: Int
    /// Explicit VR Big Endian (retired); such data is left to DCMTK.
    var bigEndian: Bool
}

extension DICOMFile {
    /// The location of the Pixel Data value, or `nil` when it is encapsulated, deflated, small enough that
    /// DCMTK already read it, absent, or the handle was opened header-only.
    var pixelDataLocation: PixelDataLocation? {
        var location = cdcm_pixel_location()
        var message = [CChar](repeating: 0, count: 256)
        guard cdcm_pixel_data_location(handle, &location, &message, message.count) == CDCM_OK,
              let offset = Int(exactly: location.offset), let length = Int(exactly: location.length) else { return nil }
        return PixelDataLocation(offset: offset, length: length, bigEndian: location.big_endian != 0)
    }
}

/// Reads native 16-bit little-endian frames of one file by their byte range (``PixelDataLocation``) into
/// caller memory. Owns the file descriptor and closes it on `deinit`.
final class NativeFrameReader {
    let path: String
    private let location: PixelDataLocation
    private let frameBytes: Int
    private let fd: Int32

    /// Opens `path` when `location` and `format` describe 16-bit, one-sample, little-endian frames; `nil`
    /// otherwise (the caller decodes through DCMTK).
    /// - Throws: ``DICOMError`` `.fileAccess` when the file cannot be opened.
    init?(path: String, location: PixelDataLocation?, format: PixelFormat) throws {
        guard let location, !location.bigEndian, format.bitsAllocated == 16, format.samplesPerPixel == 1,
              format.rows > 0, format.columns > 0, format.frames > 0 else { return nil }
        self.path = path
        self.location = location
        frameBytes = format.rows * format.columns * 2
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw DICOMError(.fileAccess, "cannot open file for reading (\(String(cString: strerror(errno))))", file: path)
        }
    }

    deinit { close(fd) }

    /// Reads frame `frame` (0-based): Rows × Columns words in file (little-endian = local) order, before
    /// masking and sign extension (PS3.5 §8.1.1).
    /// - Throws: ``DICOMError`` `.corrupt` when the declared value or the file is shorter than the frame
    ///   needs, `.fileAccess` when the read fails.
    func read(frame: Int, into words: UnsafeMutablePointer<UInt16>) throws {
        let needed = (frame + 1) * frameBytes
        guard location.length >= needed else {
            throw DICOMError(.corrupt, "pixel data is shorter than Rows x Columns x Frames requires (\(location.length) of \(needed) bytes; truncated file?)",
                             file: path)
        }
        let raw = UnsafeMutableRawPointer(words)
        var done = 0
        while done < frameBytes {
            let n = pread(fd, raw + done, frameBytes - done, off_t(location.offset + frame * frameBytes + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw DICOMError(.fileAccess, "cannot read pixel data (\(String(cString: strerror(errno))))", file: path)
            }
            if n == 0 {
                throw DICOMError(.corrupt, "file ends inside its pixel data (\(location.offset + frame * frameBytes + done) of \(location.offset + needed) bytes; truncated file?)",
                                 file: path)
            }
            done += n
        }
    }
}
