/// A 3D image: voxel values on a ``VolumeGeometry``.
///
/// Voxels are stored in ITK order (`i` fastest, see ``VolumeGeometry``). `Voxel` is a plain scalar such as
/// `Float` (HU or other intensities), `Int16` (exactly representable HU) or `UInt8` (masks).
public struct Volume<Voxel: BitwiseCopyable & Sendable>: Sendable {
    /// Where the voxels lie.
    public var geometry: VolumeGeometry
    /// Voxel values, `geometry.voxelCount` of them, `i` fastest.
    public var voxels: [Voxel]

    /// Creates a volume. - Precondition: `voxels.count == geometry.voxelCount`.
    public init(geometry: VolumeGeometry, voxels: [Voxel]) {
        precondition(voxels.count == geometry.voxelCount, "voxel count does not match the geometry")
        self.geometry = geometry
        self.voxels = voxels
    }

    /// Creates a volume filled with one value.
    public init(geometry: VolumeGeometry, repeating value: Voxel) {
        self.init(geometry: geometry, voxels: [Voxel](repeating: value, count: geometry.voxelCount))
    }

    /// Voxel count along i, j, k.
    public var size: Size3 { geometry.size }

    /// The voxel at (i, j, k). - Precondition: the index is inside the grid.
    public subscript(i: Int, j: Int, k: Int) -> Voxel {
        get { voxels[geometry.size.offset(i, j, k)] }
        set { voxels[geometry.size.offset(i, j, k)] = newValue }
    }

    /// A volume on the same grid with every voxel transformed.
    ///
    /// `@inlinable`, so that a caller in another module gets a loop specialised for its voxel types (the
    /// unspecialised generic `map` goes through value witnesses and costs ~10× as much: 0.25 s for the
    /// Int16 → Float copy of a 512 × 512 × 89 CT).
    @inlinable
    public func map<T>(_ transform: (Voxel) throws -> T) rethrows -> Volume<T> {
        Volume<T>(geometry: geometry, voxels: try voxels.map(transform))
    }
}

extension Volume: Equatable where Voxel: Equatable {}
