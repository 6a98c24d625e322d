import Dispatch

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
    /// - Parameters:
    ///   - target: the output grid (any size, spacing, origin, direction).
    ///   - interpolation: nearest, linear or cubic B-spline (the B-spline prefilter runs over this whole
    ///     volume, as ITK's).
    ///   - defaultValue: value of output voxels outside this volume (not cast).
    ///   - pixelType: how interpolated values are cast (default `.float32`).
    /// - Returns: a `Volume<Float>` on `target`.
    /// - Throws: ``VolumeModuleError/singularGeometry`` when this volume's direction is singular.
    public func resampled(onto target: VolumeGeometry, interpolation: Interpolation, defaultValue: Float = 0,
                          pixelType: ResampledPixelType = .float32) throws -> Volume<Float> {
        try resampleVolume(self, onto: target, interpolation: interpolation, defaultValue: defaultValue,
                           pixelType: pixelType)
    }
}

extension Volume where Voxel == Int16 {
    /// This integer volume resampled onto `target`; see `Volume<Float>.resampled(onto:interpolation:defaultValue:pixelType:)`.
    /// Pass `pixelType: .int16` to reproduce SimpleITK's output for an int16 image (truncation toward zero).
    public func resampled(onto target: VolumeGeometry, interpolation: Interpolation, defaultValue: Float = 0,
                          pixelType: ResampledPixelType = .float32) throws -> Volume<Float> {
        try resampleVolume(self, onto: target, interpolation: interpolation, defaultValue: defaultValue,
                           pixelType: pixelType)
    }
}

/// The resampling engine shared by all public entry points (specialised per voxel type in this module):
/// `Float` output cast with `pixelType`, default value where the point is outside the source.
func resampleVolume<V: InterpolatableVoxel>(_ source: Volume<V>, onto target: VolumeGeometry,
                                            interpolation: Interpolation, defaultValue: Float,
                                            pixelType: ResampledPixelType) throws -> Volume<Float> {
    let voxels = try resampleVoxels(source, onto: target, interpolation: interpolation, outside: defaultValue) {
        pixelType.cast($0)
    }
    return Volume(geometry: target, voxels: voxels)
}

/// Interpolates `source` at every voxel centre of `target` (ITK `ResampleImageFilter` linear-transform path)
/// and stores `convert(value)`, or `outside` for points outside the source buffer.
func resampleVoxels<V: InterpolatableVoxel, Out: BitwiseCopyable>(
    _ source: Volume<V>, onto target: VolumeGeometry, interpolation: Interpolation, outside: Out,
    convert: (Double) -> Out
) throws -> [Out] {
    let mapping = try GridMapping(source: source.geometry, target: target)
    let shape = SourceShape(source.geometry.size)
    let n = target.size
    var output = [Out](repeating: outside, count: n.count)
    guard n.count > 0, source.geometry.size.count > 0 else { return output }
    let coefficients = interpolation == .bSpline ? BSplineCoefficients(source).values : []
    withoutActuallyEscaping(convert) { convert in
        source.voxels.withUnsafeBufferPointer { src in
            coefficients.withUnsafeBufferPointer { coef in
                output.withUnsafeMutableBufferPointer { out in
                    let shared = UncheckedSendable((src, coef, out.baseAddress!, convert))
                    DispatchQueue.concurrentPerform(iterations: n.k) { k in
                        let (src, coef, out, convert) = shared.value
                        for j in 0..<n.j {
                            let row = mapping.row(j, k)
                            let base = out + n.i * (j + n.j * k)
                            for i in 0..<n.i {
                                let c = rowIndex(row, i, width: n.i)
                                guard isInside(c, shape.extent) else { continue }
                                let value: Double
                                switch interpolation {
                                case .nearest: value = nearestValue(src, shape, c).doubleValue
                                case .linear: value = linearValue(src, shape, c)
                                case .bSpline: value = bSplineValue(coef, shape, c)
                                }
                                base[i] = convert(value)
                            }
                        }
                    }
                }
            }
        }
    }
    return output
}
