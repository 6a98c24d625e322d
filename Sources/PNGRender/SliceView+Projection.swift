import VolumeModule

extension SliceView {
    /// Where a patient point falls on this view: the continuous pixel position `(x, y)` (pixel `(u, v)` has its
    /// centre at `(u, v)`; x to the right, y downward), the point being projected along the plane normal onto
    /// the displayed slice. `nil` when the geometry has no inverse.
    /// - Parameter point: LPS mm.
    public func pixelPosition(of point: Vector3) -> (x: Double, y: Double)? {
        guard let index = geometry.continuousIndex(at: point) else { return nil }
        func display(_ a: (axis: Int, flipped: Bool)) -> Double {
            let n = Self.count(geometry.size, a.axis), s = geometry.spacing.array[a.axis]
            let c = index.array[a.axis]
            return ((a.flipped ? Double(n - 1) - c : c) + 0.5) * s
        }
        return ((display(horizontalAxis) - originX) / pixelSize - 0.5, (display(verticalAxis) - originY) / pixelSize - 0.5)
    }

    /// The geometry of the displayed slice alone: this view's grid cut to one voxel along ``normalAxis`` at
    /// ``sliceIndex`` (same spacing and direction). A view of the same plane, point, pixel size and region on it
    /// has the same pixels as this one, so an image resampled onto it (e.g. another study through a
    /// registration) lines up pixel for pixel at the cost of one slice.
    public var sliceGeometry: VolumeGeometry {
        var size = geometry.size, index = [0, 0, 0]
        index[normalAxis] = sliceIndex
        switch normalAxis {
        case 0: size = Size3(1, size.j, size.k)
        case 1: size = Size3(size.i, 1, size.k)
        default: size = Size3(size.i, size.j, 1)
        }
        return VolumeGeometry(size: size, spacing: geometry.spacing,
                              origin: geometry.physicalPoint(i: index[0], j: index[1], k: index[2]), direction: geometry.direction)
    }
}
