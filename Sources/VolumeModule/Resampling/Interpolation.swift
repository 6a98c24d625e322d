/// How values between voxel centres are computed when resampling (ITK's interpolate image functions).
///
/// Every interpolator treats a point as inside the source when its continuous index lies in
/// `[−0.5, N − 0.5)` along each axis (ITK `ImageFunction::IsInsideBuffer`); other points get the default
/// value. Arithmetic is in `Double`.
public enum Interpolation: String, Sendable, Hashable, Codable, CaseIterable {
    /// Nearest neighbour (ITK `NearestNeighborInterpolateImageFunction`): index rounded half up
    /// (`Math::RoundHalfIntegerUp`).
    case nearest
    /// Trilinear (ITK `LinearInterpolateImageFunction`): neighbours past the last voxel are clamped, so
    /// the outer half voxel repeats the edge value.
    case linear
    /// Cubic B-spline (ITK `BSplineInterpolateImageFunction`, order 3): coefficients from
    /// `BSplineDecompositionImageFilter` over the whole source (mirror boundaries, tolerance 10⁻¹⁰),
    /// evaluated with mirrored support indices. May over/undershoot the source range.
    case bSpline
}

/// The voxel type an interpolated value is cast to, as ITK's `ResampleImageFilter` does when its output
/// pixel type is the input's (SimpleITK default, PyRadiomics 3.1.0).
///
/// Integer types clamp to their range and then **truncate toward zero** (`static_cast` in ITK
/// `CastPixelWithBoundsChecking`); `.float32` rounds to the nearest `Float`. The value is still stored in
/// a `Volume<Float>` (every integer of these types up to 2²⁴ is exact; `int32`/`uint32` beyond are
/// rounded).
public enum ResampledPixelType: String, Sendable, Hashable, Codable, CaseIterable {
    /// 32-bit float: no truncation (float images, e.g. NIfTI float32).
    case float32
    /// Signed/unsigned 8-, 16- and 32-bit integers: clamp, then truncate toward zero.
    case int8, uint8, int16, uint16, int32, uint32

    /// Inclusive range of an integer type, `nil` for `.float32`.
    public var integerRange: ClosedRange<Double>? {
        switch self {
        case .float32: return nil
        case .int8: return -128...127
        case .uint8: return 0...255
        case .int16: return -32768...32767
        case .uint16: return 0...65535
        case .int32: return -2147483648...2147483647
        case .uint32: return 0...4294967295
        }
    }

    /// Casts an interpolated value the way ITK does for this output type (NaN, undefined in ITK, becomes 0
    /// for integer types).
    @inlinable public func cast(_ value: Double) -> Float {
        guard let range = integerRange else { return Float(value) }
        if value.isNaN { return 0 }
        if value < range.lowerBound { return Float(range.lowerBound) }
        if value > range.upperBound { return Float(range.upperBound) }
        return Float(Double(Int(value)))
    }
}

