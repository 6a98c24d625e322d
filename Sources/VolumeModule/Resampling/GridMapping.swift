/// Maps target voxel indices to source continuous indices through patient coordinates, with ITK's
/// operation order so results match `ResampleImageFilter` to the last bit wherever possible.
///
/// ITK (`ImageBase::TransformIndexToPhysicalPoint`, `TransformPhysicalPointToContinuousIndex`,
/// `ResampleImageFilter::LinearThreadedGenerateData`, ITK 5.x): the continuous indices of the first voxel of
/// an output row and of the voxel one past its end are computed exactly, and each voxel in between is
/// `start + α·(end − start)` with `α = i / nᵢ`. With a transform `T` (target LPS point → source LPS point,
/// ITK's convention), each of those two points goes through `T` before it becomes a source index, as in ITK's
/// linear-transform path; without one (identity), the mapping is exactly the patient-coordinates one.
struct GridMapping {
    /// Target `direction · diag(spacing)`, row-major.
    let toPhysical: [Double]
    let targetOrigin: [Double]
    /// Inverse of the source `direction · diag(spacing)`, row-major.
    let toSourceIndex: [Double]
    let sourceOrigin: [Double]
    let targetWidth: Int
    /// Target point → source point, row-major matrix then translation (`nil`: identity, skipped).
    let transform: (matrix: [Double], translation: [Double])?
    /// The first voxel of the part of the source actually held, when `source` is the grid of a larger volume of
    /// which only a box is resampled: indices are computed on the whole grid and the offset is subtracted from
    /// each voxel's final continuous index (``local(_:)``), an exact subtraction of whole numbers, so floors and
    /// fractions — and with them linear and B-spline values — equal the whole volume's.
    let offset: (Double, Double, Double)

    init(source: VolumeGeometry, target: VolumeGeometry, transform: AffineTransform3D = .identity,
         offset: Index3 = Index3(0, 0, 0)) throws {
        self.offset = (Double(offset.i), Double(offset.j), Double(offset.k))
        self.transform = transform.isIdentity ? nil : (transform.matrix.rowMajor, transform.translation.array)
        toPhysical = Self.indexToPhysical(target)
        targetOrigin = target.origin.array
        guard let inverse = Self.physicalToIndex(source) else { throw VolumeModuleError.singularGeometry }
        toSourceIndex = inverse
        sourceOrigin = source.origin.array
        targetWidth = target.size.i
    }

    /// `direction · diag(spacing)` row-major (each element one product, as vnl's matrix product with a
    /// diagonal factor).
    static func indexToPhysical(_ g: VolumeGeometry) -> [Double] {
        let s = g.spacing.array
        var m = [Double](repeating: 0, count: 9)
        for r in 0..<3 { for c in 0..<3 { m[3 * r + c] = g.direction[r, c] * s[c] } }
        return m
    }

    /// Inverse of `direction · diag(spacing)`. For an orthonormal direction this is
    /// `diag(1/spacing) · directionᵀ` (what ITK's SVD inverse gives for axis-aligned grids); otherwise a
    /// general inverse. `nil` when singular.
    static func physicalToIndex(_ g: VolumeGeometry) -> [Double]? {
        let s = g.spacing.array
        var m = [Double](repeating: 0, count: 9)
        if g.direction.isOrthonormal(tolerance: 1e-12) {
            for r in 0..<3 { for c in 0..<3 { m[3 * r + c] = g.direction[c, r] * (1 / s[r]) } }
            return m
        }
        guard let inv = g.indexToPhysical.inverse else { return nil }
        for r in 0..<3 { for c in 0..<3 { m[3 * r + c] = inv[r, c] } }
        return m
    }

    /// ITK `TransformIndexToPhysicalPoint` for a (possibly continuous) index: `origin[r] + Σ m[r][c]·index[c]`
    /// accumulated left to right.
    static func point(_ m: [Double], origin: [Double], _ index: (Double, Double, Double)) -> (Double, Double, Double) {
        var p = (origin[0], origin[1], origin[2])
        p.0 += m[0] * index.0; p.0 += m[1] * index.1; p.0 += m[2] * index.2
        p.1 += m[3] * index.0; p.1 += m[4] * index.1; p.1 += m[5] * index.2
        p.2 += m[6] * index.0; p.2 += m[7] * index.1; p.2 += m[8] * index.2
        return p
    }

    /// Source continuous index of target voxel (i, j, k), ITK order of operations.
    func sourceIndex(_ i: Int, _ j: Int, _ k: Int) -> (Double, Double, Double) {
        var p = Self.point(toPhysical, origin: targetOrigin, (Double(i), Double(j), Double(k)))
        if let t = transform {
            // ITK MatrixOffsetTransformBase::TransformPoint: Σ m[r][c]·p[c] + offset[r].
            let m = t.matrix
            var q = (0.0, 0.0, 0.0)
            q.0 += m[0] * p.0; q.0 += m[1] * p.1; q.0 += m[2] * p.2
            q.1 += m[3] * p.0; q.1 += m[4] * p.1; q.1 += m[5] * p.2
            q.2 += m[6] * p.0; q.2 += m[7] * p.1; q.2 += m[8] * p.2
            p = (q.0 + t.translation[0], q.1 + t.translation[1], q.2 + t.translation[2])
        }
        let d = (p.0 - sourceOrigin[0], p.1 - sourceOrigin[1], p.2 - sourceOrigin[2])
        let m = toSourceIndex
        var c = (0.0, 0.0, 0.0)
        c.0 += m[0] * d.0; c.0 += m[1] * d.1; c.0 += m[2] * d.2
        c.1 += m[3] * d.0; c.1 += m[4] * d.1; c.1 += m[5] * d.2
        c.2 += m[6] * d.0; c.2 += m[7] * d.1; c.2 += m[8] * d.2
        return c
    }

    /// A whole-grid continuous index in the held part's index space (minus ``offset``).
    @inline(__always) func local(_ c: (Double, Double, Double)) -> (Double, Double, Double) {
        (c.0 - offset.0, c.1 - offset.1, c.2 - offset.2)
    }

    /// Continuous indices (whole grid) of the row (j, k)'s first voxel and of the voxel one past its end.
    func row(_ j: Int, _ k: Int) -> (start: (Double, Double, Double), end: (Double, Double, Double)) {
        (sourceIndex(0, j, k), sourceIndex(targetWidth, j, k))
    }
}

/// Continuous index of voxel `i` of a row, `start + α·(end − start)`, `α = i / width` (ITK 5.x).
@inline(__always)
func rowIndex(_ row: (start: (Double, Double, Double), end: (Double, Double, Double)), _ i: Int, width: Int)
    -> (Double, Double, Double)
{
    let alpha = Double(i) / Double(width)
    return (row.start.0 + alpha * (row.end.0 - row.start.0), row.start.1 + alpha * (row.end.1 - row.start.1),
            row.start.2 + alpha * (row.end.2 - row.start.2))
}

/// ITK `IsInsideBuffer`: `−0.5 ≤ x < n − 0.5` on every axis (false for NaN).
@inline(__always)
func isInside(_ c: (Double, Double, Double), _ n: (Double, Double, Double)) -> Bool {
    c.0 >= -0.5 && c.0 < n.0 - 0.5 && c.1 >= -0.5 && c.1 < n.1 - 0.5 && c.2 >= -0.5 && c.2 < n.2 - 0.5
}

extension GridMapping {
    /// ITK `TransformContinuousIndexToPhysicalPoint`: `(Σ m[r][c]·index[c]) + origin[r]` (sum first, unlike
    /// the integer-index version).
    static func continuousPoint(_ g: VolumeGeometry, _ index: (Double, Double, Double)) -> Vector3 {
        let m = indexToPhysical(g)
        var p = [0.0, 0.0, 0.0]
        let o = g.origin.array
        for r in 0..<3 {
            var sum = 0.0
            sum += m[3 * r] * index.0
            sum += m[3 * r + 1] * index.1
            sum += m[3 * r + 2] * index.2
            p[r] = sum + o[r]
        }
        return Vector3(p)
    }

    /// ITK `TransformPhysicalPointToContinuousIndex` (inverse as in ``physicalToIndex(_:)``), or `nil` for a
    /// singular grid.
    static func continuousIndex(_ g: VolumeGeometry, _ p: Vector3) -> Vector3? {
        guard let m = physicalToIndex(g) else { return nil }
        let d = [p.x - g.origin.x, p.y - g.origin.y, p.z - g.origin.z]
        var c = [0.0, 0.0, 0.0]
        for r in 0..<3 {
            var sum = 0.0
            for k in 0..<3 { sum += m[3 * r + k] * d[k] }
            c[r] = sum
        }
        return Vector3(c)
    }
}
