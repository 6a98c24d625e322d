import VolumeModule

/// What one output volume is made of, before any pixel is decoded: its planes (frames of instances),
/// why it was split from the rest of its series, and the identifiers needed to name it.
public struct VolumePlan: Sendable {
    /// Why a group of images became a volume of its own.
    public enum Role: String, Sendable, Codable {
        /// The acquisition itself.
        case primary
        /// A localizer/scout (ImageType LOCALIZER).
        case localizer
        /// Derived images (ImageType DERIVED), e.g. reformats or lossy re-encodings.
        case derived
        /// Secondary capture (screenshots).
        case secondaryCapture
    }

    /// One plane: a frame of an instance.
    public struct Plane: Sendable {
        /// Index into ``SeriesAssembly/instances``.
        public var instance: Int
        /// Frame within that instance.
        public var frame: FrameHeader
    }

    public var role: Role
    /// Reasons this volume was split from others in the same series (empty for the only volume).
    public var splitReasons: [String]
    /// The planes, in no particular order (the loader sorts them along the normal).
    public var planes: [Plane]
    public var modality: String
    public var sopClassUID: String
    public var pixelFormat: PixelFormat
    /// Orientation shared by all planes: row (i) and column (j) directions.
    public var rowDirection: Vector3
    public var columnDirection: Vector3
    /// PixelSpacing (row spacing, column spacing) in mm.
    public var pixelSpacing: (row: Double, column: Double)
    var studyInstanceUID: String
    var seriesInstanceUID: String
    var frameOfReferenceUID: String?
    /// 1-based number of this volume within its series (for naming).
    public var indexInSeries: Int
    /// InstanceNumber by instance index (for telling missing slices from variable spacing).
    var instanceNumbers: [Int: Int]
    /// The diffusion weighting shared by every plane of a diffusion-weighted volume (one volume per b-value and
    /// direction, ``SeriesAssembly``); `nil` for a series without diffusion weighting. A plane without a
    /// readable b-value in a diffusion series gets a volume of its own with `nil` here.
    public var diffusion: DiffusionEncoding? = nil
}

extension VolumePlan {
    /// The plane stack of `planes` (already sorted along the normal), with InstanceNumbers (or frame
    /// numbers of a multi-frame object) as sequence numbers.
    func stack(_ planes: [Plane]) -> PlaneStack {
        var s = PlaneStack(columns: pixelFormat.columns, rows: pixelFormat.rows, columnSpacing: pixelSpacing.column,
                           rowSpacing: pixelSpacing.row, rowDirection: rowDirection, columnDirection: columnDirection,
                           positions: planes.map { $0.frame.position! })
        // A mosaic's tiles share one InstanceNumber: their tile index orders them.
        let numbers = planes.map { $0.frame.tile ?? (pixelFormat.frames > 1 ? $0.frame.frame : (instanceNumbers[$0.instance] ?? -1)) }
        s.sequenceNumbers = numbers.contains(-1) ? nil : numbers
        return s
    }

    /// Layout of the planes along the normal, from positions alone (no pixels decoded).
    public var layout: StackLayout {
        let positions = planes.map { $0.frame.position! }
        let order = PlaneStack.sortingOrder(of: positions, rowDirection: rowDirection, columnDirection: columnDirection)
        return stack(order.map { planes[$0] }).layout
    }

    /// Identifying values of the first plane's file, for `--show-phi` displays only.
    public func identity(in instances: [DICOMInstance]) -> PatientIdentity { instances[planes[0].instance].identity }
}
