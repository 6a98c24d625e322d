import VolumeModule

extension Volume where Voxel == UInt8 {
    /// Erosion by a Euclidean ball of `radius` millimetres: the non-zero voxels whose centre lies farther
    /// than `radius` (>) from the centre of every zero voxel of the grid.
    ///
    /// The exact dual of ``dilated(byMillimetres:dimensionality:)``: `eroded(A) = ¬dilated(¬A)` inside the
    /// grid. Voxels outside the grid count as foreground (ITK `BinaryErode`'s default
    /// `BoundaryToForeground = true`), so a structure touching the grid edge is not eroded from that edge.
    /// Equals thresholding ITK's `SignedMaurerDistanceMap` **of the complement** at `> radius`. (Thresholding
    /// the map of the mask itself at `< −radius` is not the same set: Maurer's inside distances run to the
    /// mask's own boundary voxels, one voxel inward, see ``SignedDistanceMap``.)
    ///
    /// - Parameters:
    ///   - radius: ball radius in mm (≥ 0; 0 returns the binarised mask).
    ///   - dimensionality: `.slices` erodes within each `k` plane only (a disc).
    /// - Returns: a binary mask (0/1) on the same grid.
    /// - Throws: ``MaskMorphologyError/invalidRadius(_:)``, ``MaskMorphologyError/nonOrthonormalDirection``.
    public func eroded(byMillimetres radius: Double, dimensionality: Dimensionality = .volume) throws -> Mask {
        try MorphologySupport.check(radius: radius)
        try MorphologySupport.checkOrthonormal(geometry)
        guard let box = MorphologySupport.foregroundBox(self) else { return Mask(geometry: geometry, repeating: 0) }
        var reach = MorphologySupport.reach(radius, geometry.spacing, dimensionality)
        reach = (reach.0 + 1, reach.1 + 1, dimensionality == .slices ? 0 : reach.2 + 1)
        let region = MorphologySupport.grow(box, by: reach, in: size)
        let d = MorphologySupport.squaredDistances(in: self, box: region, dimensionality: dimensionality) { $0 == 0 }
        let limit = radius * radius + MorphologySupport.squaredRadiusSlack
        return voxels.withUnsafeBufferPointer { m in
            d.withUnsafeBufferPointer { d in
                MorphologySupport.fill(geometry, box: region) { local, global in m[global] != 0 && d[local] > limit }
            }
        }
    }
}
