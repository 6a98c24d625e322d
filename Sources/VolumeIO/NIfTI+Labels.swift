import Foundation
import VolumeModule

extension NIfTI {
    /// Reads a `.nii`/`.nii.gz` label image straight into a `Mask` (UInt8 labels), without a `Float` copy of the
    /// volume: the voxel bytes are decoded one by one (after `scl_slope`/`scl_inter`, in `Float` as ``read(_:)``
    /// does) and must be integers 0…255. Geometry as ``read(_:)`` (sform, else qform, else pixdim; RAS → LPS).
    /// - Throws: ``VolumeIOError/unsupported(path:reason:)`` naming the file when a value is not an integer in
    ///   0…255; otherwise as ``read(_:)``.
    public static func readLabels(_ url: URL) throws -> Mask {
        try readVolume(url) { type, raw, count, bigEndian, slope, intercept in
            try labels(type, raw, count: count, bigEndian: bigEndian, slope: slope, intercept: intercept, path: url.path)
        }.0
    }

    /// Stored values as UInt8 labels (after `scl_slope`/`scl_inter`, in `Float` as ``read(_:)``), decoded a slab
    /// at a time so no whole-volume `Float` array exists.
    /// - Throws: ``VolumeIOError/unsupported(path:reason:)`` when a value is not an integer in 0…255.
    static func labels(_ type: VoxelType, _ raw: UnsafeRawBufferPointer, count: Int, bigEndian: Bool, slope: Float,
                       intercept: Float, path: String) throws -> [UInt8] {
        let scaled = slope != 0 && slope.isFinite && (slope != 1 || intercept != 0)
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
