import VolumeModule

/// One derived image: PyRadiomics' image type name and the values on the filtered grid (ITK order).
public struct FilteredImage: Sendable {
    /// Image type name used as the feature prefix (`log-sigma-1-0-mm-3D`, `wavelet-LLH`, …).
    public var name: String
    /// Intensities on the grid that was filtered, `i` fastest (empty when ``floatValues`` holds them).
    public var values: [Double]
    /// The intensities of an image computed in `Float` (SimpleITK's LoG output, a `float32` wavelet), kept in
    /// `Float` (half the memory; exactly the same numbers); empty otherwise.
    public var floatValues: [Float] = []

    /// An image computed in `Double`.
    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }

    /// An image computed in `Float`.
    public init(name: String, floatValues: [Float]) {
        self.name = name
        self.values = []
        self.floatValues = floatValues
    }

    /// The intensities as `Double`, whichever way they are stored.
    public var doubleValues: [Double] { floatValues.isEmpty ? values : floatValues.map(Double.init) }
}

/// The derived images of PyRadiomics' LoG and wavelet image types on one grid, with PyRadiomics' applicability
/// checks (skips reported as ``ExtractionWarning``).
public enum FilteredImages {
    /// LoG images for each σ that fits (PyRadiomics `getLoGImage`): none when any dimension is below 4 voxels; σ
    /// with `size < ceil(σ/spacing) + 1` in any dimension skipped. σ are computed in parallel.
    public static func laplacianOfGaussian(values: [Double], size: Size3, spacing: Vector3, sigmas: [LoGSigma])
        -> (images: [FilteredImage], warnings: [ExtractionWarning]) {
        let (fitting, warnings) = fittingSigmas(sigmas, size: size, spacing: spacing)
        let images = parallelMap(fitting.count) { n in
            FilteredImage(name: fitting[n].imageTypeName,
                          values: LaplacianOfGaussian.apply(to: values, size: size, spacing: spacing,
                                                            sigma: fitting[n].millimetres).map { Double($0) })
        }
        return (images, warnings)
    }

    /// The σ that PyRadiomics' `getLoGImage` computes on a grid of `size`, and a warning for each one it skips: none
    /// when any dimension is below 4 voxels; σ with `size < ceil(σ/spacing) + 1` in any dimension skipped.
    public static func fittingSigmas(_ sigmas: [LoGSigma], size: Size3, spacing: Vector3)
        -> (sigmas: [LoGSigma], warnings: [ExtractionWarning]) {
        guard !sigmas.isEmpty else { return ([], []) }
        guard LaplacianOfGaussian.imageIsLargeEnough(size) else { return ([], [.imageTooSmallForLoG(size: size)]) }
        var warnings: [ExtractionWarning] = []
        var fitting: [LoGSigma] = []
        for sigma in sigmas {
            if LaplacianOfGaussian.sigma(sigma.millimetres, fits: size, spacing: spacing) {
                fitting.append(sigma)
            } else {
                warnings.append(.sigmaTooLarge(sigma: sigma.millimetres, size: size))
            }
        }
        return (fitting, warnings)
    }

    /// Wavelet images (PyRadiomics `getWaveletImage`).
    /// - Throws: ``RadiomicsError/unsupportedSetting(key:value:)`` for a wavelet this build does not carry.
    /// - Parameter group: one of ``PyRadiomicsWavelet/groups(axes:startLevel:levels:)``: only that group's images.
    public static func wavelet(values: consuming [Double], size: Size3, name: String, startLevel: Int, level: Int,
                               axes: [Int], precision: PyRadiomicsWavelet.Precision,
                               group: String = "") throws -> [FilteredImage] {
        guard let bank = WaveletFilterBank(named: name) else {
            throw RadiomicsError.unsupportedSetting(key: "wavelet", value: name)
        }
        return PyRadiomicsWavelet.filteredImages(of: consume values, size: size, bank: bank, startLevel: startLevel,
                                                 levels: level, axes: axes, precision: precision, group: group)
    }
}
