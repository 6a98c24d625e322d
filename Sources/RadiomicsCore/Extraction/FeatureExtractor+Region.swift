import Foundation
import VolumeModule

extension FeatureExtractor {
    /// The box of an image (on the grid `image`) that this extraction reads for `mask`, when that is less than the
    /// whole image, so a reader can read only it and hand it to ``execute(region:mask:label:pixelType:shape:)``.
    ///
    /// Only PyRadiomics-mode resampling of an image that is not normalised (`resampledPixelSpacing` with a linear
    /// or B-spline `interpolator`, no `normalize`) reads less: the box the resampled grid reaches, B-spline
    /// prefilter reach included (``VolumeModule/PyRadiomicsResampling/imageBox(image:mask:label:spacing:interpolator:padDistance:)``);
    /// every value computed from it equals the whole image's. Every other configuration (IBSI mode, normalisation's
    /// whole-image statistics, filters on the whole image, nearest neighbour) needs the whole image.
    /// - Parameters:
    ///   - image: the image's grid (e.g. from its file header).
    ///   - mask: the label image as read.
    ///   - label: overrides the `label` setting.
    /// - Returns: the box (ITK order, inclusive), or `nil` for the whole image — also when the mask or settings are
    ///   unusable, so that the extraction on the whole image reports the error as it always does.
    public func imageBox(image: VolumeGeometry, mask: Mask, label: Int? = nil) -> IndexBox? {
        let settings = parameters.settings
        let value = label ?? settings.label
        guard settings.mode == .pyRadiomics, !settings.normalize, (1...255).contains(value),
              let spacing = settings.resampledPixelSpacing, let name = settings.interpolator,
              let interpolator = try? Self.interpolation(named: name), interpolator != .nearest,
              (try? ROIPreparation.checkGeometry(image: image, mask: mask.geometry,
                                                 tolerance: settings.geometryTolerance)) != nil
        else { return nil }
        return try? PyRadiomicsResampling.imageBox(image: image, mask: mask, label: UInt8(value),
                                                   spacing: Vector3(spacing), interpolator: interpolator,
                                                   padDistance: settings.padDistance)
    }

    /// ``execute(image:mask:label:pixelType:shape:)`` of an image of which only a region is held: the box
    /// ``imageBox(image:mask:label:)`` returned (or more), or the whole image. The features are those of the whole
    /// image, bit for bit.
    /// - Precondition: the region holds ``imageBox(image:mask:label:)``'s box for this mask and label (the whole
    ///   image when it is `nil`).
    public func execute(region: consuming VolumeRegion<Float>, mask: consuming Mask, label: Int? = nil,
                        pixelType: ResampledPixelType = .float32, shape: PrecomputedShape? = nil) throws -> FeatureVector {
        try run(image: consume region, mask: consume mask, label: label, pixelType: pixelType, keepImages: false,
                shape: shape).features
    }

    /// The image and mask on the grid whose features are computed (PyRadiomics `execute` up to the mask check):
    /// IBSI interpolation, PyRadiomics resampling (of the whole image or of the region it reaches), or the
    /// `preCrop` crop; with the normalisation still to apply (`transform`, `nil` once applied) and, for a
    /// normalised resampled image, its float64 values. The whole-image region is released on return (peak memory).
    func prepared(image region: consuming VolumeRegion<Float>, mask original: consuming Mask, label labelValue: UInt8,
                  pixelType: ResampledPixelType, settings: ExtractionSettings) throws
        -> (image: Volume<Float>, mask: Mask, transform: ((Double) -> Double)?, exactValues: [Double]?)
    {
        var mask = consume original
        let isWhole = region.volume.size == region.whole.size
        if settings.mode == .pyRadiomics, !settings.normalize, let spacing = settings.resampledPixelSpacing,
           let name = settings.interpolator {
            // PyRadiomics: resample image and mask onto the corner-aligned grid cropped to the ROI + padDistance
            // (imageoperations.resampleImage).
            let resampled = try PyRadiomicsResampling.resample(
                region: region, mask: mask, label: labelValue, spacing: Vector3(spacing),
                interpolator: try Self.interpolation(named: name), padDistance: settings.padDistance, pixelType: pixelType)
            return (resampled.image, resampled.mask, nil, nil)
        }
        precondition(isWhole, "this configuration reads the whole image")
        var image = region.volume
        var transform: ((Double) -> Double)? = settings.normalize ? ROIPreparation.normalization(of: image, settings: settings) : nil
        // The float64 intensities of a normalised, resampled image (`image` holds them rounded to Float).
        var exactValues: [Double]? = nil
        if settings.mode == .ibsi {
            let spacing = settings.resampledPixelSpacing.map { Vector3($0.map { $0 > 0 ? $0 : 1e9 }) } ?? image.geometry.spacing
            let reach = IBSIPreprocessing.filterReach(parameters, spacing: Vector3(
                min(spacing.x, image.geometry.spacing.x), min(spacing.y, image.geometry.spacing.y),
                min(spacing.z, image.geometry.spacing.z)))
            (image, mask) = try IBSIPreprocessing.interpolate(image: image, mask: mask, label: labelValue,
                                                              settings: settings, margin: reach)
        } else if let spacing = settings.resampledPixelSpacing, let name = settings.interpolator, let t = transform {
            // Normalised (the whole image's statistics first): SimpleITK holds and resamples a float64 image; the
            // features read those values.
            let resampled = try PyRadiomicsResampling.resampleFloat64(
                image: image, values: t, mask: mask, label: labelValue, spacing: Vector3(spacing),
                interpolator: try Self.interpolation(named: name), padDistance: settings.padDistance)
            image = Volume(geometry: resampled.image.geometry, voxels: resampled.image.voxels.map { Float($0) })
            exactValues = resampled.image.voxels
            mask = resampled.mask
            transform = nil
        } else if settings.preCrop {
            // PyRadiomics cropToTumorMask(padDistance): the filters then see only the ROI box + padDistance.
            let crop = try ROIPreparation.boundingBox(of: labelValue, in: mask, settings: settings)
                .padded(by: settings.padDistance, clampedTo: mask.size)
            image = image.cropped(to: crop)
            mask = mask.cropped(to: crop)
        }
        return (image, mask, transform, exactValues)
    }
}
