import VolumeModule

/// The NIfTI world transform: a 3×4 affine in **RAS+** (NIfTI "scanner anat"), built from a geometry in
/// LPS as SimpleITK/ITK write it: `A_RAS = diag(−1, −1, 1) · [direction · diag(spacing) | origin]`, with the
/// data kept in ITK order (no row flip).
public struct AffineRAS: Equatable, Sendable {
    /// The linear part (rows are srow_x/y/z without the translation).
    public var linear: Matrix3
    /// Translation: RAS position of voxel (0, 0, 0).
    public var translation: Vector3

    /// The RAS affine of an LPS geometry.
    public init(_ geometry: VolumeGeometry) {
        let m = geometry.indexToPhysical
        linear = Matrix3(rowMajor: [-m[0, 0], -m[0, 1], -m[0, 2], -m[1, 0], -m[1, 1], -m[1, 2], m[2, 0], m[2, 1], m[2, 2]])
        translation = Vector3(-geometry.origin.x, -geometry.origin.y, geometry.origin.z)
    }

    /// Creates an affine from its parts.
    public init(linear: Matrix3, translation: Vector3) {
        self.linear = linear
        self.translation = translation
    }

    /// The LPS geometry of this affine for a grid of `size` (spacing = column norms).
    /// - Returns: `nil` when a column is zero.
    public func geometry(size: Size3) -> VolumeGeometry? {
        let lps = Matrix3(rowMajor: [-linear[0, 0], -linear[0, 1], -linear[0, 2], -linear[1, 0], -linear[1, 1],
                                     -linear[1, 2], linear[2, 0], linear[2, 1], linear[2, 2]])
        let spacing = Vector3(lps.columns.0.length, lps.columns.1.length, lps.columns.2.length)
        guard spacing.x > 0, spacing.y > 0, spacing.z > 0 else { return nil }
        let direction = Matrix3(columns: lps.columns.0 / spacing.x, lps.columns.1 / spacing.y, lps.columns.2 / spacing.z)
        return VolumeGeometry(size: size, spacing: spacing,
                              origin: Vector3(-translation.x, -translation.y, translation.z), direction: direction)
    }

    /// Rows of the 3×4 matrix, each `[a, b, c, t]` (NIfTI srow_x, srow_y, srow_z).
    public var rows: [[Double]] {
        let t = translation.array
        return (0..<3).map { r in [linear[r, 0], linear[r, 1], linear[r, 2], t[r]] }
    }
}
