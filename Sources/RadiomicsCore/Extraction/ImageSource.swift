import VolumeModule

/// One unit of derived-image work: it computes one or more of an extraction's images on the filter grid when its
/// task runs, so that only a few filtered images exist at any time (peak memory) and filtering overlaps with the
/// feature classes of the images before.
///
/// A LoG σ, a Square, … is one source of one image; the PyRadiomics wavelet of one level is four sources of two
/// sub-bands (``PyRadiomicsWavelet/groups(axes:startLevel:levels:)``); the original image is a source whose image
/// has no values (it is cropped straight from the `Float` voxels).
struct ImageSource {
    /// Names of the images it yields (PyRadiomics image type names).
    var names: [String]
    /// The settings of its image type.
    var settings: ExtractionSettings
    /// Computes the images on the filter grid (a name may be missing: e.g. a point-wise transform of an all-zero
    /// grid, which PyRadiomics cannot compute either).
    var produce: () throws -> [FilteredImage]
}

extension FeatureExtractor {
    /// The sources of every image type, the image names in PyRadiomics' output order, and the filter warnings.
    /// Every image type filters the same grid (the resampled crop, the pre-crop, or the whole image).
    /// - Throws: ``RadiomicsError/unsupportedSetting(key:value:)`` for a wavelet this build does not carry.
    func imageSources(image: Volume<Float>, exactValues: [Double]? = nil, transform: ((Double) -> Double)?, pixelType: ResampledPixelType,
                      settings: ExtractionSettings) throws -> (sources: [ImageSource], order: [String],
                                                              warnings: [ExtractionWarning]) {
        // Filters read the grid in Double, made by each source when it runs (no whole-grid copy held throughout).
        // `exactValues`: the float64 grid of a normalised, resampled image (PyRadiomics keeps it in float64).
        let grid = { exactValues ?? image.voxels.map { transform?(Double($0)) ?? Double($0) } }
        let fromFloatVoxels = transform == nil && exactValues == nil
        let size = image.size, spacing = image.geometry.spacing
        let precision: PyRadiomicsWavelet.Precision = pixelType == .float32 && !settings.normalize ? .float32 : .float64
        var sources: [ImageSource] = [], order: [String] = [], warnings: [ExtractionWarning] = []
        for imageType in parameters.imageTypes {
            let first = sources.count
            var typeSettings = parameters.settings(for: imageType)
            typeSettings.label = settings.label
            switch imageType {
            case .original:
                if typeSettings.mode == .ibsi { typeSettings.binOrigin = IBSIPreprocessing.binOrigin(typeSettings) }
                sources.append(ImageSource(names: ["original"], settings: typeSettings) {
                    [FilteredImage(name: "original", values: exactValues ?? [])]
                })
            case .laplacianOfGaussian(let sigmas) where typeSettings.mode == .ibsi:
                for sigma in sigmas {
                    sources.append(ImageSource(names: [sigma.imageTypeName], settings: typeSettings) { [typeSettings] in
                        IBSIFilteredImages.laplacianOfGaussian(values: grid(), size: size, spacing: spacing,
                                                               sigmas: [sigma], settings: typeSettings)
                    })
                }
            case .wavelet where typeSettings.mode == .ibsi:
                let names = try IBSIFilteredImages.waveletNames(settings: typeSettings)
                sources.append(ImageSource(names: names, settings: typeSettings) { [typeSettings] in
                    try IBSIFilteredImages.wavelet(values: grid(), size: size, settings: typeSettings)
                })
            case .laplacianOfGaussian(let sigmas):
                let fitting = FilteredImages.fittingSigmas(sigmas, size: size, spacing: spacing)
                warnings += fitting.warnings
                for sigma in fitting.sigmas {
                    sources.append(ImageSource(names: [sigma.imageTypeName], settings: typeSettings) {
                        let response = fromFloatVoxels
                            ? LaplacianOfGaussian.apply(to: image.voxels, size: size, spacing: spacing,
                                                        sigma: sigma.millimetres)
                            : LaplacianOfGaussian.apply(to: grid(), size: size, spacing: spacing,
                                                        sigma: sigma.millimetres)
                        return [FilteredImage(name: sigma.imageTypeName, floatValues: response)]
                    })
                }
            case .wavelet(let name, let startLevel, let level):
                guard let bank = WaveletFilterBank(named: name) else {
                    throw RadiomicsError.unsupportedSetting(key: "wavelet", value: name)
                }
                let axes = [0, 1, 2].filter { !typeSettings.force2D || $0 != 2 - typeSettings.force2Ddimension }
                let all = PyRadiomicsWavelet.names(axes: axes, levels: level)
                for group in PyRadiomicsWavelet.groups(axes: axes, startLevel: startLevel, levels: level) {
                    let names = group.isEmpty ? all : PyRadiomicsWavelet.names(group: group)
                    sources.append(ImageSource(names: names, settings: typeSettings) {
                        // A float32 image is transformed straight from its voxels (no Double grid).
                        precision == .float32 && fromFloatVoxels
                            ? PyRadiomicsWavelet.filteredImages(ofFloat: image.voxels, size: size, bank: bank,
                                                                startLevel: startLevel, levels: level, axes: axes,
                                                                group: group)
                            : try FilteredImages.wavelet(values: grid(), size: size, name: name,
                                                         startLevel: startLevel, level: level, axes: axes,
                                                         precision: precision, group: group)
                    })
                }
                order += all
                continue  // the groups' names are not in output order
            case .square, .squareRoot, .logarithm, .exponential, .gradient, .lbp2D:
                let name = imageType == .lbp2D ? "lbp-2D" : imageType.pyRadiomicsName.lowercased()
                sources.append(ImageSource(names: [name], settings: typeSettings) { [typeSettings] in
                    IntensityImages.image(imageType, values: grid(), size: size, spacing: spacing,
                                          settings: typeSettings, outputFloat32: !settings.normalize).map { [$0] } ?? []
                })
            }
            order += sources[first...].flatMap(\.names)
        }
        return (sources, order, warnings)
    }
}
