#if canImport(Glibc)
import Glibc
#endif
import VolumeModule

/// Checks of the header values that size memory or place voxels, made once per file while it is scanned:
/// a value that is present but unusable is an error naming the attribute and what is wrong with it (never
/// its text, and never "absent"), and every size is checked against the bytes the file holds before anything
/// is allocated (``HeaderLimits``). One error per file, however many frames it claims.
extension DICOMInstance {
    /// An integer attribute: `nil` when absent; throws `.invalidValue` when present but not an integer in
    /// `range`.
    static func integer(_ file: DICOMFile, _ tag: Tag, _ keyword: String, in range: ClosedRange<Int>) throws -> Int? {
        switch file.numbers(tag) {
        case .absent:
            return nil
        case .invalid(let why):
            throw DICOMError(.invalidValue, "\(keyword) \(tag): \(why)", file: file.path)
        case .values(let values):
            guard let n = Int(exactly: values[0]) else {
                throw DICOMError(.invalidValue, "\(keyword) \(tag) is not an integer within \(range.lowerBound)…\(range.upperBound)",
                                 file: file.path)
            }
            guard range.contains(n) else {
                throw DICOMError(.invalidValue, "\(keyword) \(tag) is \(n); it must be \(range.lowerBound)…\(range.upperBound)",
                                 file: file.path)
            }
            return n
        }
    }

    /// The Image Pixel module (PS3.3 C.7.6.3), checked: `nil` when Rows or Columns is absent (an object
    /// without an image).
    /// - Throws: ``DICOMError`` `.invalidValue` / `.inconsistent` naming the attribute.
    static func checkedPixelFormat(_ file: DICOMFile) throws -> PixelFormat? {
        let extent = HeaderLimits.pixelExtent
        let rows = try integer(file, .rows, "Rows", in: extent)
        let columns = try integer(file, .columns, "Columns", in: extent)
        guard let rows, let columns else { return nil }
        guard let bitsAllocated = try integer(file, .bitsAllocated, "BitsAllocated", in: 1...64) else {
            throw DICOMError(.missingAttribute, "image without BitsAllocated (0028,0100)", file: file.path)
        }
        let bitsStored = try integer(file, .bitsStored, "BitsStored", in: 1...64) ?? bitsAllocated
        guard bitsStored <= bitsAllocated else {
            throw DICOMError(.inconsistent, "BitsStored (0028,0101) \(bitsStored) exceeds BitsAllocated (0028,0100) \(bitsAllocated)",
                             file: file.path)
        }
        let highBit = try integer(file, .highBit, "HighBit", in: 0...63) ?? bitsStored - 1
        guard highBit + 1 >= bitsStored, highBit < bitsAllocated else {
            throw DICOMError(.inconsistent, "HighBit (0028,0102) \(highBit) does not fit BitsStored \(bitsStored) within BitsAllocated \(bitsAllocated)",
                             file: file.path)
        }
        let pixelRepresentation = try integer(file, .pixelRepresentation, "PixelRepresentation", in: 0...1) ?? 0
        let samples = try integer(file, .samplesPerPixel, "SamplesPerPixel", in: 1...4) ?? 1
        let frames = try integer(file, .numberOfFrames, "NumberOfFrames", in: 1...HeaderLimits.maximumFrames) ?? 1
        return PixelFormat(rows: rows, columns: columns, frames: frames, bitsAllocated: bitsAllocated, bitsStored: bitsStored,
                           highBit: highBit, pixelRepresentation: pixelRepresentation, samplesPerPixel: samples,
                           photometricInterpretation: file.text(.photometricInterpretation) ?? "MONOCHROME2")
    }

    /// Checks that the pixel data holds what the format declares (native: every frame's bytes; encapsulated:
    /// at least one fragment per frame and a plausible compression ratio), before anything is decoded.
    /// - Throws: ``DICOMError`` `.corrupt` (truncated) or `.inconsistent` naming the attribute that lies.
    static func checkPixelData(_ file: DICOMFile, _ format: PixelFormat, requireData: Bool) throws {
        var status = stat()
        let fileSize = stat(file.path, &status) == 0 ? Int(status.st_size) : Int.max
        let extent = try file.pixelDataExtent(fileSize: fileSize)
        // Rows × Columns × SamplesPerPixel × BitsAllocated per frame, in bits: at most 2³² · 4 · 64, no overflow.
        let frameBits = format.rows * format.columns * format.samplesPerPixel * format.bitsAllocated
        let (totalBits, overflow) = frameBits.multipliedReportingOverflow(by: format.frames)
        let frameBytes = (frameBits + 7) / 8
        let needed = overflow ? Int.max : (totalBits + 7) / 8
        switch extent.storage {
        case .absent:
            if requireData { throw DICOMError(.corrupt, "image without Pixel Data (7FE0,0010)", file: file.path) }
        case .native(let bytes, let declared):
            if bytes < declared {
                // DCMTK would allocate the declared length when it loads the value.
                throw DICOMError(.corrupt,
                    "Pixel Data (7FE0,0010) declares \(declared) bytes but the file holds only \(bytes) of them (truncated file, or a length that lies)",
                    file: file.path)
            }
            guard bytes < needed else { return }
            if format.frames > 1 && bytes >= frameBytes && bytes <= Int.max / 8 {
                throw DICOMError(.inconsistent,
                    "NumberOfFrames (0028,0008) \(format.frames) needs \(needed) bytes of pixel data; Pixel Data (7FE0,0010) holds \(bytes) (room for \(bytes.multipliedReportingOverflow(by: 8).partialValue / frameBits) frame(s))",
                    file: file.path)
            }
            throw DICOMError(.corrupt,
                "Pixel Data (7FE0,0010) holds \(bytes) bytes; Rows × Columns × NumberOfFrames × SamplesPerPixel × BitsAllocated/8 (\(format.rows)×\(format.columns)×\(format.frames)×\(format.samplesPerPixel)×\(format.bitsAllocated)/8) needs \(needed) (truncated file, or a size in the header that lies)",
                file: file.path)
        case .encapsulated(let fragments, let bytes):
            if fragments < format.frames && format.frames > 1 {
                throw DICOMError(.inconsistent,
                    "NumberOfFrames (0028,0008) \(format.frames) exceeds the \(fragments) compressed fragment(s) of Pixel Data (7FE0,0010)",
                    file: file.path)
            }
            let (scaled, big) = bytes.multipliedReportingOverflow(by: HeaderLimits.maximumCompressionRatio)
            let allowed = big ? Int.max : scaled.addingReportingOverflow(HeaderLimits.compressedSlackBytes).partialValue
            if needed > allowed {
                throw DICOMError(.inconsistent,
                    "Rows × Columns × NumberOfFrames (\(format.rows)×\(format.columns)×\(format.frames)) declares \(needed) decoded bytes from \(bytes) compressed bytes (more than \(HeaderLimits.maximumCompressionRatio):1); a size in the header lies",
                    file: file.path)
            }
        }
    }

    /// ImagePositionPatient as a point in LPS mm: `nil` when absent.
    /// - Throws: `.invalidValue` when not three finite values within ``HeaderLimits/maximumCoordinate``.
    static func position(_ numbers: HeaderNumbers, file: String, frame: Int?) throws -> Vector3? {
        let name = label("ImagePositionPatient (0020,0032)", frame: frame)
        switch numbers {
        case .absent: return nil
        case .invalid(let why): throw DICOMError(.invalidValue, "\(name): \(why)", file: file)
        case .values(let v):
            guard v.count == 3 else { throw DICOMError(.invalidValue, "\(name) has \(v.count) value(s), not 3", file: file) }
            guard v.allSatisfy({ abs($0) <= HeaderLimits.maximumCoordinate }) else {
                throw DICOMError(.invalidValue, "\(name) lies more than \(Int(HeaderLimits.maximumCoordinate)) mm from the origin", file: file)
            }
            return Vector3(v)
        }
    }

    /// ImageOrientationPatient as unit row and column cosines: `nil` when absent.
    /// - Throws: `.invalidValue` unless six finite values forming two unit (±1 %), orthogonal vectors.
    static func orientation(_ numbers: HeaderNumbers, file: String, frame: Int?) throws -> (row: Vector3, column: Vector3)? {
        let name = label("ImageOrientationPatient (0020,0037)", frame: frame)
        switch numbers {
        case .absent: return nil
        case .invalid(let why): throw DICOMError(.invalidValue, "\(name): \(why)", file: file)
        case .values(let v):
            guard v.count == 6 else { throw DICOMError(.invalidValue, "\(name) has \(v.count) value(s), not 6", file: file) }
            let row = Vector3(v[0], v[1], v[2]), column = Vector3(v[3], v[4], v[5])
            let tolerance = HeaderLimits.orientationTolerance
            guard abs(row.length - 1) <= tolerance, abs(column.length - 1) <= tolerance else {
                throw DICOMError(.invalidValue, "\(name): the row or column direction is not a unit vector", file: file)
            }
            guard abs(row.normalized.dot(column.normalized)) <= tolerance else {
                throw DICOMError(.invalidValue, "\(name): the row and column directions are not orthogonal", file: file)
            }
            return (row.normalized, column.normalized)
        }
    }

    /// PixelSpacing as (row spacing, column spacing) in mm: `nil` when absent.
    /// - Throws: `.invalidValue` unless two values within ``HeaderLimits/pixelSpacing``.
    static func spacing(_ numbers: HeaderNumbers, file: String, frame: Int?) throws -> (row: Double, column: Double)? {
        let name = label("PixelSpacing (0028,0030)", frame: frame)
        switch numbers {
        case .absent: return nil
        case .invalid(let why): throw DICOMError(.invalidValue, "\(name): \(why)", file: file)
        case .values(let v):
            guard v.count == 2 else { throw DICOMError(.invalidValue, "\(name) has \(v.count) value(s), not 2", file: file) }
            let range = HeaderLimits.pixelSpacing
            guard range.contains(v[0]), range.contains(v[1]) else {
                throw DICOMError(.invalidValue, "\(name) must be two positive spacings of \(range.lowerBound)…\(range.upperBound) mm", file: file)
            }
            return (v[0], v[1])
        }
    }

    /// RescaleSlope or RescaleIntercept (PS3.3 C.11.1.1.2): `nil` when absent.
    /// - Throws: `.invalidValue` when not finite or larger in magnitude than `limit`.
    static func rescale(_ numbers: HeaderNumbers, _ keyword: String, limit: Double, file: String, frame: Int?) throws -> Double? {
        let name = label(keyword, frame: frame)
        switch numbers {
        case .absent: return nil
        case .invalid(let why): throw DICOMError(.invalidValue, "\(name): \(why)", file: file)
        case .values(let v):
            guard abs(v[0]) <= limit else {
                throw DICOMError(.invalidValue, "\(name) exceeds \(limit) in magnitude", file: file)
            }
            return v[0]
        }
    }

    private static func label(_ attribute: String, frame: Int?) -> String {
        frame.map { "frame \($0): \(attribute)" } ?? attribute
    }
}
