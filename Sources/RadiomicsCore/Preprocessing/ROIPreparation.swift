import Foundation
import VolumeModule

/// The mask checks and transforms PyRadiomics applies before computing features (`imageoperations.checkMask`,
/// `normalizeImage`, `resegmentMask`), on our `Volume`/`Mask` types.
enum ROIPreparation {
    /// Verifies that image and mask share a grid (SimpleITK's default tolerance 1e-6, or `geometryTolerance`).
    static func checkGeometry(image: VolumeGeometry, mask: VolumeGeometry, tolerance: Double?) throws {
        guard image.size == mask.size else {
            throw RadiomicsError.geometryMismatch(detail: "image size \(image.size) vs mask size \(mask.size)")
        }
        let t = tolerance ?? 1e-6
        // SimpleITK compares origin and spacing with a tolerance scaled by the spacing, directions absolutely.
        let scale = t * max(image.spacing.x, image.spacing.y, image.spacing.z)
        guard image.origin.maxAbsDifference(mask.origin) <= scale,
              image.spacing.maxAbsDifference(mask.spacing) <= scale,
              image.direction.maxAbsDifference(mask.direction) <= t else {
            throw RadiomicsError.geometryMismatch(detail: "origin, spacing or direction differ beyond tolerance \(t)")
        }
    }

    /// The label's bounding box, after PyRadiomics' dimension and size checks.
    static func boundingBox(of label: UInt8, in mask: Mask, settings: ExtractionSettings) throws -> IndexBox {
        guard let box = mask.boundingBox(of: label) else { throw RadiomicsError.labelAbsent(label: Int(label)) }
        let size = box.size
        let dimensions = [size.i, size.j, size.k].filter { $0 > 1 }.count
        if dimensions == 0 || dimensions < settings.minimumROIDimensions {
            throw RadiomicsError.roiTooFewDimensions(dimensions: dimensions, required: settings.minimumROIDimensions)
        }
        if let minimum = settings.minimumROISize {
            let count = mask.count(of: label)
            if count <= minimum { throw RadiomicsError.roiTooSmall(voxels: count, minimum: minimum) }
        }
        return box
    }

    /// ITK `NormalizeImageFilter` then PyRadiomics' outlier clipping and scaling, as a per-voxel map:
    /// `((x − mean) · (1/σ))` clipped to ±`removeOutliers`, times `normalizeScale`. Mean and σ (N − 1) are over the
    /// whole image.
    static func normalization(of image: Volume<Float>, settings: ExtractionSettings) -> (Double) -> Double {
        var sum = 0.0, sumSquares = 0.0, compensation = 0.0, compensationSquares = 0.0
        for v in image.voxels {
            let x = Double(v)
            // Kahan summation, as ITK's StatisticsImageFilter (CompensatedSummation).
            let y = x - compensation
            let t = sum + y
            compensation = (t - sum) - y
            sum = t
            let y2 = x * x - compensationSquares
            let t2 = sumSquares + y2
            compensationSquares = (t2 - sumSquares) - y2
            sumSquares = t2
        }
        let n = Double(image.voxels.count)
        let mean = sum / n
        let variance = (sumSquares - sum * sum / n) / (n - 1)
        let scale = 1 / variance.squareRoot()
        let outliers = settings.removeOutliers
        let factor = settings.normalizeScale
        return { x in
            var value = (x + -mean) * scale
            if let outliers { value = min(max(value, -outliers), outliers) }
            return value * factor
        }
    }

    /// PyRadiomics `resegmentMask`: ROI voxels outside the thresholds leave the ROI. Returns the new ROI membership
    /// for the given ROI intensities.
    static func resegment(values: [Double], settings: ExtractionSettings) throws -> [Bool] {
        guard let range = settings.resegmentRange else { return values.map { _ in true } }
        let sortedRange = range.sorted()
        let thresholds: [Double]
        switch settings.resegmentMode {
        case .absolute: thresholds = sortedRange
        case .relative:
            let maximum = values.max() ?? 0
            thresholds = sortedRange.map { maximum * $0 }
        case .sigma:
            let n = Double(values.count)
            let mean = values.reduce(0, +) / n
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
            thresholds = sortedRange.map { mean + sd * $0 }
        }
        let keep = values.map { v in v >= thresholds[0] && (thresholds.count < 2 || v <= thresholds[1]) }
        let kept = keep.filter { $0 }.count
        if kept <= 1 { throw RadiomicsError.resegmentationEmptiedROI(kept: kept) }
        return keep
    }
}
