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
        let r = try resampled(imageGeometry: image.geometry, mask: mask, label: label, spacing: spacing, interpolator: interpolator,
                              padDistance: padDistance, crop: { converted(image.cropped(to: $0)) }) { reach, target in
            let source = reach.map { converted(image.cropped(to: $0)) } ?? converted(image)
            return Volume(geometry: target, voxels: try resampleVoxels(source, onto: target, interpolation: interpolator, outside: 0,
                                                                       convert: DoubleCast(), partOf: reach.map { (image.geometry, $0.lower) }))
        }
        return Float64Result(image: r.image, mask: r.mask, interpolated: r.interpolated)
    }
}

/// The interpolated value itself (float64 output).
struct DoubleCast: VoxelConversion {
    @inline(__always) func callAsFunction(_ value: Double) -> Double { value }
}
