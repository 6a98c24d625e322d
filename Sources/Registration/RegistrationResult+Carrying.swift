import VolumeModule

extension RegistrationResult {
    /// A baseline (moving) mask carried onto the follow-up (fixed) grid: the binary mask of `label` is
    /// interpolated trilinearly at `transform(x)` for every follow-up voxel centre `x` and thresholded at 0.5
    /// (partial volume, IBSI 1 §2.4), which keeps volumes better than nearest neighbour under rotation.
    /// Voxels mapping outside the baseline grid are 0.
    /// - Parameters:
    ///   - mask: baseline label image (tumour, liver), on any baseline grid.
    ///   - label: the label to carry (default 1).
    ///   - grid: the follow-up grid.
    /// - Returns: a binary mask (1 inside) on `grid`.
    /// - Throws: `VolumeModuleError.singularGeometry` for a singular mask grid.
    public func carried(_ mask: Mask, label: UInt8 = 1, onto grid: VolumeGeometry) throws -> Mask {
        try mask.resampledPartialVolume(of: label, onto: grid, through: transform, threshold: 0.5)
    }

    /// A baseline image carried onto the follow-up grid (trilinear), e.g. for a checkerboard QA picture.
    /// - Parameters:
    ///   - image: baseline intensities (HU).
    ///   - grid: the follow-up grid.
    ///   - defaultValue: value where the follow-up voxel maps outside the baseline (default −1024 HU, air).
    /// - Throws: `VolumeModuleError.singularGeometry`.
    public func carried(_ image: Volume<Float>, onto grid: VolumeGeometry, defaultValue: Float = -1024) throws
        -> Volume<Float>
    {
        try image.resampled(onto: grid, through: transform, interpolation: .linear, defaultValue: defaultValue)
    }
}
