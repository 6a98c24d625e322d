extension DICOMInstance {
    /// StudyInstanceUID and SOPInstanceUID, for durable catalogues only (the watcher's state database,
    /// which holds the UID ↔ key mapping): never write them to outputs, logs, paths or errors.
    /// `nil` when either is missing.
    public var catalogueUIDs: (study: String, sop: String)? {
        guard let study = studyInstanceUID, let sop = sopInstanceUID else { return nil }
        return (study, sop)
    }
}

extension DICOMInstance {
    /// Reads the whole file, pixel data included, and throws if it is damaged (truncated pixel data,
    /// premature end of stream) — the check a watcher runs before accepting a settled file.
    /// - Throws: ``DICOMError`` with the reason.
    public static func checkComplete(path: String) throws {
        _ = try DICOMFile(path: path, headerOnly: false)
    }
}
