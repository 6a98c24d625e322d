#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An affine map of patient space (LPS, millimetres): `p ↦ matrix · p + translation`.
///
/// This is ITK's `MatrixOffsetTransformBase` with the centre folded into the translation (ITK's "offset"):
/// a transform written with a centre `c` as `A·(p − c) + c + t` is ``init(matrix:center:translation:)``.
///
/// Direction matters: in resampling (``Volume/resampled(onto:through:interpolation:defaultValue:pixelType:)``)
/// the transform maps a point of the **target** (output) grid to the point of the **source** that is sampled
/// there — ITK `ResampleImageFilter`'s convention, and elastix's, whose transforms map fixed-image points to
/// moving-image points (elastix manual, section "Transforms").
public struct AffineTransform3D: Hashable, Sendable, Codable {
    /// The linear part (rotation, scaling, shear), acting on LPS millimetre vectors.
    public var matrix: Matrix3
    /// The translation in LPS millimetres (ITK's "offset": the image of the LPS origin).
    public var translation: Vector3

    /// Creates `p ↦ matrix · p + translation`.
    public init(matrix: Matrix3, translation: Vector3) {
        self.matrix = matrix
        self.translation = translation
    }

    /// Creates the centred form `p ↦ matrix · (p − center) + center + translation` (ITK's
    /// `SetCenter`/`SetTranslation`; elastix's `CenterOfRotationPoint` and the translation parameters).
    /// - Parameters:
    ///   - matrix: linear part.
    ///   - center: centre of rotation, LPS mm.
    ///   - translation: translation applied after the centred linear map, mm.
    public init(matrix: Matrix3, center: Vector3, translation: Vector3) {
        self.init(matrix: matrix, translation: center + translation - matrix * center)
    }

    /// The identity transform.
    public static let identity = AffineTransform3D(matrix: .identity, translation: .zero)

    /// A pure translation by `offset` (mm).
    public static func translation(_ offset: Vector3) -> AffineTransform3D {
        AffineTransform3D(matrix: .identity, translation: offset)
    }

    /// The image of `point` (LPS mm): `matrix · point + translation`.
    @inlinable public func transformPoint(_ point: Vector3) -> Vector3 {
        matrix * point + translation
    }

    /// The image of a displacement `vector` (mm): `matrix · vector` (no translation).
    @inlinable public func transformVector(_ vector: Vector3) -> Vector3 {
        matrix * vector
    }

    /// The transform that applies `first`, then this one: `p ↦ self(first(p))`.
    ///
    /// For example, elastix's composed chain of an initial transform `T₀` and a current transform `T₁`
    /// (`HowToCombineTransforms "Compose"`) is `T₁(T₀(p))` = `t1.composed(after: t0)`.
    public func composed(after first: AffineTransform3D) -> AffineTransform3D {
        AffineTransform3D(matrix: matrix * first.matrix, translation: matrix * first.translation + translation)
    }

    /// The inverse map, or `nil` when the matrix is singular.
    public var inverse: AffineTransform3D? {
        guard let m = matrix.inverse else { return nil }
        return AffineTransform3D(matrix: m, translation: -(m * translation))
    }

    /// Whether this is exactly the identity (every element; used to keep identity resampling on its own path).
    public var isIdentity: Bool { self == .identity }

    /// The largest distance (mm) between this transform's and `other`'s images of the given points: a
    /// geometric error measure for comparing a recovered transform with the truth.
    public func maxDistance(to other: AffineTransform3D, over points: [Vector3]) -> Double {
        points.map { (transformPoint($0) - other.transformPoint($0)).length }.max() ?? 0
    }
}

extension Matrix3 {
    /// The right-handed rotation by `angle` radians about `axis` (any non-zero length; Rodrigues' formula),
    /// acting on LPS vectors.
    /// - Precondition: `axis` is not the zero vector.
    public static func rotation(axis: Vector3, angle: Double) -> Matrix3 {
        precondition(axis.length > 0, "rotation axis must be non-zero")
        let u = axis.normalized
        let c = cos(angle), s = sin(angle), t = 1 - c
        return Matrix3(rowMajor: [
            t * u.x * u.x + c, t * u.x * u.y - s * u.z, t * u.x * u.z + s * u.y,
            t * u.x * u.y + s * u.z, t * u.y * u.y + c, t * u.y * u.z - s * u.x,
            t * u.x * u.z - s * u.y, t * u.y * u.z + s * u.x, t * u.z * u.z + c,
        ])
    }

    /// The sum of the diagonal elements.
    public var trace: Double { self[0, 0] + self[1, 1] + self[2, 2] }

    /// The angle (radians, 0…π) of the rotation nearest to this matrix when it is a rotation:
    /// `acos((trace − 1) / 2)`, clamped. For a general matrix, only meaningful after checking
    /// ``isOrthonormal(tolerance:)``.
    public var rotationAngle: Double {
        acos(Swift.min(1, Swift.max(-1, (trace - 1) / 2)))
    }
}
