/// An axis-aligned box of voxel indices, bounds inclusive: `lower.i…upper.i` × `lower.j…upper.j` ×
/// `lower.k…upper.k` in (column, row, slice) = ITK (x, y, z) order.
///
/// Used for the bounding box of a region of interest (PyRadiomics' `LabelStatisticsImageFilter` bbox) and for
/// crops.
public struct IndexBox: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Smallest index along each axis (inclusive).
    public var lower: Index3
    /// Largest index along each axis (inclusive).
    public var upper: Index3

    /// Creates a box. - Precondition: `lower ≤ upper` on every axis.
    public init(lower: Index3, upper: Index3) {
        precondition(lower.i <= upper.i && lower.j <= upper.j && lower.k <= upper.k, "empty index box")
        self.lower = lower
        self.upper = upper
    }

    /// Number of voxels along each axis.
    public var size: Size3 { Size3(upper.i - lower.i + 1, upper.j - lower.j + 1, upper.k - lower.k + 1) }

    /// Whether the index lies inside the box.
    @inlinable public func contains(_ i: Int, _ j: Int, _ k: Int) -> Bool {
        i >= lower.i && i <= upper.i && j >= lower.j && j <= upper.j && k >= lower.k && k <= upper.k
    }

    /// The box grown by `margin` voxels on every side, clamped to a grid of `size`.
    public func padded(by margin: Int, clampedTo size: Size3) -> IndexBox {
        IndexBox(lower: Index3(max(0, lower.i - margin), max(0, lower.j - margin), max(0, lower.k - margin)),
                 upper: Index3(min(size.i - 1, upper.i + margin), min(size.j - 1, upper.j + margin),
                               min(size.k - 1, upper.k + margin)))
    }

    public var description: String { "[\(lower.i)…\(upper.i), \(lower.j)…\(upper.j), \(lower.k)…\(upper.k)]" }
}

/// A voxel index (column i, row j, slice k), ITK order.
public struct Index3: Hashable, Sendable, Codable, CustomStringConvertible {
    public var i: Int
    public var j: Int
    public var k: Int

    /// Creates an index.
    @inlinable public init(_ i: Int, _ j: Int, _ k: Int) {
        self.i = i
        self.j = j
        self.k = k
    }

    public var description: String { "(\(i), \(j), \(k))" }
}
