/// IBSI-style resampling (IBSI 1 §2.4 "Interpolation"; the preprocessing of IBSI configurations B–E):
/// centre-aligned grid over the whole image, trilinear image interpolation with intensities rounded to the
/// nearest integer, and the ROI mask by trilinear interpolation thresholded at 0.5 (partial volume).
///
/// Deviations from PyRadiomics (see `notes/radiomics-parity.md` §7): grid centred and not cropped, rounding
/// instead of truncation, mask not nearest-neighbour.
public enum IBSIResampling {
    /// Resampled image and ROI mask on one grid.
    public struct Result: Sendable {
        /// Interpolated intensities (rounded to integers when requested).
        public var image: Volume<Float>
        /// Binary ROI mask (1 inside).
        public var mask: Mask
    }

    /// Resamples `image` and the ROI `label` of `mask` onto `image`'s centre-aligned grid with `spacing`
    /// (``VolumeGeometry/centreAlignedGrid(spacing:)``).
    ///
    /// - Parameters:
    ///   - image: intensities (e.g. HU).
    ///   - mask: label image, any grid (resampled through patient coordinates).
    ///   - label: ROI label.
    ///   - spacing: new spacing in mm (x y z), all positive.
    ///   - roundIntensities: round interpolated intensities to the nearest integer, halves away from zero
    ///     (IBSI for CT); `false` keeps them as `Float`.
    ///   - maskThreshold: partial-volume threshold (IBSI: 0.5).
    /// - Throws: ``VolumeModuleError/invalidSpacing(_:)``, ``VolumeModuleError/singularGeometry``.
    public static func resample(image: Volume<Float>, mask: Mask, label: UInt8 = 1, spacing: Vector3,
                                roundIntensities: Bool = true, maskThreshold: Double = 0.5) throws -> Result
    {
        guard spacing.array.allSatisfy({ $0 > 0 && $0.isFinite }) else { throw VolumeModuleError.invalidSpacing(spacing) }
        let target = image.geometry.centreAlignedGrid(spacing: spacing)
        let values = try resampleVoxels(image, onto: target, interpolation: .linear, outside: Float(0)) { value in
            Float(roundIntensities ? value.rounded(.toNearestOrAwayFromZero) : value)
        }
        let roi = try mask.resampledPartialVolume(of: label, onto: target, threshold: maskThreshold)
        return Result(image: Volume(geometry: target, voxels: values), mask: roi)
    }
}
