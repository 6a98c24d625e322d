extension Volume where Voxel == UInt8 {
    /// This label image resampled onto `target` by nearest neighbour (ITK
    /// `NearestNeighborInterpolateImageFunction`, index rounded half up): every label value is kept.
    /// This is how PyRadiomics 3.1.0 resamples masks.
    ///
    /// - Parameters:
    ///   - target: output grid.
    ///   - transform: target LPS point → this mask's LPS point (ITK `ResampleImageFilter` convention;
    ///     default identity: patient coordinates).
    ///   - outsideLabel: value of output voxels whose centre lies outside this mask (`[−0.5, N − 0.5)`).
    /// - Throws: ``VolumeModuleError/singularGeometry``.
    public func resampledNearest(onto target: VolumeGeometry, through transform: AffineTransform3D = .identity,
                                 outsideLabel: UInt8 = 0) throws -> Mask {
        let voxels = try resampleVoxels(self, onto: target, through: transform, interpolation: .nearest,
                                        outside: outsideLabel) {
            UInt8($0)
        }
        return Mask(geometry: target, voxels: voxels)
    }

    /// The fraction of each `target` voxel covered by `label`, estimated by trilinear interpolation of the
    /// binary mask (1 where the voxel equals `label`), in `[0, 1]`; 0 outside this mask. `transform` maps target
    /// LPS points to this mask's LPS points (default identity).
    /// - Throws: ``VolumeModuleError/singularGeometry``.
    public func resampledFraction(of label: UInt8, onto target: VolumeGeometry,
                                  through transform: AffineTransform3D = .identity) throws -> Volume<Float> {
        let binary = self.binary(selecting: label)
        let voxels = try resampleVoxels(binary, onto: target, through: transform, interpolation: .linear,
                                        outside: Float(0)) {
            Float($0)
        }
        return Volume<Float>(geometry: target, voxels: voxels)
    }

    /// Partial-volume resampling (IBSI 1 §2.4, "interpolation of the ROI mask"): trilinear interpolation of
    /// the binary mask for `label`, then 1 where the interpolated fraction is ≥ `threshold` (compared in
    /// `Double`), else 0. `transform` maps target LPS points to this mask's LPS points (default identity).
    /// - Throws: ``VolumeModuleError/singularGeometry``.
    public func resampledPartialVolume(of label: UInt8, onto target: VolumeGeometry,
                                       through transform: AffineTransform3D = .identity, threshold: Double = 0.5)
        throws -> Mask
    {
        let binary = self.binary(selecting: label)
        let voxels = try resampleVoxels(binary, onto: target, through: transform, interpolation: .linear,
                                        outside: UInt8(0)) {
            $0 >= threshold ? 1 : 0
        }
        return Mask(geometry: target, voxels: voxels)
    }
}
