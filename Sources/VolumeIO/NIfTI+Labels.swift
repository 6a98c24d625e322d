import Foundation
import VolumeModule

extension NIfTI {
    /// Reads a `.nii`/`.nii.gz` label image straight into a `Mask` (UInt8 labels), without a `Float` copy of the
    /// volume: the voxel bytes are decoded one by one (after `scl_slope`/`scl_inter`, in `Float` as ``read(_:)``
    /// does) and must be integers 0…255. Geometry as ``read(_:)`` (sform, else qform, else pixdim; RAS → LPS).
    /// - Throws: ``VolumeIOError/unsupported(path:reason:)`` naming the file when a value is not an integer in
    ///   0…255; otherwise as ``read(_:)``.
    public static func readLabels(_ url: URL) throws -> Mask {
        var bytes = try ImageFile.readBytes(url)
        let header = try bytes.withUnsafeBytes { try NIfTIHeader($0, path: url.path) }
        let needed = header.dataOffset + header.dataBytes
        guard bytes.count >= needed else {
            throw VolumeIOError.malformed(path: url.path, reason: "data shorter than dim × bitpix (\(bytes.count) of \(needed) bytes)")
        }
        if header.type == .uint8 && !isScaled(slope: header.slope, intercept: header.intercept) {
            // The labels are the bytes: move them to the front of the inflated buffer (no second whole-mask array).
            bytes.removeSubrange(needed...)
            bytes.removeSubrange(0..<header.dataOffset)
            return Mask(geometry: header.geometry, voxels: bytes)
        }
        let values = try bytes.withUnsafeBytes { raw in
            try labels(header.type, UnsafeRawBufferPointer(rebasing: raw[header.dataOffset..<needed]), count: header.size.count,
                       bigEndian: header.bigEndian, slope: header.slope, intercept: header.intercept, path: url.path)
        }
        return Mask(geometry: header.geometry, voxels: values)
    }

    /// Whether `scl_slope`/`scl_inter` change the stored values (a slope of 0 or not finite is ignored, as in
    /// ``read(_:)``).
    static func isScaled(slope: Float, intercept: Float) -> Bool {
        slope != 0 && slope.isFinite && (slope != 1 || intercept != 0)
    }

    /// Stored values as UInt8 labels (after `scl_slope`/`scl_inter`, in `Float` as ``read(_:)``), decoded a slab
    /// at a time so no whole-volume `Float` array exists.
    /// - Throws: ``VolumeIOError/unsupported(path:reason:)`` when a value is not an integer in 0…255.
    static func labels(_ type: VoxelType, _ raw: UnsafeRawBufferPointer, count: Int, bigEndian: Bool, slope: Float,
                       intercept: Float, path: String) throws -> [UInt8] {
        let scaled = isScaled(slope: slope, intercept: intercept)
        if type == .uint8 && !scaled { return [UInt8](UnsafeRawBufferPointer(rebasing: raw[0..<count])) }
        var labels = [UInt8](repeating: 0, count: count)
        var bad = false
        labels.withUnsafeMutableBufferPointer { labels in
            // Decode a slab at a time so no whole-volume Float array exists.
            let slab = 1 << 16
            var start = 0
            while start < count && !bad {
                let n = min(slab, count - start)
                let width = type.byteCount
                let bytes = UnsafeRawBufferPointer(rebasing: raw[(start * width)..<((start + n) * width)])
                let values = type.decode(bytes, count: n, bigEndian: bigEndian)
                for m in 0..<n {
                    let v = scaled ? values[m] * slope + intercept : values[m]
                    if v == 0 { continue }
                    if !(v > 0 && v <= 255 && v == v.rounded()) { bad = true; break }
                    labels[start + m] = UInt8(v)
                }
                start += n
            }
        }
        if bad {
            throw VolumeIOError.unsupported(path: path, reason: "label values must be integers 0…255")
        }
        return labels
    }
}
