import VolumeModule

extension VoxelData {
    /// These voxels resampled onto `target` as `Float`, straight from the stored type: the same values as
    /// `floatVolume.resampled(onto:interpolation:defaultValue:)` (an `Int16` and its `Float` widen to the same
    /// `Double` before interpolation), without the `Float` copy of the whole source volume first.
    /// - Parameters:
    ///   - target: the output grid.
    ///   - interpolation: nearest, linear or cubic B-spline (see `Volume<Float>.resampled`).
    ///   - defaultValue: value of output voxels whose centre lies outside this volume.
    /// - Returns: a `Volume<Float>` on `target`.
    /// - Throws: `VolumeModuleError.singularGeometry` when this volume's direction is singular.
    public func resampled(onto target: VolumeGeometry, interpolation: Interpolation, defaultValue: Float) throws -> Volume<Float> {
        switch self {
        case .int16(let v): return try v.resampled(onto: target, interpolation: interpolation, defaultValue: defaultValue)
        case .float32(let v): return try v.resampled(onto: target, interpolation: interpolation, defaultValue: defaultValue)
        }
    }
}
