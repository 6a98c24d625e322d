import CDcmtk

/// An opened Segmentation object in the shim (dcmseg): owns the handle and frees it on `deinit`
/// (DESIGN.md §9.4). Internal; ``DICOMSegmentation`` copies everything out of it.
final class SegmentationHandle {
    let path: String
    private let handle: OpaquePointer
    let info: cdcm_seg_info

    /// Loads a SEG with dcmseg.
    /// - Throws: ``DICOMError`` naming the file: `.unsupported` for a Label Map SEG or another SOP class,
    ///   `.corrupt` for a SEG without NumberOfFrames or damaged data.
    init(path: String) throws {
        self.path = path
        var message = [CChar](repeating: 0, count: 512)
        var out: OpaquePointer?
        let status = cdcm_seg_open(path, &out, &message, message.count)
        guard status == CDCM_OK, let opened = out else {
            throw DICOMError(DICOMFile.code(status), Self.text(message), file: path)
        }
        handle = opened
        var i = cdcm_seg_info()
        guard cdcm_seg_get_info(opened, &i) == CDCM_OK else {
            cdcm_seg_close(opened)
            throw DICOMError(.internalError, "cannot read the Segmentation's dimensions", file: path)
        }
        info = i
    }

    deinit { cdcm_seg_close(handle) }

    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Numbers of the segment at `index` (0-based).
    func segment(at index: Int) throws -> cdcm_seg_segment_info {
        var s = cdcm_seg_segment_info()
        guard cdcm_seg_get_segment(handle, UInt32(index), &s) == CDCM_OK else {
            throw DICOMError(.corrupt, "segment \(index + 1) of the Segment Sequence cannot be read", file: path)
        }
        return s
    }

    /// A text field of the segment at `index` (0-based), trimmed; `nil` when absent.
    func text(_ field: cdcm_seg_text_field, ofSegmentAt index: Int) -> String? {
        var buffer = [CChar](repeating: 0, count: 128)
        var length = 0
        var status = cdcm_seg_segment_text(handle, UInt32(index), field, &buffer, buffer.count, &length)
        if status == CDCM_BUFFER_TOO_SMALL {
            buffer = [CChar](repeating: 0, count: length + 1)
            status = cdcm_seg_segment_text(handle, UInt32(index), field, &buffer, buffer.count, &length)
        }
        guard status == CDCM_OK else { return nil }
        let s = Self.text(buffer).trimmingCharacters(in: [" ", "\0"])
        return s.isEmpty ? nil : s
    }

    /// Geometry of frame `frame` (0-based) and, when `pixels` is given, its rows × columns values.
    func frame(_ frame: Int, pixels: UnsafeMutableBufferPointer<UInt8>?) throws -> cdcm_seg_frame_info {
        var f = cdcm_seg_frame_info()
        var message = [CChar](repeating: 0, count: 256)
        let status = cdcm_seg_get_frame(handle, UInt32(frame), &f, pixels?.baseAddress, pixels?.count ?? 0, &message, message.count)
        guard status == CDCM_OK else { throw DICOMError(DICOMFile.code(status), Self.text(message), file: path) }
        return f
    }
}

extension String {
    /// Trims the given characters from both ends (Foundation-free).
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s = s.dropFirst() }
        while let c = s.last, set.contains(c) { s = s.dropLast() }
        return String(s)
    }
}
