import RadiomicsCore

/// The feature configuration `process` uses when none is given: the seed studies' 1316 features
/// (107 on the original image + 93 on each of LoG σ = 1…5 mm and the 8 coif1 wavelet sub-bands) after
/// resampling to 1 mm isotropic (PyRadiomics' default B-spline) with a fixed bin width of 25 HU. The same
/// configuration as `../shared/testdata/pyradiomics/reference-1316` (which checks it value by value).
public enum DefaultFeatureParameters {
    /// The PyRadiomics parameter file text.
    public static let yaml = settings + """
        imageType:
          Original: {}
          LoG: {sigma: [1.0, 2.0, 3.0, 4.0, 5.0]}
          Wavelet: {}

        """ + featureClasses

    /// The seed studies' settings (1 mm B-spline resampling, bin width 25 HU), ending with a newline.
    static let settings = """
        setting:
          binWidth: 25
          resampledPixelSpacing: [1, 1, 1]

        """

    /// Every feature class of the seed configuration.
    static let featureClasses = """
        featureClass:
          shape:
          firstorder:
          glcm:
          glrlm:
          glszm:
          gldm:
          ngtdm:
        """

    /// The parsed parameters.
    public static func parameters() throws -> ExtractionParameters { try ExtractionParameters(yaml: yaml) }

    /// The seed configuration of the post-TACE Lipiodol VOI (Miszczuk et al., Transl Oncol 2020): the 107
    /// features of the original image only, after resampling to 1 mm isotropic with a fixed bin width of 25 HU —
    /// ``yaml`` without the LoG and wavelet images. The patient course uses it for the carried target lesion's
    /// Lipiodol when `feature_parameters` names no file.
    public static let lipiodolYAML = settings + """
        imageType:
          Original: {}

        """ + featureClasses

    /// The parsed ``lipiodolYAML``.
    public static func lipiodolParameters() throws -> ExtractionParameters { try ExtractionParameters(yaml: lipiodolYAML) }

    /// The seed MR study's 1688 features per sequence (T2W, DWI b = 800, arterial phase): the 1316 of ``yaml``
    /// plus 93 on each of the Square, SquareRoot, Logarithm and Exponential images, after PyRadiomics'
    /// `normalize` (z-score over the whole image, × `normalizeScale` 100, so bin width 25 is a quarter of a
    /// standard deviation) with `voxelArrayShift` 300 (3 × the scale, as PyRadiomics' MR examples: keeps
    /// Energy, TotalEnergy and RMS on positive values), 1 mm B-spline resampling. MR intensities have no
    /// absolute unit, so fixed-bin-width features need the normalisation. Checked value by value against
    /// PyRadiomics 3.1.0 (`testdata/pyradiomics-mr`, `tools/fixtures/make_pyradiomics_mr_reference.py`).
    /// Named preset `mr-1688` (`feature_preset` in `pipeline.yaml`).
    public static let mrYAML = """
        setting:
          binWidth: 25
          resampledPixelSpacing: [1, 1, 1]
          normalize: true
          normalizeScale: 100
          voxelArrayShift: 300
        imageType:
          Original: {}
          LoG: {sigma: [1.0, 2.0, 3.0, 4.0, 5.0]}
          Wavelet: {}
          Square: {}
          SquareRoot: {}
          Logarithm: {}
          Exponential: {}

        """ + featureClasses

    /// The parsed ``mrYAML``.
    public static func mrParameters() throws -> ExtractionParameters { try ExtractionParameters(yaml: mrYAML) }
}
