import CPNG
import Foundation

/// Encodes 8-bit rasters as PNG through libpng (the `CPNG` shim).
///
/// Files carry only the IHDR, IDAT and IEND chunks (PNG specification, 3rd edition §11.2): no tEXt, zTXt,
/// iTXt, tIME, gAMA or any other ancillary chunk, so nothing but pixels can leave through a PNG. PNG bytes
/// depend on the zlib and libpng versions; tests therefore hash the raster before encoding.
public enum PNGEncoder {
    /// Sample layouts of a raw buffer, 8 bits per sample, rows top to bottom.
    public enum PixelFormat: Sendable {
        /// One grey byte per pixel (PNG colour type 0).
        case grey8
        /// R, G, B per pixel (colour type 2).
        case rgb8
        /// R, G, B, A per pixel, straight alpha (colour type 6).
        case rgba8
        /// R, G, B, X in the buffer, written as RGB (colour type 2): the 4th byte is ignored.
        case rgbx8

        var channels: Int { self == .grey8 ? 1 : (self == .rgb8 ? 3 : 4) }
        var shimFormat: cpng_format {
            switch self {
            case .grey8: return CPNG_GRAY8
            case .rgb8: return CPNG_RGB8
            case .rgba8: return CPNG_RGBA8
            case .rgbx8: return CPNG_RGBX8
            }
        }
    }

    /// Default zlib level: 6 balances size and time for QA pictures (level 1 is ~2× faster, ~15 % larger).
    public static let defaultCompressionLevel = 6

    /// Encodes an image into PNG bytes.
    /// - Parameters:
    ///   - image: the raster.
    ///   - keepAlpha: `false` (default) writes an RGB PNG and ignores alpha — every QA picture is opaque;
    ///     `true` writes RGBA.
    ///   - compressionLevel: zlib level 0 (stored, no compression) … 9.
    /// - Throws: ``PNGRenderError/encodingFailed(status:message:)``.
    public static func encode(_ image: RGBAImage, keepAlpha: Bool = false,
                              compressionLevel: Int = defaultCompressionLevel) throws -> [UInt8] {
        try encode(bytes: image.pixels, width: image.width, height: image.height,
                   format: keepAlpha ? .rgba8 : .rgbx8, compressionLevel: compressionLevel)
    }

    /// Writes an image as a PNG file (see ``encode(_:keepAlpha:compressionLevel:)``). A partial file is
    /// removed on failure.
    public static func write(_ image: RGBAImage, to url: URL, keepAlpha: Bool = false,
                             compressionLevel: Int = defaultCompressionLevel) throws {
        try write(bytes: image.pixels, width: image.width, height: image.height,
                  format: keepAlpha ? .rgba8 : .rgbx8, to: url, compressionLevel: compressionLevel)
    }

    /// Encodes a raw buffer of `height` rows × `width` pixels (tightly packed) into PNG bytes.
    /// - Precondition: `bytes.count == width × height × format channels`.
    /// - Throws: ``PNGRenderError/encodingFailed(status:message:)`` for sizes libpng rejects (0 or > 10⁶).
    public static func encode(bytes: [UInt8], width: Int, height: Int, format: PixelFormat,
                              compressionLevel: Int = defaultCompressionLevel) throws -> [UInt8] {
        precondition(bytes.count == width * height * format.channels, "buffer does not match the size")
        var message = [CChar](repeating: 0, count: 256)
        var buffer = cpng_buffer(data: nil, size: 0, capacity: 0)
        defer { cpng_buffer_free(&buffer) }
        let status = bytes.withUnsafeBufferPointer { b in
            cpng_write_memory(b.baseAddress, UInt32(clamping: width), UInt32(clamping: height),
                              width * format.channels, format.shimFormat, Int32(compressionLevel), &buffer,
                              &message, message.count)
        }
        try check(status, message)
        guard let data = buffer.data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: buffer.size))
    }

    /// Writes a raw buffer as a PNG file (see ``encode(bytes:width:height:format:compressionLevel:)``).
    public static func write(bytes: [UInt8], width: Int, height: Int, format: PixelFormat, to url: URL,
                             compressionLevel: Int = defaultCompressionLevel) throws {
        precondition(bytes.count == width * height * format.channels, "buffer does not match the size")
        var message = [CChar](repeating: 0, count: 256)
        let status = bytes.withUnsafeBufferPointer { b in
            url.withUnsafeFileSystemRepresentation { path in
                cpng_write_file(path, b.baseAddress, UInt32(clamping: width), UInt32(clamping: height),
                                width * format.channels, format.shimFormat, Int32(compressionLevel), &message,
                                message.count)
            }
        }
        try check(status, message)
    }

    private static func check(_ status: cpng_status, _ message: [CChar]) throws {
        guard status != CPNG_OK else { return }
        let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        throw PNGRenderError.encodingFailed(status: Int(status.rawValue), message: text)
    }

    /// Version of the linked libpng, for diagnostics.
    public static var libpngVersion: String { String(cString: cpng_libpng_version()) }
}
