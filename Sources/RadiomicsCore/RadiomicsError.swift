/// Why a radiomics extraction could not be done. Messages name the problem, never a value of a patient tag
/// (the core never sees DICOM attributes anyway).
public enum RadiomicsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The mask does not contain the requested label.
    case labelAbsent(label: Int)
    /// Image and mask are not on the same grid (size, spacing, origin or direction differ beyond the tolerance).
    case geometryMismatch(detail: String)
    /// The ROI is a single voxel, or spans fewer dimensions than `minimumROIDimensions`.
    case roiTooFewDimensions(dimensions: Int, required: Int)
    /// The ROI has no more voxels than `minimumROISize`.
    case roiTooSmall(voxels: Int, minimum: Int)
    /// shape2D needs an ROI one voxel thick along `force2Ddimension` (NumPy order: 0 = z, 1 = y, 2 = x); this one
    /// is `thickness` voxels thick (PyRadiomics `RadiomicsShape2D` raises `ValueError`).
    case roiNotSingleSlice(dimension: Int, thickness: Int)
    /// Resegmentation kept at most one voxel.
    case resegmentationEmptiedROI(kept: Int)
    /// A parameter file key that PyRadiomics 3.1.0 does not know (or we do not support), with its section.
    case unknownParameter(section: String, key: String)
    /// A parameter has a value of the wrong type or outside its allowed range.
    case invalidParameter(key: String, reason: String)
    /// The parameter file is not readable YAML/JSON.
    case unreadableParameterFile(reason: String)
    /// A feature name that the class does not define.
    case unknownFeature(featureClass: String, feature: String)
    /// A requested image type (filter) that is not implemented.
    case unsupportedImageType(String)
    /// A requested setting that this build does not implement yet (e.g. an interpolator).
    case unsupportedSetting(key: String, value: String)

    public var description: String {
        switch self {
        case .labelAbsent(let label): "label \(label) is not present in the mask"
        case .geometryMismatch(let detail): "image and mask geometry mismatch: \(detail)"
        case .roiTooFewDimensions(let d, let r):
            d == 0 ? "the ROI is a single voxel; features cannot be extracted from one voxel"
                : "the ROI spans \(d) dimension(s); minimumROIDimensions requires \(r)"
        case .roiTooSmall(let n, let m): "the ROI has \(n) voxels; minimumROISize requires more than \(m)"
        case .roiNotSingleSlice(let d, let t):
            "shape2D needs a single-slice ROI, but it is \(t) voxels thick along force2Ddimension \(d)"
        case .resegmentationEmptiedROI(let k): "resegmentation kept \(k) voxel(s); cannot extract features"
        case .unknownParameter(let s, let k): "unknown parameter '\(k)' in section '\(s)'"
        case .invalidParameter(let k, let r): "invalid value for parameter '\(k)': \(r)"
        case .unreadableParameterFile(let r): "cannot read the parameter file: \(r)"
        case .unknownFeature(let c, let f): "feature class '\(c)' has no feature '\(f)'"
        case .unsupportedImageType(let t): "image type '\(t)' is not supported"
        case .unsupportedSetting(let k, let v): "setting '\(k)' = '\(v)' is not supported"
        }
    }
}
