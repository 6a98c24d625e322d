import VolumeModule

/// A display grid for one slice of a volume: which voxels feed which pixels, in radiological orientation
/// with square display pixels.
///
/// Orientation comes from the geometry's direction matrix: each index axis is matched to its nearest
/// patient (LPS) axis, so any axis-aligned acquisition — transposed, with flipped axes, or a
/// slightly tilted one (shown in its nearest axis-aligned orientation, not resliced) — lands the right way
/// round (see ``SlicePlane``). Physical aspect ratio: a display pixel is `pixelSize` mm square, so a
/// 0.7 × 5 mm voxel covers 1 × 7 display pixels at 0.7 mm.
///
/// Display coordinates are millimetres from the top-left corner of the volume's extent in the plane (voxel
/// edges, not centres). Pixel (u, v) has its centre at `(region.x0 + (u + 0.5)·pixelSize, region.y0 + (v + 0.5)·pixelSize)`.
public struct SliceView: Sendable {
    /// The plane.
    public let plane: SlicePlane
    /// The grid being sliced.
    public let geometry: VolumeGeometry
    /// Index axis (0 = i, 1 = j, 2 = k) shown horizontally, and whether it runs right-to-left.
    public let horizontalAxis: (axis: Int, flipped: Bool)
    /// Index axis shown vertically, and whether it runs bottom-to-top.
    public let verticalAxis: (axis: Int, flipped: Bool)
    /// Index axis normal to the plane.
    public let normalAxis: Int
    /// Index of the displayed slice along ``normalAxis``.
    public private(set) var sliceIndex: Int
    /// Display pixel size in mm (square).
    public let pixelSize: Double
    /// Left and top edges of the displayed region in display mm.
    public let originX: Double, originY: Double
    /// Output size in pixels.
    public let width: Int, height: Int

    /// Creates the display grid of `plane` through `point`.
    /// - Parameters:
    ///   - geometry: the volume's grid.
    ///   - plane: axial, coronal or sagittal.
    ///   - point: a patient point (LPS mm); the displayed slice is the one whose centre is nearest along
    ///     the plane normal.
    ///   - pixelSize: display pixel size in mm; `nil` = the finer in-plane spacing, coarsened only so
    ///     that the long side needs at most 1024 pixels, refined so that it gets at least 384.
    ///   - region: `(x, y)` ranges in display mm to show; `nil` = the whole extent.
    /// - Throws: ``PNGRenderError/ambiguousOrientation(direction:)``, ``PNGRenderError/pointOutsideVolume(point:)``.
    public init(geometry: VolumeGeometry, plane: SlicePlane, through point: Vector3, pixelSize: Double? = nil,
                region: (x: ClosedRange<Double>, y: ClosedRange<Double>)? = nil) throws {
        let axes = try Self.patientAxes(of: geometry.direction)
        func indexAxis(for patientAxis: Int, sign: Int) -> (axis: Int, flipped: Bool) {
            let a = axes.firstIndex { $0.axis == patientAxis }!
            return (a, axes[a].sign != sign)
        }
        self.plane = plane
        self.geometry = geometry
        horizontalAxis = indexAxis(for: plane.horizontal.axis, sign: plane.horizontal.sign)
        verticalAxis = indexAxis(for: plane.vertical.axis, sign: plane.vertical.sign)
        normalAxis = indexAxis(for: plane.normal, sign: 1).axis
        guard let index = geometry.continuousIndex(at: point) else {
            throw PNGRenderError.ambiguousOrientation(direction: geometry.direction)
        }
        let n = Self.count(geometry.size, normalAxis)
        let c = index.array[normalAxis]
        guard c >= -0.5, c <= Double(n) - 0.5 else { throw PNGRenderError.pointOutsideVolume(point: point) }
        sliceIndex = min(n - 1, max(0, Int((c + 0.5).rounded(.down))))
        let sx = geometry.spacing.array[horizontalAxis.axis], sy = geometry.spacing.array[verticalAxis.axis]
        let fullX = Double(Self.count(geometry.size, horizontalAxis.axis)) * sx
        let fullY = Double(Self.count(geometry.size, verticalAxis.axis)) * sy
        let rx = region?.x ?? 0...fullX, ry = region?.y ?? 0...fullY
        let longSide = max(rx.upperBound - rx.lowerBound, ry.upperBound - ry.lowerBound)
        let size = pixelSize ?? min(max(min(sx, sy), longSide / 1024), longSide / 384)
        precondition(size > 0, "pixel size must be positive")
        self.pixelSize = size
        originX = rx.lowerBound
        originY = ry.lowerBound
        width = max(1, Int(((rx.upperBound - rx.lowerBound) / size).rounded()))
        height = max(1, Int(((ry.upperBound - ry.lowerBound) / size).rounded()))
    }

    /// The nearest patient axis (0 = x, 1 = y, 2 = z) and its sign for each index axis (column of
    /// `direction`); throws when two index axes share a patient axis.
    static func patientAxes(of direction: Matrix3) throws -> [(axis: Int, sign: Int)] {
        let axes = (0..<3).map { c -> (axis: Int, sign: Int) in
            let v = direction.column(c).array
            let p = (0..<3).max { abs(v[$0]) < abs(v[$1]) }!
            return (p, v[p] >= 0 ? 1 : -1)
        }
        guard Set(axes.map(\.axis)).count == 3 else { throw PNGRenderError.ambiguousOrientation(direction: direction) }
        return axes
    }

    static func count(_ size: Size3, _ axis: Int) -> Int { axis == 0 ? size.i : (axis == 1 ? size.j : size.k) }

    /// Continuous index along an in-plane index axis for a display coordinate `t` (mm).
    @inline(__always) static func index(displayMM t: Double, spacing: Double, count: Int, flipped: Bool) -> Double {
        let idx = t / spacing - 0.5
        return flipped ? Double(count - 1) - idx : idx
    }

    /// Display mm range covered by index range `lower…upper` (voxel edges) along an in-plane axis.
    static func displayRange(lower: Int, upper: Int, spacing: Double, count: Int, flipped: Bool) -> ClosedRange<Double> {
        let a = flipped ? count - 1 - upper : lower, b = flipped ? count - 1 - lower : upper
        return Double(a) * spacing...Double(b + 1) * spacing
    }

    /// The display region (mm) covering an index box grown by `margin` mm on each side, for the `region`
    /// argument of ``init(geometry:plane:through:pixelSize:region:)``.
    public static func region(around box: IndexBox, in geometry: VolumeGeometry, plane: SlicePlane,
                              margin: Double) throws -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let centre = geometry.physicalPoint(i: box.lower.i, j: box.lower.j, k: box.lower.k)
        let view = try SliceView(geometry: geometry, plane: plane, through: centre, pixelSize: 1)
        let lo = [box.lower.i, box.lower.j, box.lower.k], hi = [box.upper.i, box.upper.j, box.upper.k]
        func range(_ a: (axis: Int, flipped: Bool)) -> ClosedRange<Double> {
            let r = displayRange(lower: lo[a.axis], upper: hi[a.axis], spacing: geometry.spacing.array[a.axis],
                                 count: count(geometry.size, a.axis), flipped: a.flipped)
            return (r.lowerBound - margin)...(r.upperBound + margin)
        }
        return (range(view.horizontalAxis), range(view.verticalAxis))
    }

    /// The same display grid on slice `index` along ``normalAxis``.
    /// - Precondition: `index` lies within the volume.
    public func onSlice(_ index: Int) -> SliceView {
        precondition(index >= 0 && index < Self.count(geometry.size, normalAxis), "slice outside the volume")
        var copy = self
        copy.sliceIndex = index
        return copy
    }

    /// Per-output-column (or row) sampling positions along one in-plane axis.
    struct AxisTable {
        var lower: [Int]  // voxel offset contribution of the lower neighbour
        var upper: [Int]  // … of the upper neighbour
        var weight: [Float]  // weight of the upper neighbour
        var nearest: [Int]  // offset contribution of the nearest voxel
        var inside: [Bool]  // whether the pixel centre lies within the volume's extent
    }

    func table(_ a: (axis: Int, flipped: Bool), origin: Double, pixels: Int) -> AxisTable {
        let n = Self.count(geometry.size, a.axis), s = geometry.spacing.array[a.axis]
        let stride = a.axis == 0 ? 1 : (a.axis == 1 ? geometry.size.i : geometry.size.i * geometry.size.j)
        var t = AxisTable(lower: [], upper: [], weight: [], nearest: [], inside: [])
        for p in 0..<pixels {
            let idx = Self.index(displayMM: origin + (Double(p) + 0.5) * pixelSize, spacing: s, count: n, flipped: a.flipped)
            let c = min(Double(n - 1), max(0, idx))
            let i0 = Int(c.rounded(.down)), i1 = min(i0 + 1, n - 1)
            t.lower.append(i0 * stride)
            t.upper.append(i1 * stride)
            t.weight.append(Float(c - Double(i0)))
            t.nearest.append(min(n - 1, max(0, Int((idx + 0.5).rounded(.down)))) * stride)
            t.inside.append(idx >= -0.5 && idx <= Double(n) - 0.5)
        }
        return t
    }

    var sliceOffset: Int {
        let stride = normalAxis == 0 ? 1 : (normalAxis == 1 ? geometry.size.i : geometry.size.i * geometry.size.j)
        return sliceIndex * stride
    }
}
