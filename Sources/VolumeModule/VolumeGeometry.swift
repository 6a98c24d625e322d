/// Where every voxel of a 3D grid lies in patient space.
///
/// The convention (ITK's, and DICOM's patient coordinate system) is written once, here:
/// - Index `(i, j, k)` = (column, row, slice); `i` varies fastest in memory:
///   `offset = i + nx·(j + ny·k)` (see ``Size3/offset(_:_:_:)``).
/// - ``origin`` is the **centre** of voxel (0, 0, 0) in DICOM patient coordinates **LPS**
///   (+x toward the patient's left, +y posterior, +z superior), in millimetres. For a DICOM series it
///   is ImagePositionPatient (0020,0032) of the first slice in sorted order.
/// - ``direction`` holds, as **columns**, the unit vectors of the i, j and k axes. Columns 1–2 come from
///   ImageOrientationPatient (0020,0037); column 3 from the sorted slice positions (DICOM PS3.3 C.7.6.2.1.1).
/// - ``spacing`` = (column spacing = PixelSpacing[1], row spacing = PixelSpacing[0], slice step), in mm.
///   The slice step is measured from positions, never taken from SliceThickness.
/// - `point = origin + direction · (spacing ⊙ index)` (ITK `TransformIndexToPhysicalPoint`).
///
/// NIfTI (RAS) and NumPy (z, y, x) orders appear only in explicitly named conversions elsewhere.
public struct VolumeGeometry: Hashable, Sendable, Codable {
    /// Voxel counts along i, j, k.
    public var size: Size3
    /// Voxel spacing along i, j, k in millimetres (all > 0).
    public var spacing: Vector3
    /// Centre of voxel (0, 0, 0) in LPS millimetres.
    public var origin: Vector3
    /// Unit vectors of the i, j, k axes in LPS, as columns.
    public var direction: Matrix3

    /// Creates a geometry. - Precondition: spacings are positive.
    public init(size: Size3, spacing: Vector3, origin: Vector3, direction: Matrix3 = .identity) {
        precondition(spacing.x > 0 && spacing.y > 0 && spacing.z > 0, "spacing must be positive")
        self.size = size
        self.spacing = spacing
        self.origin = origin
        self.direction = direction
    }

    /// Number of voxels.
    public var voxelCount: Int { size.count }

    /// Volume of one voxel in mm³.
    public var voxelVolume: Double { spacing.x * spacing.y * spacing.z * abs(direction.determinant) }

    /// The 3×3 matrix mapping an index step to a millimetre displacement: `direction · diag(spacing)`.
    public var indexToPhysical: Matrix3 {
        Matrix3(columns: direction.columns.0 * spacing.x, direction.columns.1 * spacing.y,
                direction.columns.2 * spacing.z)
    }

    /// Patient-space point (LPS mm) of a continuous index (voxel centres at integers).
    public func physicalPoint(at index: Vector3) -> Vector3 {
        origin + indexToPhysical * index
    }

    /// Patient-space point (LPS mm) of the centre of voxel (i, j, k).
    public func physicalPoint(i: Int, j: Int, k: Int) -> Vector3 {
        physicalPoint(at: Vector3(Double(i), Double(j), Double(k)))
    }

    /// Continuous index of a patient-space point (inverse of ``physicalPoint(at:)``), or `nil` when the
    /// direction matrix is singular.
    public func continuousIndex(at point: Vector3) -> Vector3? {
        guard let inverse = indexToPhysical.inverse else { return nil }
        return inverse * (point - origin)
    }

    /// Whether two grids describe the same voxels: equal sizes, and spacing, origin and direction within
    /// `tolerance` (mm for spacing and origin, unitless for direction cosines).
    public func isCongruent(with other: VolumeGeometry, tolerance: Double = 1e-4) -> Bool {
        size == other.size && spacing.maxAbsDifference(other.spacing) <= tolerance
            && origin.maxAbsDifference(other.origin) <= tolerance
            && direction.maxAbsDifference(other.direction) <= tolerance
    }
}
