/// Number of voxels along i (columns), j (rows) and k (slices).
public struct Size3: Hashable, Sendable, Codable, CustomStringConvertible {
    public var i: Int
    public var j: Int
    public var k: Int

    /// Creates a size. - Precondition: all counts are ≥ 0.
    public init(_ i: Int, _ j: Int, _ k: Int) {
        precondition(i >= 0 && j >= 0 && k >= 0, "sizes are non-negative")
        self.i = i
        self.j = j
        self.k = k
    }

    /// Total number of voxels.
    public var count: Int { i * j * k }

    /// Linear offset of voxel (i, j, k) in ITK order: `i + nx·(j + ny·k)`.
    @inlinable public func offset(_ i: Int, _ j: Int, _ k: Int) -> Int { i + self.i * (j + self.j * k) }

    /// Whether (i, j, k) lies inside the grid.
    @inlinable public func contains(_ i: Int, _ j: Int, _ k: Int) -> Bool {
        i >= 0 && j >= 0 && k >= 0 && i < self.i && j < self.j && k < self.k
    }

    public var description: String { "\(i)×\(j)×\(k)" }
}
