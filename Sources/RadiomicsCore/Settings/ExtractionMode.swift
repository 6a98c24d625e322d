/// The named preprocessing/feature-definition presets of the extractor (`setting: {mode: …}`).
///
/// `pyradiomics` (default) reproduces PyRadiomics 3.1.0 to round-off (see `notes/radiomics-parity.md` §6).
///
/// `ibsi` is the IBSI 1 preset (IBSI reference manual, arXiv:1612.07003, §2 "Image processing"), the same
/// parameter keys meaning what IBSI means by them:
/// - intensities rounded to the nearest integer before anything else (IBSI: CT phantom "round to integers");
/// - with `resampledPixelSpacing` (0 = keep the axis): the **centre-aligned** grid over the whole image
///   (``VolumeModule/VolumeGeometry/centreAlignedGrid(spacing:)``), `interpolator` `sitkLinear` = trilinear,
///   `sitkBSpline` = tricubic B-spline, `sitkNearestNeighbor`; interpolated intensities rounded to integers;
///   the ROI mask interpolated trilinearly and thresholded at 0.5 (partial volume);
/// - `resegmentRange` (absolute) **and** `outlierFiltering` (mean ± k·σ) together, range first; shape features
///   use the interpolated, non-resegmented ("morphological") mask, the others the resegmented ("intensity") mask;
/// - fixed bin width from the resegmentation lower bound (else from the ROI minimum): level = ⌊(x − origin)/W⌋ + 1
///   (`binOrigin` overrides); filtered images bin from their own ROI minimum;
/// - feature definitions: Kurtosis is IBSI's excess kurtosis (PyRadiomics − 3). Every other PyRadiomics formula is
///   already IBSI's (GLCM/GLRLM per-direction averaging = IBSI "3D averaged", `weightingNorm: no_weighting` = "3D
///   merged"; `force2D` = IBSI "2.5D"); PCA axis lengths (Major/Minor/LeastAxisLength) use IBSI's 1/(N − 1)
///   covariance instead of PyRadiomics' 1/N.
/// Filters run on the whole resampled image; PyRadiomics' LoG and wavelet definitions are not used: the IBSI 2
/// filters of ``IBSIFilters`` replace them (LoG: sampled kernel truncated at 4σ, not scale-normalised; wavelet:
/// undecimated, not rotation-invariant), with the boundary condition `filterPadding` (default mirror).
public enum ExtractionMode: String, Sendable, Equatable, Codable, CaseIterable {
    /// PyRadiomics 3.1.0 behaviour.
    case pyRadiomics = "pyradiomics"
    /// The IBSI 1 preset.
    case ibsi
}

extension ExtractionParameters {
    /// Selects a preset for the `setting:` section and every image type's own settings (CLI `--mode`).
    public mutating func setMode(_ mode: ExtractionMode) {
        settings.mode = mode
        for key in imageTypeSettings.keys { imageTypeSettings[key]?.mode = mode }
    }
}
