import VolumeModule

/// Everything that can go wrong while rendering or writing QA images.
///
/// Messages never contain patient data: the module only ever sees voxels, geometries and the labels its
/// caller chose.
public enum PNGRenderError: Error, Sendable, Equatable {
    /// libpng (through the CPNG shim) refused to encode or write; `status` is the shim's `cpng_status`.
    case encodingFailed(status: Int, message: String)
    /// A mask or phase is not on the grid of the reference volume (``VolumeGeometry/isCongruent(with:tolerance:)``).
    case geometryMismatch(expected: VolumeGeometry, found: VolumeGeometry)
    /// The volume's direction matrix has no unambiguous nearest axis-aligned orientation (two index axes
    /// closest to the same patient axis, e.g. a 45° oblique acquisition).
    case ambiguousOrientation(direction: Matrix3)
    /// The requested point (LPS mm) lies outside the volume along the slice normal.
    case pointOutsideVolume(point: Vector3)
    /// A mask holds no voxel of the requested structure, so it has no centroid or extent.
    case emptyMask(structure: String)
    /// A rendering needs at least one phase (volume) and got none.
    case noPhases
    /// A volume has no voxels, or no finite voxel value (e.g. for an automatic window).
    case emptyVolume
    /// A file or folder could not be written; `path` is the output path we generated.
    case writeFailed(path: String, reason: String)
}
