import Foundation
import VolumeModule

/// The image processing of the IBSI preset (``ExtractionMode/ibsi``): rounding, centre-aligned interpolation with a
/// partial-volume mask, and resegmentation by range and outlier filtering (IBSI 1 reference manual §2.4–2.5,
/// configurations A–E of the CT phantom).
enum IBSIPreprocessing {
    /// The image and the morphological (interpolated, not resegmented) ROI mask, label values kept as `label`.
    ///
    /// Only the part of the centre-aligned grid within `margin` voxels of the ROI is computed: every feature, and
    /// every filter whose kernel reaches at most `margin` voxels, then equals its value on the whole grid (the
    /// crop's border is either the image border or more than `margin` voxels from the ROI).
    static func interpolate(image: Volume<Float>, mask: Mask, label: UInt8, settings: ExtractionSettings,
                            margin: Int) throws -> (image: Volume<Float>, mask: Mask) {
        let rounded = image.map { $0.rounded(.toNearestOrAwayFromZero) }
        guard let requested = settings.resampledPixelSpacing, let name = settings.interpolator else {
            guard let box = mask.boundingBox(of: label) else { throw RadiomicsError.labelAbsent(label: Int(label)) }
            let crop = box.padded(by: margin + 1, clampedTo: mask.size)
            return (rounded.cropped(to: crop), mask.cropped(to: crop).map { $0 == label ? label : 0 })
        }
        let old = image.geometry.spacing
        let spacing = Vector3(requested[0] > 0 ? requested[0] : old.x, requested[1] > 0 ? requested[1] : old.y,
                              requested[2] > 0 ? requested[2] : old.z)
        let target = try cropped(image.geometry.centreAlignedGrid(spacing: spacing), around: label, of: mask,
                                 margin: margin)
        let interpolation = try FeatureExtractor.interpolation(named: name)
        let resampled = try rounded.resampled(onto: target, interpolation: interpolation)
            .map { $0.rounded(.toNearestOrAwayFromZero) }
        let roi = try mask.resampledPartialVolume(of: label, onto: target, threshold: 0.5)
        return (resampled, roi.map { $0 != 0 ? label : 0 })
    }

    /// The sub-grid of `grid` holding the ROI's bounding box (mapped through patient coordinates) plus `margin` + 1
    /// voxels, clamped to `grid`.
    static func cropped(_ grid: VolumeGeometry, around label: UInt8, of mask: Mask, margin: Int) throws -> VolumeGeometry {
        guard let box = mask.boundingBox(of: label) else { throw RadiomicsError.labelAbsent(label: Int(label)) }
        var lower = [Double.infinity, .infinity, .infinity], upper = [-Double.infinity, -.infinity, -.infinity]
        for corner in 0..<8 {
            let index = Vector3(Double(corner & 1 == 0 ? box.lower.i : box.upper.i) + (corner & 1 == 0 ? -0.5 : 0.5),
                                Double(corner & 2 == 0 ? box.lower.j : box.upper.j) + (corner & 2 == 0 ? -0.5 : 0.5),
                                Double(corner & 4 == 0 ? box.lower.k : box.upper.k) + (corner & 4 == 0 ? -0.5 : 0.5))
            guard let c = grid.continuousIndex(at: mask.geometry.physicalPoint(at: index)) else {
                throw VolumeModuleError.singularGeometry
            }
            let a = [c.x, c.y, c.z]
            for d in 0..<3 { lower[d] = min(lower[d], a[d]); upper[d] = max(upper[d], a[d]) }
        }
        let n = [grid.size.i, grid.size.j, grid.size.k]
        var lo = [0, 0, 0], hi = [0, 0, 0]
        for d in 0..<3 {
            lo[d] = min(max(Int(lower[d].rounded(.down)) - margin - 1, 0), n[d] - 1)
            hi[d] = max(min(Int(upper[d].rounded(.up)) + margin + 1, n[d] - 1), lo[d])
        }
        return VolumeGeometry(size: Size3(hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1), spacing: grid.spacing,
                              origin: grid.physicalPoint(i: lo[0], j: lo[1], k: lo[2]), direction: grid.direction)
    }

    /// The largest distance in voxels at which the IBSI-mode filters of `imageTypes` read the image (LoG: ⌊4σ/s +
    /// 0.5⌋; wavelet: the dilated filter length), for ``interpolate(image:mask:label:settings:margin:)``.
    static func filterReach(_ parameters: ExtractionParameters, spacing: Vector3) -> Int {
        var reach = 0
        let smallest = min(spacing.x, spacing.y, spacing.z)
        for type in parameters.imageTypes {
            let s = parameters.settings(for: type)
            switch type {
            case .laplacianOfGaussian(let sigmas):
                for sigma in sigmas { reach = max(reach, Int((4 * sigma.millimetres / smallest + 0.5).rounded(.down))) }
            case .wavelet:
                let length = WaveletFilterBank(named: s.wavelet)?.lowPass.count ?? 2
                let levels = s.startLevel + s.level
                // Each level's dilated filter adds (F − 1)·2^(l−1) voxels.
                reach = max(reach, (length - 1) * ((1 << levels) - 1))
            case .gradient: reach = max(reach, 1)
            case .lbp2D: reach = max(reach, Int(s.lbp2DRadius.rounded(.up)))
            case .original, .square, .squareRoot, .logarithm, .exponential: break
            }
        }
        return reach
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

    /// IBSI's PCA axis lengths use the unbiased covariance (1/(N − 1)), PyRadiomics' the 1/N one: the eigenvalues
    /// differ by N/(N − 1), the lengths 4√λ by its square root (elongation and flatness, ratios, are unchanged).
    static func axisLengthScale(voxels inside: [Bool]) -> Double {
        let n = Double(inside.reduce(0) { $0 + ($1 ? 1 : 0) })
        return n > 1 ? (n / (n - 1)).squareRoot() : 1
    }

    /// The fixed-bin-width origin of the original image: `binOrigin` if set, else the (absolute) resegmentation
    /// lower bound, else `nil` (the ROI minimum, applied when binning).
    static func binOrigin(_ settings: ExtractionSettings) -> Double? {
        if let origin = settings.binOrigin { return origin }
        if settings.resegmentMode == .absolute, let range = settings.resegmentRange { return range.min() }
        return nil
    }
}
