import CDcmtk
import Foundation

/// One opened DICOM file: owns the shim handle and frees it on `deinit` (DESIGN.md §9.4).
///
/// Attributes are read as text (values joined by `\`) and parsed here; nested attributes are addressed
/// by a path of (sequence, item) steps.
final class DICOMFile {
    /// One step into a sequence: the sequence tag and a 0-based item index.
    struct Step {
        var sequence: Tag
        var item: Int
    }

    let path: String
    /// The shim handle; valid for the life of this object.
    let handle: OpaquePointer

    /// Opens a file. `headerOnly` stops before Pixel Data: enough for every attribute, cannot decode.
    /// - Throws: ``DICOMError`` naming the file and the reason.
    init(path: String, headerOnly: Bool) throws {
        self.path = path
        var message = [CChar](repeating: 0, count: 512)
        var out: OpaquePointer?
        let status = cdcm_open(path, headerOnly ? 1 : 0, &out, &message, message.count)
        guard status == CDCM_OK, let opened = out else {
            throw DICOMError(Self.code(status), Self.text(ofCString: message), file: path)
        }
        handle = opened
    }

    deinit { cdcm_close(handle) }

    /// The text of a NUL-terminated buffer the shim filled.
    static func text(ofCString buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func code(_ status: cdcm_status) -> DICOMError.Code {
        switch status {
        case CDCM_NOT_DICOM: return .notDICOM
        case CDCM_UNSUPPORTED: return .unsupported
        case CDCM_CORRUPT: return .corrupt
        default: return .internalError
        }
    }

    /// The raw text value of an attribute, or `nil` when absent.
    func string(_ tag: Tag, in steps: [Step] = []) -> String? {
        var tags = steps.map(\.sequence.packed) + [tag.packed]
        var items = steps.map { UInt32($0.item) } + [0]
        var length = 0
        var buffer = [CChar](repeating: 0, count: 256)
        var status = cdcm_get_string(handle, &tags, &items, tags.count, &buffer, buffer.count, &length)
        if status == CDCM_BUFFER_TOO_SMALL {
            buffer = [CChar](repeating: 0, count: length + 1)
            status = cdcm_get_string(handle, &tags, &items, tags.count, &buffer, buffer.count, &length)
        }
        guard status == CDCM_OK else { return nil }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Trimmed text (DICOM pads with spaces and NULs); `nil` when absent or empty.
    func text(_ tag: Tag, in steps: [Step] = []) -> String? {
        guard let s = string(tag, in: steps).map({ Self.trimming($0) { $0 == " " || $0 == "\0" } }), !s.isEmpty else {
            return nil
        }
        return s
    }

    /// `text` without leading and trailing Unicode scalars matching `trimmed`: what Foundation's
    /// `trimmingCharacters(in:)` returns, without bridging through `NSString` (that was ~5 % of a CT series scan).
    static func trimming<S: StringProtocol>(_ text: S, _ trimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !trimmed($0) }), let last = scalars.lastIndex(where: { !trimmed($0) }) else {
            return ""
        }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: scalars[first...last])
        return String(kept)
    }

    /// `text.trimmingCharacters(in: .whitespaces)`: ASCII text (every DICOM number) trimmed of spaces and tabs
    /// here, anything else by Foundation.
    static func trimmingWhitespace<S: StringProtocol>(_ text: S) -> String {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return text.trimmingCharacters(in: .whitespaces) }
        return trimming(text) { $0 == " " || $0 == "\t" }
    }

    /// The values of a multi-valued attribute as numbers; `nil` when absent or not all numeric.
    func doubles(_ tag: Tag, in steps: [Step] = []) -> [Double]? {
        guard let s = text(tag, in: steps) else { return nil }
        let values = s.split(separator: "\\", omittingEmptySubsequences: false)
            .map { Double(Self.trimmingWhitespace($0)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0!.isFinite }) else { return nil }
        return values.map { $0! }
    }

    /// The first value as a number.
    func double(_ tag: Tag, in steps: [Step] = []) -> Double? { doubles(tag, in: steps)?.first }

    /// The first value as an integer.
    func int(_ tag: Tag, in steps: [Step] = []) -> Int? {
        guard let d = double(tag, in: steps), d == d.rounded(), abs(d) < 1e15 else { return nil }
        return Int(d)
    }

    /// Number of items of a sequence (0 when absent).
    func itemCount(_ sequence: Tag, in steps: [Step] = []) -> Int {
        var tags = steps.map(\.sequence.packed) + [sequence.packed]
        var items = steps.map { UInt32($0.item) } + [0]
        var count = 0
        guard cdcm_get_item_count(handle, &tags, &items, tags.count, &count) == CDCM_OK else { return 0 }
        return count
    }

    /// The transfer syntax UID the file was read in.
    var transferSyntaxUID: String {
        var buffer = [CChar](repeating: 0, count: 80)
        _ = cdcm_transfer_syntax(handle, &buffer, buffer.count)
        return Self.text(ofCString: buffer)
    }

    /// Decodes frame `frame` into `out` as stored values (masked and sign-extended, not rescaled).
    /// - Throws: ``DICOMError`` (unsupported transfer syntax, truncated pixel data…).
    func decodeFrame(_ frame: Int, format: PixelFormat, into out: inout [Int32]) throws {
        var f = format.shimFormat
        var message = [CChar](repeating: 0, count: 512)
        let status = out.withUnsafeMutableBufferPointer { o in
            cdcm_decode_frame(handle, &f, UInt32(frame), o.baseAddress, o.count, &message, message.count)
        }
        guard status == CDCM_OK else {
            throw DICOMError(Self.code(status), Self.text(ofCString: message), file: path)
        }
    }
}

extension PixelFormat {
    /// The shim's description of the same format.
    var shimFormat: cdcm_pixel_format {
        cdcm_pixel_format(rows: UInt32(rows), columns: UInt32(columns), frames: UInt32(frames),
                          bits_allocated: UInt32(bitsAllocated), bits_stored: UInt32(bitsStored),
                          high_bit: UInt32(highBit), pixel_representation: UInt32(pixelRepresentation),
                          samples_per_pixel: UInt32(samplesPerPixel))
    }
}

extension DICOMFile {
    /// The value representation of an attribute as its two-letter name ("IS", "FD", "UN"…), or `nil` when absent.
    /// A private attribute read without its dictionary entry reports "UN": its text is then hex bytes, not values.
    func valueRepresentation(_ tag: Tag, in steps: [Step] = []) -> String? {
        var tags = steps.map(\.sequence.packed) + [tag.packed]
        var items = steps.map { UInt32($0.item) } + [0]
        var buffer = [CChar](repeating: 0, count: 4)
        guard cdcm_get_vr(handle, &tags, &items, tags.count, &buffer, buffer.count) == CDCM_OK else { return nil }
        return Self.text(ofCString: buffer)
    }
}

extension DICOMFile {
    /// The raw bytes of an OB or UN attribute (a vendor's binary private header), or `nil` when absent, of
    /// another VR, or longer than `maximumLength` (checked before anything is copied).
    func bytes(_ tag: Tag, in steps: [Step] = [], maximumLength: Int) -> [UInt8]? {
        var tags = steps.map(\.sequence.packed) + [tag.packed]
        var items = steps.map { UInt32($0.item) } + [0]
        var length = 0
        let probe = cdcm_get_bytes(handle, &tags, &items, tags.count, nil, 0, &length)
        guard probe == CDCM_OK || probe == CDCM_BUFFER_TOO_SMALL, length <= maximumLength else { return nil }
        if length == 0 { return [] }
        var buffer = [UInt8](repeating: 0, count: length)
        guard cdcm_get_bytes(handle, &tags, &items, tags.count, &buffer, buffer.count, &length) == CDCM_OK,
              length == buffer.count else { return nil }
        return buffer
    }
}
