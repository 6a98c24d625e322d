/// Errors thrown by `VolumeModule` for bad input data (programmer errors trap instead).
public enum VolumeModuleError: Error, Sendable, Equatable {
    /// The mask holds no voxel with this label.
    case labelAbsent(label: UInt8)
    /// The region of interest's bounding box reaches outside the image's physical extent (PyRadiomics
    /// `_checkROI`, tolerance 10⁻³ voxel).
    case roiOutsideImage(label: UInt8)
    /// A grid's direction·spacing matrix cannot be inverted.
    case singularGeometry
    /// Grids to be combined have different directions (beyond the tolerance).
    case directionMismatch
    /// The intersection of the grids' fields of view is empty.
    case emptyIntersection
    /// A requested spacing is not positive (or not finite).
    case invalidSpacing(Vector3)
}
