import Foundation
import VolumeModule

/// The image processing of the IBSI preset (``ExtractionMode/ibsi``): rounding, centre-aligned interpolation with a
/// partial-volume mask, and resegmentation by range and outlier filtering (IBSI 1 reference manual §2.4–2.5,
/// configurations A–E of the CT phantom).
enum IBSIPreprocessing {
    /// The image and the morphological (interpolated, not resegmented) ROI mask, label values kept as `label`.
    static func interpolate(image: Volume<Float>, mask: Mask, label: UInt8, settings: ExtractionSettings) throws
        -> (image: Volume<Float>, mask: Mask) {
        let rounded = image.map { $0.rounded(.toNearestOrAwayFromZero) }
        guard let requested = settings.resampledPixelSpacing, let name = settings.interpolator else {
            return (rounded, mask.map { $0 == label ? label : 0 })
        }
        let old = image.geometry.spacing
        let spacing = Vector3(requested[0] > 0 ? requested[0] : old.x, requested[1] > 0 ? requested[1] : old.y,
                              requested[2] > 0 ? requested[2] : old.z)
        let target = image.geometry.centreAlignedGrid(spacing: spacing)
        let interpolation = try FeatureExtractor.interpolation(named: name)
        let resampled = try rounded.resampled(onto: target, interpolation: interpolation)
            .map { $0.rounded(.toNearestOrAwayFromZero) }
        let roi = try mask.resampledPartialVolume(of: label, onto: target, threshold: 0.5)
        return (resampled, roi.map { $0 != 0 ? label : 0 })
    }

    /// The intensity mask: ROI voxels inside `resegmentRange` (absolute, closed), then inside mean ± k·σ of the
    /// remaining voxels (`outlierFiltering`, population σ). Relative and sigma `resegmentMode`s apply as in
    /// PyRadiomics before the outlier filter.
    /// - Throws: ``RadiomicsError/resegmentationEmptiedROI(kept:)``.
    static func resegment(image: Volume<Float>, mask: Mask, label: UInt8, settings: ExtractionSettings) throws -> Mask {
        var offsets: [Int] = []
        for (n, v) in mask.voxels.enumerated() where v == label { offsets.append(n) }
        var values = offsets.map { Double(image.voxels[$0]) }
        if settings.resegmentRange != nil {
            let keep = try ROIPreparation.resegment(values: values, settings: settings)
            offsets = zip(offsets, keep).filter(\.1).map(\.0)
            values = zip(values, keep).filter(\.1).map(\.0)
        }
        if let k = settings.outlierFiltering {
            let n = Double(values.count)
            let mean = values.reduce(0, +) / n
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
            let keep = values.map { $0 >= mean - k * sd && $0 <= mean + k * sd }
            offsets = zip(offsets, keep).filter(\.1).map(\.0)
            if offsets.count <= 1 { throw RadiomicsError.resegmentationEmptiedROI(kept: offsets.count) }
        }
        var result = mask.map { _ in UInt8(0) }
        for offset in offsets { result.voxels[offset] = label }
        return result
    }

    /// The fixed-bin-width origin of the original image: `binOrigin` if set, else the (absolute) resegmentation
    /// lower bound, else `nil` (the ROI minimum, applied when binning).
    static func binOrigin(_ settings: ExtractionSettings) -> Double? {
        if let origin = settings.binOrigin { return origin }
        if settings.resegmentMode == .absolute, let range = settings.resegmentRange { return range.min() }
        return nil
    }
}
