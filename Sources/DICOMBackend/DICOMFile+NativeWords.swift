import CDcmtk

extension DICOMFile {
    /// The raw 16-bit words of frame `frame` (0-based) without a copy, when the pixel data is stored
    /// natively (uncompressed) with BitsAllocated 16; `nil` otherwise, and ``decodeFrame(_:format:into:)``
    /// handles the file. Words are in local byte order, before masking and sign extension (PS3.5 §8.1.1),
    /// and stay valid while this object lives.
    /// - Throws: ``DICOMError`` for pixel data shorter than the frames need, or a bad format.
    func nativeWords16(_ frame: Int, format: PixelFormat) throws -> UnsafeBufferPointer<UInt16>? {
        var f = format.shimFormat
        var message = [CChar](repeating: 0, count: 512)
        var words: UnsafePointer<UInt16>?
        let status = cdcm_native_words16(handle, &f, UInt32(frame), &words, &message, message.count)
        if status == CDCM_UNSUPPORTED { return nil }
        guard status == CDCM_OK, let words else {
            throw DICOMError(Self.code(status), Self.text(ofCString: message), file: path)
        }
        return UnsafeBufferPointer(start: words, count: format.rows * format.columns)
    }
}
