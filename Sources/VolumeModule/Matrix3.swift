/// A 3×3 matrix of `Double` stored by columns.
///
/// In a ``VolumeGeometry`` the columns are the unit vectors of the i, j and k index axes in patient
/// space (ITK's `Direction`).
public struct Matrix3: Hashable, Sendable, Codable {
    /// The three columns.
    public var columns: (Vector3, Vector3, Vector3)

    /// Creates a matrix from its columns.
    public init(columns c0: Vector3, _ c1: Vector3, _ c2: Vector3) {
        columns = (c0, c1, c2)
    }

    /// Creates a matrix from 9 values in row-major order (`[m00, m01, m02, m10, …]`).
    public init(rowMajor v: [Double]) {
        precondition(v.count == 9, "Matrix3 needs 9 values")
        self.init(columns: Vector3(v[0], v[3], v[6]), Vector3(v[1], v[4], v[7]), Vector3(v[2], v[5], v[8]))
    }

    /// The identity matrix.
    public static let identity = Matrix3(columns: Vector3(1, 0, 0), Vector3(0, 1, 0), Vector3(0, 0, 1))

    /// Column `c` (0…2).
    public func column(_ c: Int) -> Vector3 {
        switch c {
        case 0: return columns.0
        case 1: return columns.1
        default: return columns.2
        }
    }

    /// Element at `row`, `column`.
    public subscript(row: Int, column: Int) -> Double {
        let c = self.column(column)
        return row == 0 ? c.x : (row == 1 ? c.y : c.z)
    }

    /// The values in row-major order.
    public var rowMajor: [Double] { (0..<3).flatMap { r in (0..<3).map { c in self[r, c] } } }

    /// Matrix–vector product.
    @inlinable public static func * (m: Matrix3, v: Vector3) -> Vector3 {
        m.columns.0 * v.x + m.columns.1 * v.y + m.columns.2 * v.z
    }

    /// Matrix product.
    public static func * (a: Matrix3, b: Matrix3) -> Matrix3 {
        Matrix3(columns: a * b.columns.0, a * b.columns.1, a * b.columns.2)
    }

    /// The transpose.
    public var transposed: Matrix3 {
        Matrix3(rowMajor: [self[0, 0], self[1, 0], self[2, 0], self[0, 1], self[1, 1], self[2, 1],
                           self[0, 2], self[1, 2], self[2, 2]])
    }

    /// The determinant.
    public var determinant: Double { columns.0.dot(columns.1.cross(columns.2)) }

    /// The inverse, or `nil` when the matrix is singular.
    public var inverse: Matrix3? {
        let (a, b, c) = columns
        let det = determinant
        guard abs(det) > 1e-12 else { return nil }
        // Rows of the inverse are the cross products of the columns, divided by the determinant.
        let r0 = b.cross(c) / det, r1 = c.cross(a) / det, r2 = a.cross(b) / det
        return Matrix3(rowMajor: [r0.x, r0.y, r0.z, r1.x, r1.y, r1.z, r2.x, r2.y, r2.z])
    }

    /// Whether the columns are unit length and mutually orthogonal within `tolerance`.
    public func isOrthonormal(tolerance: Double = 1e-4) -> Bool {
        let (a, b, c) = columns
        return abs(a.length - 1) <= tolerance && abs(b.length - 1) <= tolerance && abs(c.length - 1) <= tolerance
            && abs(a.dot(b)) <= tolerance && abs(a.dot(c)) <= tolerance && abs(b.dot(c)) <= tolerance
    }

    /// Largest absolute element difference.
    public func maxAbsDifference(_ o: Matrix3) -> Double {
        zip(rowMajor, o.rowMajor).map { abs($0 - $1) }.max() ?? 0
    }

    public static func == (a: Matrix3, b: Matrix3) -> Bool { a.rowMajor == b.rowMajor }
    public func hash(into h: inout Hasher) { h.combine(rowMajor) }

    private enum CodingKeys: String, CodingKey { case rowMajor }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let v = try c.decode([Double].self, forKey: .rowMajor)
        guard v.count == 9 else {
            throw DecodingError.dataCorruptedError(forKey: .rowMajor, in: c, debugDescription: "need 9 values")
        }
        self.init(rowMajor: v)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rowMajor, forKey: .rowMajor)
    }
}
