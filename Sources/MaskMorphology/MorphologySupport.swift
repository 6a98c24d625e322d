import VolumeModule

/// Shared checks and helpers for the distance-based operations.
enum MorphologySupport {
    /// Slack (mm²) added to `r²` when testing `d² ≤ r²`, so a voxel at exactly the radius (e.g. 4 slices of
    /// 2.5 mm for r = 10 mm) is inside despite rounding. Far below any real difference of squared distances.
    static let squaredRadiusSlack = 1e-9

    /// Throws unless `radius` is finite and ≥ 0.
    static func check(radius: Double) throws {
        guard radius.isFinite, radius >= 0 else { throw MaskMorphologyError.invalidRadius(radius) }
    }

    /// Throws unless the grid's direction is orthonormal (distances from spacing alone are then physical).
    static func checkOrthonormal(_ geometry: VolumeGeometry) throws {
        guard geometry.direction.isOrthonormal(tolerance: 1e-3) else { throw MaskMorphologyError.nonOrthonormalDirection }
    }

    /// Throws unless `other` lies on the same grid as `reference`.
    static func checkCongruent(_ other: VolumeGeometry, _ reference: VolumeGeometry, what: String) throws {
        guard other.isCongruent(with: reference, tolerance: 1e-3) else { throw MaskMorphologyError.geometryMismatch(what: what) }
    }

    /// The smallest box holding every non-zero voxel, or `nil` for an empty mask.
    static func foregroundBox(_ mask: Mask) -> IndexBox? {
        let n = mask.size
        var lo = (Int.max, Int.max, Int.max), hi = (Int.min, Int.min, Int.min)
        mask.voxels.withUnsafeBufferPointer { b in
            var offset = 0
            for k in 0..<n.k {
                for j in 0..<n.j {
                    var rowLo = Int.max, rowHi = Int.min
                    for i in 0..<n.i {
                        if b[offset] != 0 {
                            if rowLo == Int.max { rowLo = i }
                            rowHi = i
                        }
                        offset &+= 1
                    }
                    if rowLo != Int.max {
                        lo = (min(lo.0, rowLo), min(lo.1, j), min(lo.2, k))
                        hi = (max(hi.0, rowHi), max(hi.1, j), max(hi.2, k))
                    }
                }
            }
        }
        return lo.0 == Int.max ? nil : IndexBox(lower: Index3(lo.0, lo.1, lo.2), upper: Index3(hi.0, hi.1, hi.2))
    }

    /// `box` grown by `margin` voxels per axis (i, j, k), clamped to the grid.
    static func grow(_ box: IndexBox, by margin: (Int, Int, Int), in size: Size3) -> IndexBox {
        IndexBox(lower: Index3(max(0, box.lower.i - margin.0), max(0, box.lower.j - margin.1), max(0, box.lower.k - margin.2)),
                 upper: Index3(min(size.i - 1, box.upper.i + margin.0), min(size.j - 1, box.upper.j + margin.1),
                               min(size.k - 1, box.upper.k + margin.2)))
    }

    /// Voxels per axis covered by `radius` mm (`ceil(radius / spacing)`), 0 along k for `.slices`.
    static func reach(_ radius: Double, _ spacing: Vector3, _ dimensionality: Dimensionality) -> (Int, Int, Int) {
        func steps(_ s: Double) -> Int { Int((radius / s).rounded(.up)) }
        return (steps(spacing.x), steps(spacing.y), dimensionality == .slices ? 0 : steps(spacing.z))
    }

    /// Squared distances (mm²) inside `box` from each voxel to the nearest voxel of the box for which
    /// `isFeature(maskValue)` holds; indices are box-local (ITK order).
    static func squaredDistances(in mask: Mask, box: IndexBox, dimensionality: Dimensionality,
                                 isFeature: (UInt8) -> Bool) -> [Double] {
        let sub = box.size, n = mask.size
        return mask.voxels.withUnsafeBufferPointer { b in
            EuclideanDistanceTransform.squaredDistances(size: sub, spacing: mask.geometry.spacing,
                                                        planar: dimensionality == .slices) { local in
                let i = local % sub.i, rest = local / sub.i
                let j = rest % sub.j, k = rest / sub.j
                return isFeature(b[n.offset(box.lower.i + i, box.lower.j + j, box.lower.k + k)])
            }
        }
    }

    /// A mask of zeros except inside `box`, where `value(localOffset, globalOffset)` decides.
    static func fill(_ geometry: VolumeGeometry, box: IndexBox, value: (Int, Int) -> Bool) -> Mask {
        var out = Mask(geometry: geometry, repeating: 0)
        let sub = box.size, n = geometry.size
        out.voxels.withUnsafeMutableBufferPointer { o in
            var local = 0
            for k in box.lower.k...box.upper.k {
                for j in box.lower.j...box.upper.j {
                    var global = n.offset(box.lower.i, j, k)
                    for _ in 0..<sub.i {
                        if value(local, global) { o[global] = 1 }
                        local &+= 1
                        global &+= 1
                    }
                }
            }
        }
        return out
    }
}
