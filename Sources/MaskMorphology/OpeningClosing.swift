import VolumeModule

extension Volume where Voxel == UInt8 {
    /// Morphological opening by a Euclidean ball of `radius` mm: erosion then dilation. Removes parts
    /// thinner than the ball; never adds voxels.
    /// - Throws: as ``eroded(byMillimetres:dimensionality:)``.
    public func opened(byMillimetres radius: Double, dimensionality: Dimensionality = .volume) throws -> Mask {
        try eroded(byMillimetres: radius, dimensionality: dimensionality)
            .dilated(byMillimetres: radius, dimensionality: dimensionality)
    }

    /// Morphological closing by a Euclidean ball of `radius` mm: dilation then erosion. Fills gaps and
    /// notches narrower than the ball; never removes voxels (every zero voxel within the radius of a kept
    /// voxel was filled by the dilation).
    /// - Throws: as ``dilated(byMillimetres:dimensionality:)``.
    public func closed(byMillimetres radius: Double, dimensionality: Dimensionality = .volume) throws -> Mask {
        try dilated(byMillimetres: radius, dimensionality: dimensionality)
            .eroded(byMillimetres: radius, dimensionality: dimensionality)
    }
}
