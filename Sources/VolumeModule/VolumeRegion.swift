/// A box of a volume held on its own (e.g. read from a file without the rest): the box's voxels on the cropped
/// grid, with the whole volume's grid and the box's place in it. Resampling that interpolates on the whole grid's
/// indices (``PyRadiomicsResampling/resample(region:mask:label:spacing:interpolator:padDistance:pixelType:)``) reads
/// a region exactly as it reads the whole volume, as long as the region holds the box it reaches.
public struct VolumeRegion<Voxel: BitwiseCopyable & Sendable>: Sendable {
    /// The box's voxels; its geometry is `whole` cropped to `box` (origin at the box's first voxel).
    public var volume: Volume<Voxel>
    /// The grid of the whole volume (size, spacing, origin, direction).
    public var whole: VolumeGeometry
    /// Where `volume` lies in `whole`, ITK (i, j, k) order, bounds inclusive.
    public var box: IndexBox

    /// A region from its voxels and place.
    /// - Precondition: `volume` has the box's size and the box lies inside `whole`.
    public init(volume: Volume<Voxel>, whole: VolumeGeometry, box: IndexBox) {
        precondition(volume.size == box.size, "region voxels do not have the box's size")
        precondition(whole.size.contains(box.lower.i, box.lower.j, box.lower.k)
                     && whole.size.contains(box.upper.i, box.upper.j, box.upper.k), "region box outside the grid")
        self.volume = volume
        self.whole = whole
        self.box = box
    }

    /// The whole volume as its own region.
    public init(whole volume: Volume<Voxel>) {
        let s = volume.size
        self.init(volume: volume, whole: volume.geometry,
                  box: IndexBox(lower: Index3(0, 0, 0), upper: Index3(s.i - 1, s.j - 1, s.k - 1)))
    }

    /// Whether `inner` (on the whole grid) lies inside this region's box.
    public func holds(_ inner: IndexBox) -> Bool {
        box.contains(inner.lower.i, inner.lower.j, inner.lower.k) && box.contains(inner.upper.i, inner.upper.j, inner.upper.k)
    }

    /// The voxels of `inner` (a box of the whole grid inside this region) on the cropped grid, without a copy
    /// when `inner` is the region's own box.
    /// - Precondition: ``holds(_:)``.
    public func cropped(to inner: IndexBox) -> Volume<Voxel> {
        precondition(holds(inner), "box outside the region")
        if inner == box { return volume }
        let shift = box.lower
        return volume.cropped(to: IndexBox(
            lower: Index3(inner.lower.i - shift.i, inner.lower.j - shift.j, inner.lower.k - shift.k),
            upper: Index3(inner.upper.i - shift.i, inner.upper.j - shift.j, inner.upper.k - shift.k)))
    }
}
