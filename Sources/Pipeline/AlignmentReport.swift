import DICOMBackend
import VolumeModule

/// `alignment.json`: how the phases of one study were put on one grid, per phase where its data came
/// from and how much of the grid it covers. No patient-identifying values: keys are keyed hashes, the
/// timepoint is a label and a day count, evidence strings carry no tag values.
public struct AlignmentReport: Sendable, Codable {
    /// The common grid.
    public struct Reference: Sendable, Codable, Equatable {
        /// `phase` (the grid of one volume) or `isotropic`.
        public var kind: String
        /// Phase of the reference volume (kind `phase`).
        public var phase: ContrastPhase?
        /// Volume name of the reference volume (kind `phase`).
        public var volume: String?
        /// Voxel size in mm (kind `isotropic`).
        public var spacing: Double?
        /// Union or intersection of the fields of view (kind `isotropic`).
        public var coverage: FieldOfViewCoverage?
        /// The grid every aligned file shares (LPS, ITK index order).
        public var geometry: VolumeGeometry
    }

    /// One aligned volume.
    public struct Entry: Sendable, Codable {
        /// Aligned image, relative to the output folder (`aligned/<phase>.nii.gz`).
        public var file: String
        /// Validity mask beside it (`aligned/<phase>-valid.nii.gz`): 1 where the voxel centre lies inside the
        /// source's field of view, 0 where ``AlignmentReport/fillValue`` was written.
        public var validMask: String
        /// Volume name (`se-…_n`) and series key, as `radstation convert` names them.
        public var volume: String
        public var seriesKey: String
        /// The phase with its confidence and evidence.
        public var phase: PhaseIdentification
        /// Whether this volume's grid is the reference grid.
        public var isReference: Bool
        /// The source grid.
        public var sourceGeometry: VolumeGeometry
        /// SliceThickness (0018,0050) in mm, if present.
        public var sliceThickness: Double?
        /// Centre of the source field of view minus centre of the reference grid's, LPS mm.
        public var fieldOfViewOffset: Vector3
        /// Component of ``fieldOfViewOffset`` along the reference grid's slice axis (the couch direction for
        /// axial scans), mm: the table offset between the two acquisitions' scan ranges.
        public var tableOffset: Double
        /// Fraction of reference-grid voxels whose centre lies inside this volume's field of view (0…1).
        public var overlapFraction: Double
        /// Reference-grid voxels inside / outside this volume's field of view.
        public var validVoxels: Int
        public var filledVoxels: Int
        /// Whether the volume shares the reference volume's FrameOfReferenceUID (0020,0052).
        public var sharesFrameOfReference: Bool
        /// Loader warnings of the source volume.
        public var warnings: [String]
    }

    public var generator: String
    public var studyKey: String
    /// Baseline or follow-up (post-TACE) timepoint of the study.
    public var timepoint: StudyTimepoint
    public var reference: Reference
    /// How values between source voxels were computed (ITK interpolators).
    public var interpolation: Interpolation
    /// Value written where a phase has no data (−1024 HU, air, for CT).
    public var fillValue: Float
    /// Stored voxel type of the aligned images.
    public var voxelType: String
    public var phases: [Entry]
    /// Image-based plausibility check of the phases (absent when switched off).
    public var imageCheck: PhaseImageCheck?
    public var warnings: [String]

    /// Current generator string.
    public static let generatorName = "RadStation 0.1 (alignment v1)"
}
