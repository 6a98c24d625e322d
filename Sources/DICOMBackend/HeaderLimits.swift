/// The ranges RadStation accepts for header values that size memory or place voxels in space. A value
/// outside them is an error naming the attribute, never a trap, an overflow or a giant allocation (a
/// malformed or hostile file in a PACS export must not stop anything). The bounds are far outside what any
/// scanner writes.
public enum HeaderLimits {
    /// Rows and Columns: 1…65535 (VR US, DICOM PS3.3 C.7.6.3.1).
    public static let pixelExtent = 1...65535
    /// NumberOfFrames: at most this many (and never more than the pixel data holds).
    public static let maximumFrames = 1 << 20
    /// Largest |coordinate| of ImagePositionPatient, in mm (1 km: no patient is larger).
    public static let maximumCoordinate = 1e6
    /// PixelSpacing values, in mm.
    public static let pixelSpacing = 1e-4...1e4
    /// Largest |RescaleSlope|: stored values up to 2³² times it stay exact in 64-bit integer arithmetic.
    public static let maximumRescaleSlope = 1e6
    /// Largest |RescaleIntercept|.
    public static let maximumRescaleIntercept = 1e9
    /// Tolerance for ImageOrientationPatient: each direction cosine vector has length 1 ± this, and the
    /// cosine of the angle between the row and column vectors is at most this (DICOM PS3.3 C.7.6.2.1.1
    /// requires unit, orthogonal vectors; writers round to a few decimals).
    public static let orientationTolerance = 0.01
    /// Encapsulated (compressed) pixel data may declare at most this many decoded bytes per compressed
    /// byte present, plus ``compressedSlackBytes``: real codecs reach 2–100:1, and a blank frame is covered
    /// by the slack. Beyond it a header value lies, and decoding would allocate what the header declares.
    public static let maximumCompressionRatio = 1024
    /// Decoded bytes always allowed for encapsulated pixel data, whatever its compressed size.
    public static let compressedSlackBytes = 64 << 20
    /// Default ceiling for a volume assembled from many files or resampled: 2³⁰ voxels (4 GiB as float32).
    public static let defaultMaximumVoxels = 1 << 30
    /// A resampled grid (gaps, variable spacing, tilt) may hold at most this many times the voxels acquired;
    /// more means the slice positions lie (planes spread far beyond the slices present). Grids up to
    /// ``resamplingFloorVoxels`` are always allowed (a few slices far apart are a real, if odd, series).
    public static let maximumResamplingGrowth = 16
    /// Voxels a resampled grid may always have, whatever was acquired: 2²⁶ (256 MiB as float32).
    public static let resamplingFloorVoxels = 1 << 26
    /// Accepted b-values, in s/mm² (DiffusionBValue (0018,9087) and vendor equivalents): clinical scanners
    /// reach a few thousand, research systems tens of thousands.
    public static let diffusionBValue = 0.0...100_000.0
    /// Largest |component| of a gradient direction before normalisation (a unit vector, some writers scale it).
    public static let maximumDirectionComponent = 1.5
}
