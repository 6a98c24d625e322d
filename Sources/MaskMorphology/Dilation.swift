import VolumeModule

extension Volume where Voxel == UInt8 {
    /// Dilation by a Euclidean ball of `radius` millimetres: every voxel whose centre lies within `radius`
    /// (≤) of the centre of a non-zero voxel.
    ///
    /// Exact for any voxel shape: uses the squared Euclidean distance transform with the grid's spacing
    /// (``EuclideanDistanceTransform``) on the foreground's bounding box grown by the radius, so the cost
    /// scales with the structure, not the grid. The result equals thresholding ITK's
    /// `SignedMaurerDistanceMap` (`useImageSpacing = true`) at `≤ radius`. It differs from SimpleITK's
    /// `BinaryDilate` with a `sitkBall` kernel, whose radius is a whole number of voxels per axis.
    /// Voxels outside the grid are never foreground and the result never grows beyond the grid.
    ///
    /// - Parameters:
    ///   - radius: ball radius in mm (≥ 0; 0 returns the binarised mask).
    ///   - dimensionality: `.slices` dilates within each `k` plane only (a disc).
    /// - Returns: a binary mask (0/1) on the same grid.
    /// - Throws: ``MaskMorphologyError/invalidRadius(_:)``, ``MaskMorphologyError/nonOrthonormalDirection``.
    public func dilated(byMillimetres radius: Double, dimensionality: Dimensionality = .volume) throws -> Mask {
        try MorphologySupport.check(radius: radius)
        try MorphologySupport.checkOrthonormal(geometry)
        guard let box = MorphologySupport.foregroundBox(self) else { return Mask(geometry: geometry, repeating: 0) }
        let region = MorphologySupport.grow(box, by: MorphologySupport.reach(radius, geometry.spacing, dimensionality), in: size)
        let d = MorphologySupport.squaredDistances(in: self, box: region, dimensionality: dimensionality) { $0 != 0 }
        let limit = radius * radius + MorphologySupport.squaredRadiusSlack
        return d.withUnsafeBufferPointer { d in
            MorphologySupport.fill(geometry, box: region) { local, _ in d[local] <= limit }
        }
    }
}
