/// A 3-vector of `Double`, used for points and directions in patient space (LPS, millimetres) and for
/// per-axis quantities such as voxel spacing.
public struct Vector3: Hashable, Sendable, Codable, CustomStringConvertible {
    public var x: Double
    public var y: Double
    public var z: Double

    /// Creates a vector from its three components.
    @inlinable
    public init(_ x: Double, _ y: Double, _ z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// Creates a vector from exactly three values. - Precondition: `values.count == 3`.
    public init(_ values: [Double]) {
        precondition(values.count == 3, "Vector3 needs exactly three values")
        self.init(values[0], values[1], values[2])
    }

    /// The zero vector.
    public static let zero = Vector3(0, 0, 0)

    /// The components as an array `[x, y, z]`.
    public var array: [Double] { [x, y, z] }

    /// Euclidean length.
    @inlinable public var length: Double { (x * x + y * y + z * z).squareRoot() }

    /// This vector scaled to unit length; the zero vector stays zero.
    public var normalized: Vector3 {
        let l = length
        return l > 0 ? self / l : self
    }

    /// Dot product.
    @inlinable public func dot(_ o: Vector3) -> Double { x * o.x + y * o.y + z * o.z }

    /// Cross product `self × o` (right-handed).
    @inlinable public func cross(_ o: Vector3) -> Vector3 {
        Vector3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x)
    }

    /// Largest absolute component difference (L∞ distance).
    public func maxAbsDifference(_ o: Vector3) -> Double {
        Swift.max(abs(x - o.x), abs(y - o.y), abs(z - o.z))
    }

    /// Component-wise product (e.g. spacing ⊙ index).
    @inlinable public func scaled(by o: Vector3) -> Vector3 { Vector3(x * o.x, y * o.y, z * o.z) }

    @inlinable public static func + (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x + b.x, a.y + b.y, a.z + b.z) }
    @inlinable public static func - (a: Vector3, b: Vector3) -> Vector3 { Vector3(a.x - b.x, a.y - b.y, a.z - b.z) }
    @inlinable public static func * (a: Vector3, s: Double) -> Vector3 { Vector3(a.x * s, a.y * s, a.z * s) }
    @inlinable public static func * (s: Double, a: Vector3) -> Vector3 { a * s }
    @inlinable public static func / (a: Vector3, s: Double) -> Vector3 { Vector3(a.x / s, a.y / s, a.z / s) }
    @inlinable public static prefix func - (a: Vector3) -> Vector3 { Vector3(-a.x, -a.y, -a.z) }

    public var description: String { "(\(x), \(y), \(z))" }
}
