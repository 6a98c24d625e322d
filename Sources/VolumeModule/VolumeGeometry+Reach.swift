extension VolumeGeometry {
    /// The voxels of this grid that resampling onto `target` reads: the box of this grid's indices around the
    /// continuous indices of `target`'s voxel centres (patient coordinates, identity transform), widened by
    /// `margin` voxels and clamped to this grid; `nil` when no voxel is within reach (the target lies outside).
    ///
    /// With `margin` ≥ 1, nearest-neighbour and linear resampling (``Interpolation/nearest``,
    /// ``Interpolation/linear``) of the cropped volume (`Volume.cropped(to:)`) onto `target` read the same voxels
    /// as resampling the whole volume: every interpolation neighbour of every inside point lies in the box, and
    /// where the box stops short of the grid's edge no target point comes within a voxel of it. The values agree
    /// to the rounding of the continuous index, which is computed from the crop's origin (another number than
    /// the whole grid's): linear values to about 10⁻¹² relative (as a rule bit for bit in `Float`); nearest can
    /// differ only for a target point exactly halfway between two voxels, where the two roundings may pick
    /// different neighbours. Not for B-spline interpolation, whose prefilter reaches the whole volume. The target's
    /// voxel centres map affinely, so the extremes lie at its 8 corner voxels.
    /// - Returns: the box, bounds inclusive, ITK (i, j, k) order; `nil` also for a singular direction.
    public func indexBox(reaching target: VolumeGeometry, margin: Int = 1) -> IndexBox? {
        var low = Vector3(.infinity, .infinity, .infinity), high = Vector3(-.infinity, -.infinity, -.infinity)
        for corner in 0..<8 {
            let index = Vector3(corner & 1 == 0 ? 0 : Double(target.size.i - 1),
                                corner & 2 == 0 ? 0 : Double(target.size.j - 1),
                                corner & 4 == 0 ? 0 : Double(target.size.k - 1))
            guard let c = continuousIndex(at: target.physicalPoint(at: index)),
                  c.x.isFinite, c.y.isFinite, c.z.isFinite else { return nil }
            low = Vector3(min(low.x, c.x), min(low.y, c.y), min(low.z, c.z))
            high = Vector3(max(high.x, c.x), max(high.y, c.y), max(high.z, c.z))
        }
        func bounds(_ low: Double, _ high: Double, _ count: Int) -> (Int, Int)? {
            // Clamp in Double first: a far-away target must not overflow Int.
            let lo = max(0, min(Double(count), (low - Double(margin)).rounded(.down)))
            let hi = min(Double(count - 1), max(-1, (high + Double(margin)).rounded(.up)))
            return lo <= hi ? (Int(lo), Int(hi)) : nil
        }
        guard let i = bounds(low.x, high.x, size.i), let j = bounds(low.y, high.y, size.j),
              let k = bounds(low.z, high.z, size.k) else { return nil }
        return IndexBox(lower: Index3(i.0, j.0, k.0), upper: Index3(i.1, j.1, k.1))
    }
}
