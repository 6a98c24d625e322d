/// A stack of parallel image planes at measured positions, as a CT or MR series delivers them: the planes
/// share one in-plane grid and orientation, but their positions may be gapped, variably spaced or sheared
/// (gantry tilt). ``layout`` says which; ``uniformGrid()`` gives the exact or resampling grid.
///
/// Geometry follows ``VolumeGeometry``: ``rowDirection`` is the i axis (DICOM ImageOrientationPatient
/// [0…2]), ``columnDirection`` the j axis (IOP [3…5]), both in LPS; positions are the centres of each
/// plane's first pixel (ImagePositionPatient), in LPS millimetres.
public struct PlaneStack: Sendable {
    /// Pixels per row (i extent).
    public var columns: Int
    /// Rows per plane (j extent).
    public var rows: Int
    /// Distance between column centres (DICOM PixelSpacing[1]) in mm.
    public var columnSpacing: Double
    /// Distance between row centres (DICOM PixelSpacing[0]) in mm.
    public var rowSpacing: Double
    /// Unit vector of increasing column index i.
    public var rowDirection: Vector3
    /// Unit vector of increasing row index j.
    public var columnDirection: Vector3
    /// Position of each plane's first pixel centre, sorted by ascending ``normalCoordinate(of:)``.
    public private(set) var positions: [Vector3]
    /// Acquisition numbering of each plane (e.g. DICOM InstanceNumber), same order as ``positions``, when
    /// known. It tells missing slices (holes in the numbering) from deliberately variable spacing.
    public var sequenceNumbers: [Int]?

    /// Creates a stack and sorts nothing: `positions` must already be in ascending order along the normal
    /// (use ``sortingOrder(of:rowDirection:columnDirection:)``).
    /// - Precondition: at least one plane, positive spacings, positions sorted.
    public init(columns: Int, rows: Int, columnSpacing: Double, rowSpacing: Double,
                rowDirection: Vector3, columnDirection: Vector3, positions: [Vector3]) {
        precondition(!positions.isEmpty && columns > 0 && rows > 0, "a stack needs at least one plane")
        precondition(columnSpacing > 0 && rowSpacing > 0, "pixel spacing must be positive")
        self.columns = columns
        self.rows = rows
        self.columnSpacing = columnSpacing
        self.rowSpacing = rowSpacing
        self.rowDirection = rowDirection.normalized
        self.columnDirection = columnDirection.normalized
        self.positions = positions
        let z = positions.map(normalCoordinate(of:))
        // Callers sort with ties (within 1e-9 mm) broken by acquisition order, so allow that much disorder.
        precondition(zip(z, z.dropFirst()).allSatisfy { $0 <= $1 + 1e-6 }, "positions must be sorted along the normal")
    }

    /// Plane normal `rowDirection × columnDirection` (the k axis of an unsheared grid).
    public var normal: Vector3 { rowDirection.cross(columnDirection).normalized }

    /// Coordinate of a point along the normal, in mm.
    public func normalCoordinate(of p: Vector3) -> Double { normal.dot(p) }

    /// The permutation that sorts `positions` by ascending coordinate along the normal (stable, so planes
    /// at equal positions keep their given order).
    public static func sortingOrder(of positions: [Vector3], rowDirection: Vector3,
                                    columnDirection: Vector3) -> [Int] {
        let n = rowDirection.cross(columnDirection).normalized
        return positions.indices.sorted { a, b in
            let za = n.dot(positions[a]), zb = n.dot(positions[b])
            return za != zb ? za < zb : a < b
        }
    }

    /// Offset of plane `p` within the plane, relative to plane 0, in index units (i, j).
    public func inPlaneOffset(ofPlane p: Int) -> (i: Double, j: Double) {
        let d = positions[p] - positions[0]
        return (rowDirection.dot(d) / columnSpacing, columnDirection.dot(d) / rowSpacing)
    }

    /// How the planes are laid out along the normal. See ``StackLayout`` for the tolerances.
    public var layout: StackLayout { StackLayout(analysing: self) }
}
