import CDcmtk

/// How many bytes of Pixel Data (7FE0,0010) a file really holds: what every size derived from Rows,
/// Columns, NumberOfFrames, SamplesPerPixel and BitsAllocated is checked against before anything is
/// allocated or decoded (DICOM PS3.5 §8: native data holds exactly the declared frames; encapsulated data one
/// or more fragments per frame, A.4).
struct PixelDataExtent: Equatable {
    enum Storage: Equatable {
        /// No Pixel Data element.
        case absent
        /// Native data: `bytes` present (a value left in the file counts only up to the end of the file) of
        /// the `declared` value length.
        case native(bytes: Int, declared: Int)
        /// Encapsulated data: `fragments` fragments of `bytes` bytes in all.
        case encapsulated(fragments: Int, bytes: Int)
    }

    var storage: Storage
}

extension DICOMFile {
    /// The extent of the Pixel Data element, measured without loading it.
    /// - Parameter fileSize: the file's size in bytes (a native value left in the file is cut at its end).
    /// - Throws: ``DICOMError`` when the shim cannot describe the element.
    func pixelDataExtent(fileSize: Int) throws -> PixelDataExtent {
        var extent = cdcm_pixel_extent()
        var message = [CChar](repeating: 0, count: 256)
        guard cdcm_pixel_data_extent(handle, &extent, &message, message.count) == CDCM_OK else {
            throw DICOMError(.internalError, Self.text(ofCString: message), file: path)
        }
        guard extent.present != 0 else { return PixelDataExtent(storage: .absent) }
        if extent.encapsulated != 0 {
            return PixelDataExtent(storage: .encapsulated(fragments: Int(clamping: extent.fragments),
                                                          bytes: Int(clamping: extent.fragment_bytes)))
        }
        let declared = Int(clamping: extent.value_length)
        guard extent.file_offset != UInt64.max else { return PixelDataExtent(storage: .native(bytes: declared, declared: declared)) }
        let offset = Int(clamping: extent.file_offset)
        return PixelDataExtent(storage: .native(bytes: max(0, min(declared, fileSize - offset)), declared: declared))
    }
}
