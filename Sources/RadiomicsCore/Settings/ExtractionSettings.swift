/// The settings of one extraction, named and defaulted exactly as PyRadiomics 3.1.0's `setting:` section
/// (`featureextractor._getDefaultSettings` plus the per-class `kwargs.get` defaults).
///
/// Units: spacings and `padDistance`-related distances are in the image's own units (mm); `padDistance` and
/// `distances` are in voxels; `binWidth` in image intensity units (HU for CT).
public struct ExtractionSettings: Sendable, Equatable, Codable {
    /// Label value in the mask that selects the ROI (`label`, default 1).
    public var label: Int = 1
    /// Fixed bin width (`binWidth`, default 25). Ignored when ``binCount`` is set.
    public var binWidth: Double = 25
    /// Fixed bin count (`binCount`), overriding the bin width when set.
    public var binCount: Int?
    /// Minimum number of dimensions with more than one voxel in the ROI bounding box (`minimumROIDimensions`, 2).
    public var minimumROIDimensions: Int = 2
    /// The ROI must have more voxels than this (`minimumROISize`), if set.
    public var minimumROISize: Int?
    /// Z-score normalise the whole image before anything else (`normalize`).
    public var normalize: Bool = false
    /// Scale applied after normalisation (`normalizeScale`, 1).
    public var normalizeScale: Double = 1
    /// Clip normalised values to ±this many standard deviations (`removeOutliers`), if set.
    public var removeOutliers: Double?
    /// Resampled spacing in mm along x, y, z (`resampledPixelSpacing`); 0 keeps that axis' spacing. `nil`: no
    /// resampling.
    public var resampledPixelSpacing: [Double]?
    /// SimpleITK interpolator name used for resampling (`interpolator`, default `sitkBSpline`).
    public var interpolator: String? = "sitkBSpline"
    /// Crop to the ROI bounding box + `padDistance` before filtering when not resampling (`preCrop`).
    public var preCrop: Bool = false
    /// Voxels kept around the ROI bounding box when resampling or pre-cropping (`padDistance`, 5).
    public var padDistance: Int = 5
    /// Chebyshev neighbour distances for GLCM, NGTDM and GLDM (`distances`, [1]).
    public var distances: [Int] = [1]
    /// Compute texture in 2D slices only (`force2D`).
    public var force2D: Bool = false
    /// The axis excluded in 2D mode, NumPy order: 0 = z (slices), 1 = y, 2 = x (`force2Ddimension`, 0).
    public var force2Ddimension: Int = 0
    /// Resegmentation thresholds (`resegmentRange`): one (lower) or two (lower, upper) values.
    public var resegmentRange: [Double]?
    /// How ``resegmentRange`` is read (`resegmentMode`).
    public var resegmentMode: ResegmentMode = .absolute
    /// Use the resegmented mask for shape features too (`resegmentShape`).
    public var resegmentShape: Bool = false
    /// Image/mask geometry tolerance (`geometryTolerance`); `nil` uses SimpleITK's default 1e-6.
    public var geometryTolerance: Double?
    /// Resample a mismatching mask onto the image grid instead of failing (`correctMask`).
    public var correctMask: Bool = false
    /// Add `diagnostics_*` entries to the output (`additionalInfo`, true).
    public var additionalInfo: Bool = true
    /// Added to intensities before Energy, TotalEnergy and RootMeanSquared (`voxelArrayShift`, 0).
    public var voxelArrayShift: Double = 0
    /// Symmetrise the GLCM, P + Pᵀ (`symmetricalGLCM`, true).
    public var symmetricalGLCM: Bool = true
    /// Merge the per-angle GLCM/GLRLM matrices with distance weights instead of averaging features
    /// (`weightingNorm`).
    public var weightingNorm: WeightingNorm?
    /// GLDM dependence tolerance α: neighbours with |Δlevel| ≤ α are dependent (`gldm_a`, 0).
    public var gldmAlpha: Int = 0
    /// LoG σ values in mm (`sigma`, default none: no LoG image). An image type's own `sigma` overrides it.
    public var sigma: [LoGSigma] = []
    /// PyWavelets wavelet name for the wavelet image type (`wavelet`, `coif1`).
    public var wavelet: String = "coif1"
    /// Wavelet levels decomposed but not reported (`start_level`, 0).
    public var startLevel: Int = 0
    /// Wavelet levels reported (`level`, 1).
    public var level: Int = 1
    /// Preprocessing and feature definitions: PyRadiomics 3.1.0 (default) or the IBSI preset (`mode: ibsi`,
    /// see ``ExtractionMode``).
    public var mode: ExtractionMode = .pyRadiomics
    /// Fixed-bin-width origin (`binOrigin`): bins are `[origin + kW, origin + (k+1)W)`. `nil`: PyRadiomics'
    /// `W·⌊min/W⌋` (PyRadiomics mode) or IBSI's origin (the resegmentation lower bound, else the ROI minimum).
    public var binOrigin: Double?
    /// IBSI outlier filtering (`outlierFiltering`, IBSI mode): after the resegmentation range, ROI voxels outside
    /// mean ± k·σ (population σ of the remaining ROI) leave the intensity mask. IBSI configurations D, E: 3.
    public var outlierFiltering: Double?
    /// Boundary condition of the IBSI-mode LoG and wavelet filters (`filterPadding`: zero, nearest, mirror,
    /// periodic; default mirror, IBSI 2 phase 2). PyRadiomics mode ignores it.
    public var filterPadding: IBSIFilters.Padding = .mirror
    /// LBP2D sampling radius in pixels (`lbp2DRadius`, 1).
    public var lbp2DRadius: Double = 1
    /// LBP2D number of samples on the circle (`lbp2DSamples`, 8).
    public var lbp2DSamples: Int = 8
    /// LBP2D scikit-image method (`lbp2DMethod`, `uniform`; `default` also supported).
    public var lbp2DMethod: String = "uniform"
    /// Gradient image in mm units (true) or index units (`gradientUseSpacing`, true).
    public var gradientUseSpacing: Bool = true

    /// PyRadiomics' defaults.
    public init() {}

    /// How resegmentation thresholds are interpreted (PyRadiomics `resegmentMode`).
    public enum ResegmentMode: String, Sendable, Codable, CaseIterable {
        /// The thresholds are intensities.
        case absolute
        /// The thresholds are fractions of the ROI maximum.
        case relative
        /// The thresholds are multiples of the ROI standard deviation around the ROI mean.
        case sigma
    }

    /// Angle weighting of merged texture matrices (PyRadiomics `weightingNorm`).
    public enum WeightingNorm: String, Sendable, Codable, CaseIterable {
        case manhattan, euclidean, infinity
        case noWeighting = "no_weighting"
    }
}
