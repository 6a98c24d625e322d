import VolumeModule

/// The longest in-plane diameter of a structure on the slice where it is largest (RECIST 1.1 / mRECIST
/// longest axial diameter, measured between voxel centres).
public struct AxialDiameter: Sendable, Codable, Hashable {
    /// Length in mm.
    public var length: Double
    /// The slice index `k` where it lies.
    public var slice: Int
    /// First end point, centre of a boundary voxel, LPS mm.
    public var start: Vector3
    /// Second end point, LPS mm.
    public var end: Vector3

    /// Creates a diameter.
    public init(length: Double, slice: Int, start: Vector3, end: Vector3) {
        self.length = length
        self.slice = slice
        self.start = start
        self.end = end
    }

    /// The longest diameter over all slices (`k` planes, axial for an axial series) of the non-zero voxels,
    /// or `nil` for an empty mask. A single voxel has length 0.
    ///
    /// Exact over voxel centres: on each slice, the farthest pair of voxel centres is a pair of vertices of
    /// the convex hull of the centres (Andrew's monotone chain on the outermost voxel of each row), which is
    /// searched pairwise — O(rows + h²) per slice, h = hull vertices, instead of O(n²) over all voxels. Ties
    /// go to the lowest slice, then the first pair found.
    /// - Throws: ``MaskMorphologyError/nonOrthonormalDirection`` (in-plane lengths need an orthonormal grid).
    public static func longest(in mask: Mask) throws -> AxialDiameter? {
        try MorphologySupport.checkOrthonormal(mask.geometry)
        let n = mask.size, s = mask.geometry.spacing
        var best: AxialDiameter?
        for k in 0..<n.k {
            // The first and last voxel of each row are the only hull candidates of that row.
            var candidates: [(Int, Int)] = []
            for j in 0..<n.j {
                var first = -1, last = -1
                let row = n.offset(0, j, k)
                for i in 0..<n.i where mask.voxels[row + i] != 0 {
                    if first < 0 { first = i }
                    last = i
                }
                if first >= 0 {
                    candidates.append((first, j))
                    if last != first { candidates.append((last, j)) }
                }
            }
            guard !candidates.isEmpty else { continue }
            let hull = convexHull(candidates.map { (Double($0.0) * s.x, Double($0.1) * s.y, $0.0, $0.1) })
            var bestSquared = -1.0, pair = (hull[0], hull[0])
            for a in 0..<hull.count {
                for b in a..<hull.count {
                    let dx = hull[a].0 - hull[b].0, dy = hull[a].1 - hull[b].1
                    let d = dx * dx + dy * dy
                    if d > bestSquared { bestSquared = d; pair = (hull[a], hull[b]) }
                }
            }
            let length = bestSquared.squareRoot()
            if best == nil || length > best!.length {
                best = AxialDiameter(length: length, slice: k,
                                     start: mask.geometry.physicalPoint(i: pair.0.2, j: pair.0.3, k: k),
                                     end: mask.geometry.physicalPoint(i: pair.1.2, j: pair.1.3, k: k))
            }
        }
        return best
    }

    /// Convex hull vertices (x mm, y mm, i, j) by Andrew's monotone chain; collinear points dropped.
    static func convexHull(_ points: [(Double, Double, Int, Int)]) -> [(Double, Double, Int, Int)] {
        let p = points.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        guard p.count > 2 else { return p }
        func cross(_ o: (Double, Double, Int, Int), _ a: (Double, Double, Int, Int), _ b: (Double, Double, Int, Int)) -> Double {
            (a.0 - o.0) * (b.1 - o.1) - (a.1 - o.1) * (b.0 - o.0)
        }
        var lower: [(Double, Double, Int, Int)] = [], upper: [(Double, Double, Int, Int)] = []
        for q in p {
            while lower.count >= 2 && cross(lower[lower.count - 2], lower[lower.count - 1], q) <= 0 { lower.removeLast() }
            lower.append(q)
        }
        for q in p.reversed() {
            while upper.count >= 2 && cross(upper[upper.count - 2], upper[upper.count - 1], q) <= 0 { upper.removeLast() }
            upper.append(q)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }
}
