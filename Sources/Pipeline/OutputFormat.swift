/// Image file format of converted volumes.
public enum OutputFormat: String, Sendable, CaseIterable, Codable {
    /// NIfTI-1, gzip-compressed (`.nii.gz`).
    case niftiGz = "nii.gz"
    /// NIfTI-1, uncompressed (`.nii`).
    case nifti = "nii"
    /// NRRD with gzip encoding (`.nrrd`).
    case nrrd = "nrrd"
    /// NRRD with raw encoding (`.nrrd`).
    case nrrdRaw = "nrrd-raw"

    /// File name extension.
    public var fileExtension: String {
        switch self {
        case .niftiGz: return "nii.gz"
        case .nifti: return "nii"
        case .nrrd, .nrrdRaw: return "nrrd"
        }
    }
}
