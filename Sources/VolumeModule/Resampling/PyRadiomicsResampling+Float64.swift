extension PyRadiomicsResampling {
    /// The image and mask of ``resampleFloat64(image:values:mask:label:spacing:interpolator:padDistance:)``.
    public struct Float64Result: Sendable {
        /// Resampled (or, without interpolation, cropped) intensities, in `Double`.
        public var image: Volume<Double>
        /// Label image on the same grid (nearest neighbour).
        public var mask: Mask
        /// `false` when PyRadiomics' `allclose` shortcut applied (the image was only cropped).
        public var interpolated: Bool
    }

    /// ``resample(image:mask:label:spacing:interpolator:padDistance:pixelType:)`` of the float64 image
    /// `values(image)`, as PyRadiomics resamples after `normalize`: SimpleITK's `Normalize` makes a float64
    /// image, and resampling keeps that type, so nothing is rounded to 32 bits (a float32 copy costs ~10⁻⁶
    /// relative on wavelet high-pass features). Only the box of `image` the grid reaches is converted.
    /// - Parameters:
    ///   - values: the voxel map (e.g. PyRadiomics' z-score × `normalizeScale`), applied in `Double`.
    ///   - other parameters: as the float32 resampling.
    /// - Throws: as the float32 resampling.
    public static func resampleFloat64(image: Volume<Float>, values: (Double) -> Double, mask: Mask, label: UInt8 = 1,
                                       spacing: Vector3, interpolator: Interpolation = .bSpline,
                                       padDistance: Int = 5) throws -> Float64Result {
        func converted(_ v: Volume<Float>) -> Volume<Double> {
            Volume(geometry: v.geometry, voxels: v.voxels.map { values(Double($0)) })
        }
        guard spacing.array.allSatisfy({ $0 >= 0 && $0.isFinite }) else { throw VolumeModuleError.invalidSpacing(spacing) }
        guard let box = mask.boundingBox(of: label) else { throw VolumeModuleError.labelAbsent(label: label) }
        try checkROI(box, image: image.geometry, mask: mask.geometry, label: label)
        let newSpacing = effectiveSpacing(requested: spacing, maskSpacing: mask.geometry.spacing, boundingBox: box)
        let allClose = zip(image.geometry.spacing.array, newSpacing.array).allSatisfy { abs($0 - $1) <= 1e-8 + 1e-5 * abs($1) }
        if allClose {
            let onImage = try mask.resampledNearest(onto: image.geometry)
            guard let newBox = onImage.boundingBox(of: label) else { throw VolumeModuleError.labelAbsent(label: label) }
            let crop = newBox.padded(by: padDistance, clampedTo: image.geometry.size)
            return Float64Result(image: converted(image.cropped(to: crop)), mask: onImage.cropped(to: crop), interpolated: false)
        }
        let target = grid(mask: mask.geometry, boundingBox: box, spacing: newSpacing, padDistance: padDistance)
        let voxels: [Double]
        if interpolator != .nearest,
           let reach = image.geometry.indexBox(reaching: target, margin: interpolator == .bSpline ? bSplineReach : 1) {
            voxels = try resampleVoxels(converted(image.cropped(to: reach)), onto: target, interpolation: interpolator,
                                        outside: 0, convert: DoubleCast(), partOf: (image.geometry, reach.lower))
        } else {
            voxels = try resampleVoxels(converted(image), onto: target, interpolation: interpolator, outside: 0, convert: DoubleCast())
        }
        return Float64Result(image: Volume(geometry: target, voxels: voxels), mask: try mask.resampledNearest(onto: target),
                             interpolated: true)
    }
}

/// The interpolated value itself (float64 output).
struct DoubleCast: VoxelConversion {
    @inline(__always) func callAsFunction(_ value: Double) -> Double { value }
}
