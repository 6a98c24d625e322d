import DICOMBackend

/// The description of an error without file paths (input paths may carry patient names when a receiver
/// sorted files by patient): DICOM errors as "code: message", others as they describe themselves.
public func safeDescription(_ error: Error) -> String {
    if let e = error as? DICOMError { return "\(e.code): \(e.message)" }
    return "\(error)"
}
