import VolumeModule

/// Everything a sidecar says about one volume, free of patient-identifying values: geometry,
/// classification, what was resampled, the acquired slice positions, and allow-listed acquisition physics.
public struct VolumeReport: Sendable, Codable {
    /// One acquired plane as found in the files.
    public struct AcquiredSlice: Sendable, Codable, Equatable {
        /// ImagePositionPatient (LPS mm).
        public var position: Vector3
        /// Coordinate along the slice normal (mm).
        public var normalCoordinate: Double
        /// Continuous k index of this plane in the output grid (an integer when it lies on a grid slice).
        public var outputSliceIndex: Double
        public var instanceNumber: Int?
        /// Frame number within a multi-frame file (0-based), when multi-frame.
        public var frame: Int?
        public var rescaleSlope: Double
        public var rescaleIntercept: Double
    }

    public var modality: String
    public var sopClass: String
    public var role: VolumePlan.Role
    public var splitReasons: [String]
    /// Transfer syntax UIDs of the files (standard UIDs, not patient data).
    public var transferSyntaxes: [String]
    /// "HU" for CT, otherwise "rescaled stored values".
    public var units: String
    /// Stored voxel type of the output ("int16" or "float32").
    public var voxelType: String
    public var geometry: VolumeGeometry
    /// Classification labels: uniform, gapped, variableSpacing, duplicatePositions, single, sheared.
    public var classification: [String]
    public var layout: StackLayout
    /// Whether the output grid differs from the acquired planes (resampled: linear along the normal,
    /// bilinear in plane for shear).
    public var resampled: Bool
    /// Output slices interpolated between acquired planes.
    public var interpolatedSlices: [Int]
    /// Voxels outside every acquired plane, set to ``fillValue``.
    public var filledVoxels: Int
    /// Value of filled and pixel-padding voxels (−1024 HU for CT, 0 otherwise).
    public var fillValue: Float
    /// Voxels whose stored value was PixelPaddingValue (or within the padding range), set to ``fillValue``.
    public var paddingVoxels: Int
    /// For CT: voxels below −1024 HU (out-of-field markers such as −2000/−3024), kept as is.
    public var voxelsBelowAir: Int
    public var acquiredSlices: [AcquiredSlice]
    public var warnings: [String]
    public var acquisition: AcquisitionAttributes
}
