import VolumeModule

/// The ROI bounding-box crop that every feature class works on: intensities and ROI membership on the crop
/// grid (ITK order, `i` fastest — the same memory order as PyRadiomics' NumPy (z, y, x) arrays).
public struct CroppedROI: Sendable {
    /// Crop size along x (i), y (j), z (k).
    public var size: Size3
    /// Voxel spacing in mm along x, y, z.
    public var spacing: Vector3
    /// Intensities of every crop voxel (inside and outside the ROI).
    public var values: [Double]
    /// Whether each crop voxel belongs to the ROI.
    public var inROI: [Bool]
    /// Linear offsets (into ``values``) of the ROI voxels, in memory order.
    public let roiOffsets: [Int]

    /// Creates a crop. - Precondition: array sizes match `size`.
    public init(size: Size3, spacing: Vector3, values: [Double], inROI: [Bool]) {
        precondition(values.count == size.count && inROI.count == size.count, "crop arrays do not match the size")
        self.size = size
        self.spacing = spacing
        self.values = values
        self.inROI = inROI
        var offsets: [Int] = []
        offsets.reserveCapacity(size.count)
        for (n, inside) in inROI.enumerated() where inside { offsets.append(n) }
        self.roiOffsets = offsets
    }

    /// Creates a crop whose ROI offsets are already known (the same ROI over many images shares one array).
    /// - Precondition: array sizes match `size`; `roiOffsets` are the offsets where `inROI` is true, ascending.
    init(size: Size3, spacing: Vector3, values: [Double], inROI: [Bool], roiOffsets: [Int]) {
        precondition(values.count == size.count && inROI.count == size.count, "crop arrays do not match the size")
        self.size = size
        self.spacing = spacing
        self.values = values
        self.inROI = inROI
        self.roiOffsets = roiOffsets
    }

    /// Number of ROI voxels.
    public var voxelCount: Int { roiOffsets.count }

    /// The intensities of the ROI voxels, in memory order.
    public var roiValues: [Double] { roiOffsets.map { values[$0] } }
}
