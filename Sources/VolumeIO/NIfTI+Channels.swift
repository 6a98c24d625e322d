import Foundation
import VolumeModule

extension NIfTI {
    /// Writes a multi-channel float32 image as ITK writes a vector image: NIfTI-1 with `dim` = [5, x, y, z, 1, C],
    /// `intent_code` 1007 (NIFTI_INTENT_VECTOR), channel-planar data (every voxel of channel 0, then channel 1, …;
    /// within a channel x fastest, then y, then z), so ITK/SimpleITK read it as a 3D image with C components per
    /// pixel and nibabel as an (x, y, z, 1, C) array. The memory layout is that of a C-order (C, z, y, x) array.
    /// Geometry and the rest of the header as ``write(_:to:compressionLevel:)`` (`.nii.gz` → BGZF).
    /// - Parameters:
    ///   - values: `channels × geometry.voxelCount` values, channel by channel.
    ///   - channels: number of channels (≥ 1).
    /// - Throws: ``VolumeIOError`` when the file cannot be written.
    public static func writeChannels(_ values: [Float], channels: Int, geometry: VolumeGeometry, to url: URL,
                                     compressionLevel: Int32 = 6) throws {
        precondition(channels >= 1 && values.count == channels * geometry.voxelCount, "one value per voxel and channel")
        guard channels <= maximumExtent else {
            throw VolumeIOError.unsupported(path: url.path, reason: "NIfTI-1 holds at most \(maximumExtent) channels")
        }
        var header = try makeHeader(geometry: geometry, type: .float32, path: url.path)
        if channels > 1 {
            var h = ByteWriter(bytes: header)
            h.put(Int16(5), at: 40)  // dim[0]
            h.put(Int16(1), at: 48)  // dim[4]: t
            h.put(Int16(channels), at: 50)  // dim[5]: components
            h.put(Int16(1007), at: 68)  // intent_code NIFTI_INTENT_VECTOR
            header = h.bytes
        }
        try ImageFile.write(url, header: header, voxels: values,
                            compression: url.path.hasSuffix(".gz") ? .whole(level: compressionLevel) : .none)
    }
}
