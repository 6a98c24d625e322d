import VolumeModule

/// A closed interval of intensities (HU for CT); a missing bound is unbounded.
public struct IntensityRange: Sendable, Codable, Hashable {
    /// Smallest value included (≥), or `nil` for no lower bound.
    public var lower: Double?
    /// Largest value included (≤), or `nil` for no upper bound.
    public var upper: Double?

    /// Creates a range.
    public init(lower: Double? = nil, upper: Double? = nil) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether `value` lies in the range (NaN never does).
    @inlinable public func contains(_ value: Double) -> Bool {
        !value.isNaN && (lower.map { value >= $0 } ?? true) && (upper.map { value <= $0 } ?? true)
    }
}

/// Threshold segmentation of an image inside a region (ITK `BinaryThresholdImageFilter` restricted by a mask).
public enum ThresholdSegmentation {
    /// Voxels of `image` whose value lies in `range`, restricted to the non-zero voxels of `region` when given.
    ///
    /// - Returns: a binary mask (0/1) on the image's grid.
    /// - Throws: ``MaskMorphologyError/geometryMismatch(what:)`` when `region` is on another grid,
    ///   ``MaskMorphologyError/invalidParameter(name:reason:)`` for an empty range (lower > upper).
    public static func segment(_ image: Volume<Float>, range: IntensityRange, within region: Mask? = nil) throws -> Mask {
        if let lower = range.lower, let upper = range.upper, lower > upper {
            throw MaskMorphologyError.invalidParameter(name: "range", reason: "lower bound above upper bound")
        }
        if let region { try MorphologySupport.checkCongruent(region.geometry, image.geometry, what: "region") }
        var out = Mask(geometry: image.geometry, repeating: 0)
        for n in 0..<image.voxels.count where range.contains(Double(image.voxels[n])) {
            if let region, region.voxels[n] == 0 { continue }
            out.voxels[n] = 1
        }
        return out
    }
}
