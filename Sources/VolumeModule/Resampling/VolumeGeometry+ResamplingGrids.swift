/// Which part of several fields of view a combined grid covers.
public enum FieldOfViewCoverage: String, Sendable, Hashable, Codable {
    /// Every voxel of every input grid (the bounding box of all of them).
    case union
    /// Only the region common to all input grids.
    case intersection
}

extension VolumeGeometry {
    /// An isotropic grid in the common direction of `geometries` covering the union or intersection of
    /// their fields of view (voxel edges, i.e. continuous indices `−0.5 … N − 0.5`), centred in that box.
    ///
    /// Size per axis `max(1, ⌈extent / spacing − 10⁻⁶⌉)`; the grid is centred on the box, so it overhangs
    /// (or falls short of) the box by less than half a voxel on each side.
    ///
    /// - Parameters:
    ///   - geometries: at least one grid; all directions must agree within `directionTolerance` and be
    ///     orthonormal.
    ///   - spacing: isotropic voxel size in mm (e.g. 1).
    ///   - coverage: union or intersection of the fields of view.
    ///   - directionTolerance: largest accepted direction-cosine difference.
    /// - Throws: ``VolumeModuleError/invalidSpacing(_:)``, ``VolumeModuleError/directionMismatch``,
    ///   ``VolumeModuleError/emptyIntersection``.
    public static func isotropicGrid(covering geometries: [VolumeGeometry], spacing: Double,
                                     coverage: FieldOfViewCoverage, directionTolerance: Double = 1e-4) throws
        -> VolumeGeometry
    {
        precondition(!geometries.isEmpty, "need at least one geometry")
        guard spacing > 0, spacing.isFinite else { throw VolumeModuleError.invalidSpacing(Vector3(spacing, spacing, spacing)) }
        let direction = geometries[0].direction
        guard direction.isOrthonormal(tolerance: directionTolerance) else { throw VolumeModuleError.directionMismatch }
        for g in geometries where g.direction.maxAbsDifference(direction) > directionTolerance {
            throw VolumeModuleError.directionMismatch
        }
        let axes = [direction.columns.0, direction.columns.1, direction.columns.2]
        var low = [Double](repeating: -.infinity, count: 3), high = [Double](repeating: .infinity, count: 3)
        if coverage == .union { low = [.infinity, .infinity, .infinity]; high = [-.infinity, -.infinity, -.infinity] }
        for g in geometries {
            var gLow = [Double](repeating: .infinity, count: 3), gHigh = [Double](repeating: -.infinity, count: 3)
            let n = g.size
            for corner in 0..<8 {
                let c = Vector3(corner & 1 == 0 ? -0.5 : Double(n.i) - 0.5, corner & 2 == 0 ? -0.5 : Double(n.j) - 0.5,
                                corner & 4 == 0 ? -0.5 : Double(n.k) - 0.5)
                let p = g.physicalPoint(at: c)
                for a in 0..<3 {
                    let u = axes[a].dot(p)
                    gLow[a] = min(gLow[a], u)
                    gHigh[a] = max(gHigh[a], u)
                }
            }
            for a in 0..<3 {
                if coverage == .union {
                    low[a] = min(low[a], gLow[a]); high[a] = max(high[a], gHigh[a])
                } else {
                    low[a] = max(low[a], gLow[a]); high[a] = min(high[a], gHigh[a])
                }
            }
        }
        var counts = [0, 0, 0]
        var first = Vector3.zero
        for a in 0..<3 {
            let extent = high[a] - low[a]
            guard extent > 0 else { throw VolumeModuleError.emptyIntersection }
            counts[a] = max(1, Int((extent / spacing - 1e-6).rounded(.up)))
            let centre = low[a] + extent / 2
            first = first + axes[a] * (centre - Double(counts[a] - 1) * spacing / 2)
        }
        return VolumeGeometry(size: Size3(counts[0], counts[1], counts[2]), spacing: Vector3(spacing, spacing, spacing),
                              origin: first, direction: direction)
    }

    /// The IBSI centre-aligned grid for new voxel spacing `newSpacing` (IBSI 1 §2.4 "Interpolation",
    /// grid alignment "align grid centers"): size `⌈N·s / s′⌉` per axis (ratio rounded up after a 10⁻⁹
    /// relative tolerance, so 0.7·10/0.7 gives 10), same direction, and the same centre as this grid.
    /// - Precondition: spacings are positive.
    public func centreAlignedGrid(spacing newSpacing: Vector3) -> VolumeGeometry {
        let old = [spacing.x, spacing.y, spacing.z], new = [newSpacing.x, newSpacing.y, newSpacing.z]
        let n = [size.i, size.j, size.k]
        var counts = [0, 0, 0]
        var originIndex = [0.0, 0.0, 0.0]
        for a in 0..<3 {
            precondition(new[a] > 0, "spacing must be positive")
            let ratio = Double(n[a]) * old[a] / new[a]
            counts[a] = max(1, Int((ratio * (1 - 1e-9)).rounded(.up)))
            // Old continuous index of the new first voxel: centre − (n′ − 1)/2 new voxels.
            originIndex[a] = Double(n[a] - 1) / 2 - Double(counts[a] - 1) / 2 * new[a] / old[a]
        }
        return VolumeGeometry(size: Size3(counts[0], counts[1], counts[2]), spacing: newSpacing,
                              origin: physicalPoint(at: Vector3(originIndex)), direction: direction)
    }
}
