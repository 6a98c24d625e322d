import VolumeModule

/// An image whose features the extractor computed: the original image after preprocessing (resampling,
/// cropping, normalisation) or a filtered image, on the grid the filters ran on (PyRadiomics: the ROI bounding
/// box + `padDistance` after resampling; IBSI mode: the whole resampled image).
public struct DerivedImage: Sendable {
    /// PyRadiomics' image type name (`original`, `log-sigma-1-0-mm-3D`, `wavelet-LLH`, `square`, …), also the
    /// prefix of its feature keys.
    public var name: String
    /// Intensities as `Float` (filters compute in `Double`; features use the `Double` values), LPS geometry.
    public var volume: Volume<Float>
}

extension FeatureExtractor {
    /// Runs ``execute(image:mask:label:pixelType:)`` and also returns every image whose features were computed
    /// and the ROI mask (label values kept; after resegmentation) on their grid — PyRadiomics users' frequent
    /// request to inspect resampled and filtered images (issues #604, #630, #551).
    /// - Returns: the features, the images in feature order, the ROI mask.
    /// - Throws: as ``execute(image:mask:label:pixelType:)``.
    public func executeKeepingImages(image: Volume<Float>, mask: Mask, label: Int? = nil,
                                     pixelType: ResampledPixelType = .float32) throws
        -> (features: FeatureVector, images: [DerivedImage], mask: Mask) {
        try run(image: VolumeRegion(whole: image), mask: mask, label: label, pixelType: pixelType, keepImages: true)
    }
}
