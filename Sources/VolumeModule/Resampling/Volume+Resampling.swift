extension Volume where Voxel == Float {
    /// This volume resampled onto `target` through patient coordinates, as ITK/SimpleITK's
    /// `ResampleImageFilter` with an identity transform.
    ///
    /// Each target voxel centre (target index → LPS point, ``VolumeGeometry``) is mapped to a continuous
    /// index of this volume; points outside `[−0.5, N − 0.5)` on any axis get `defaultValue`, the others
    /// are interpolated in `Double` (``Interpolation``) and cast with `pixelType` (`.float32`: nearest
    /// `Float`; integer types: clamped, then truncated toward zero, as ITK when the output pixel type is
    /// an integer type). Parallel over output slices (`DispatchQueue.concurrentPerform`).
    ///
    /// With a `transform` other than the identity, each target voxel centre `x` is sampled at `transform(x)`
    /// instead (ITK `ResampleImageFilter` with a linear transform: the transform maps **output** points to
    /// **input** points). An elastix result (fixed → moving) thus carries the moving image onto the fixed grid.
    ///
    /// - Parameters:
    ///   - target: the output grid (any size, spacing, origin, direction).
    ///   - transform: target LPS point → this volume's LPS point (default: identity, patient coordinates).
    ///   - interpolation: nearest, linear or cubic B-spline (the B-spline prefilter runs over this whole
    ///     volume, as ITK's).
    ///   - defaultValue: value of output voxels outside this volume (not cast).
    ///   - pixelType: how interpolated values are cast (default `.float32`).
    /// - Returns: a `Volume<Float>` on `target`.
    /// - Throws: ``VolumeModuleError/singularGeometry`` when this volume's direction is singular.
    public func resampled(onto target: VolumeGeometry, through transform: AffineTransform3D = .identity,
                          interpolation: Interpolation, defaultValue: Float = 0,
                          pixelType: ResampledPixelType = .float32) throws -> Volume<Float> {
        try resampleVolume(self, onto: target, through: transform, interpolation: interpolation,
                           defaultValue: defaultValue, pixelType: pixelType)
    }
}

extension Volume where Voxel == Int16 {
    /// This integer volume resampled onto `target`; see `Volume<Float>.resampled(onto:through:interpolation:defaultValue:pixelType:)`.
    /// Pass `pixelType: .int16` to reproduce SimpleITK's output for an int16 image (truncation toward zero).
    public func resampled(onto target: VolumeGeometry, through transform: AffineTransform3D = .identity,
                          interpolation: Interpolation, defaultValue: Float = 0,
                          pixelType: ResampledPixelType = .float32) throws -> Volume<Float> {
        try resampleVolume(self, onto: target, through: transform, interpolation: interpolation,
                           defaultValue: defaultValue, pixelType: pixelType)
    }
}

extension Volume where Voxel == Int16 {
    /// This int16 volume resampled onto `target` with an int16 result, exactly as SimpleITK's
    /// `ResampleImageFilter` with its default output pixel type (the input's): interpolated in `Double`,
    /// clamped to −32768…32767 and truncated toward zero; `defaultValue` outside. Half the memory of the
    /// `Float` result (e.g. PyRadiomics-mode CT kept as HU integers).
    /// - Throws: ``VolumeModuleError/singularGeometry``.
    public func resampledInt16(onto target: VolumeGeometry, interpolation: Interpolation, defaultValue: Int16 = 0)
        throws -> Volume<Int16>
    {
        let voxels = try resampleVoxels(self, onto: target, interpolation: interpolation, outside: defaultValue,
                                        convert: Int16Cast())
        return Volume<Int16>(geometry: target, voxels: voxels)
    }
}

